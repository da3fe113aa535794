from endavant.core.registry import BrowserPage


def _directory_with_data() -> str:
    from endavant.actors.tests.factories import MembershipFactory

    membership = MembershipFactory.create(
        organisation__name="Médiathèque d'Exemple", person__full_name="Camille Exemple"
    )
    return f"/acteurs/?q=mediatheque&page=1#{membership.pk}"


def _organisation() -> str:
    from endavant.actors.tests.factories import CommuneFactory, MembershipFactory

    membership = MembershipFactory.create(
        organisation__name="Association Exemple fictif",
        organisation__is_fictional=True,
        organisation__description="Exemple fictif.",
        person__full_name="Camille Exemple",
        person__is_fictional=True,
    )
    membership.organisation.communes_served.add(CommuneFactory(name="Prades", code="66149"))
    return f"/acteurs/{membership.organisation_id}/"


BROWSER_PAGES = [
    BrowserPage("directory", "/acteurs/"),
    BrowserPage("directory with data", _directory_with_data),
    BrowserPage("organisation", _organisation),
]
