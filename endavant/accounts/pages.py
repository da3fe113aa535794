from endavant.core.registry import BrowserPage

BROWSER_PAGES = [
    BrowserPage("login", "/compte/connexion/"),
    BrowserPage("sign up", "/compte/inscription/"),
    BrowserPage("sign up sent", "/compte/inscription/envoyee/"),
    BrowserPage("confirmation link invalid", "/compte/confirmer/MQ/not-a-token/"),
    BrowserPage("password reset", "/compte/mot-de-passe/"),
    BrowserPage("password reset sent", "/compte/mot-de-passe/envoye/"),
    BrowserPage("password reset link invalid", "/compte/mot-de-passe/MQ/not-a-token/"),
    BrowserPage("password reset complete", "/compte/mot-de-passe/termine/"),
    BrowserPage("data protection contact", "/compte/contact-dpo/"),
]
