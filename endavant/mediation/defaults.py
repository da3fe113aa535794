"""Default data of the mediation app: the glossary and the residents' questions (real
content, loaded everywhere), and for the Numérique 66 demo programme the research talk as one
real document plus fictional documents titled « Exemple : … ».

The fictional documents follow what the talk says was collected — « engagements explicites dans
le projet politique » and « vulgarisation du THD aux citoyens » between 2018 and 2021 — so that
the analysis pages have two periods to compare; their texts, dates and places are invented.
Every row goes through the services (the audit log says "system"); a second run changes
nothing, and a term or question the team edited is left as it is.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from endavant.core.services import SYSTEM
from endavant.mediation import glossary, services
from endavant.mediation.models import Document, FaqEntry, GlossaryTerm

SLUG = "numerique-66"
SEED_FILE = "mocquet-gouvernance-numerique-territoires-isoles.txt"

# (date, kind, title, audiences, commune index or None, domain index or None, action, text)
EXAMPLES: tuple[tuple[date, str, str, list[str], int | None, int | None, bool, str], ...] = (
    (
        date(2018, 3, 12), "flyer", "Exemple : le THD arrive dans votre commune",
        ["resident"], 0, None, False,
        "Exemple. Le déploiement du réseau FTTH sur le RIP départemental entre dans sa phase "
        "opérationnelle. Les NRO et les PM sont en cours d'installation par l'opérateur "
        "d'infrastructure délégataire de la DSP. Les prises raccordables seront ouvertes à la "
        "commercialisation auprès des FAI après le gel réglementaire de trois mois. Le "
        "raccordement final depuis le PBO relève de l'opérateur commercial.",
    ),
    (
        date(2018, 6, 4), "brochure", "Exemple : Numérique 66, la stratégie très haut débit",
        ["elected_official", "employee"], None, 0, False,
        "Exemple. La stratégie départementale repose sur la mutualisation des infrastructures, "
        "la montée en débit des zones non couvertes en ADSL et la construction de liaisons "
        "intersites entre les mairies dans le cadre d'un GFU. Le Plan France Très Haut Débit "
        "cofinance le réseau d'initiative publique hors zones AMII. Les débits symétriques de "
        "la fibre optique ouvrent de nouveaux usages numériques pour les services publics.",
    ),
    (
        date(2018, 10, 15), "press_release", "Exemple : ouverture des premières prises",
        ["resident", "business"], 1, None, False,
        "Exemple. Le Département annonce l'ouverture commerciale des premières prises "
        "raccordables du réseau d'initiative publique. Les opérateurs commerciaux peuvent "
        "désormais proposer leurs offres FTTH et FTTO aux particuliers et aux entreprises.",
    ),
    (
        date(2019, 2, 1), "commitment", "Exemple : engagement, relier les mairies isolées",
        ["elected_official"], None, 0, True,
        "Exemple. Nous nous engageons à relier les mairies des communes isolées au réseau "
        "public du Département avant la fin de l'année 2019, pour qu'elles partagent leurs "
        "logiciels et leurs données en sécurité.",
    ),
    (
        date(2020, 4, 20), "newsletter", "Exemple : lettre d'information, ateliers à distance",
        ["resident", "employee", "elected_official"], None, 1, False,
        "Exemple. Pendant le confinement, les ateliers du programme continuent à distance. "
        "Vous pouvez vous inscrire en ligne ou par téléphone auprès de votre mairie. Un "
        "médiateur numérique vous aide à installer l'outil de visioconférence.",
    ),
    (
        date(2021, 3, 8), "flyer", "Exemple : la fibre chez vous, mode d'emploi",
        ["resident"], 0, None, False,
        "Exemple. Votre logement peut avoir la fibre ? Voici comment faire. D'abord, vérifiez "
        "que votre adresse est raccordable, c'est-à-dire que la fibre passe près de chez vous. "
        "Ensuite, choisissez un fournisseur d'accès à internet. Un technicien vient poser une "
        "prise dans votre logement. C'est le raccordement : il dure deux à quatre heures. Vous "
        "avez une question ? Venez à l'atelier de votre commune.",
    ),
    (
        date(2021, 5, 17), "web_page", "Exemple : questions fréquentes sur la fibre",
        ["resident"], None, 1, False,
        "Exemple. Qu'est-ce que le très haut débit ? C'est un accès à internet rapide, d'au "
        "moins 30 mégabits par seconde. Qui construit le réseau ? Le Département, avec une "
        "entreprise. Qui vend l'abonnement ? L'opérateur commercial (le fournisseur d'accès à "
        "internet) que vous choisissez. Où me faire aider ? Un conseiller numérique vous "
        "accompagne gratuitement à la médiathèque.",
    ),
    (
        date(2021, 9, 30), "minutes", "Exemple : compte rendu de l'atelier habitants",
        ["resident"], 2, 2, False,
        "Exemple. Les habitants ont dit ce qu'ils attendent de la fibre : travailler depuis "
        "chez eux, suivre les cours en ligne, faire les démarches sans se déplacer. Ils "
        "demandent des ateliers près de chez eux et des explications simples.",
    ),
)  # fmt: skip


@transaction.atomic
def _glossary(stdout: TextIO) -> None:
    present = set(GlossaryTerm.objects.values_list("slug", flat=True))
    added = 0
    for entry in glossary.shipped_glossary():
        if entry["slug"] in present:
            continue
        services.glossary_term_save(
            actor=SYSTEM,
            slug=entry["slug"],
            term=entry["term"],
            short=entry["short"],
            definition=entry["definition"],
            variants=list(entry["variants"]),
            expansion=entry.get("expansion", ""),
            is_default=True,
        )
        added += 1
    present_faq = set(FaqEntry.objects.values_list("slug", flat=True))
    for order, entry in enumerate(glossary.shipped_faq()):
        if entry["slug"] in present_faq:
            continue
        services.faq_entry_save(
            actor=SYSTEM,
            slug=entry["slug"],
            question=entry["question"],
            answer=entry["answer"],
            order=order,
            is_default=True,
        )
        added += 1
    if added:
        stdout.write(f"mediation: {added} glossary terms and questions loaded\n")


def _communes() -> list[Any]:
    from endavant.territory.models import Commune
    from endavant.territory.selectors import communes_with_isolation

    communes = list(
        communes_with_isolation(Commune.objects.filter(departement__code="66")).order_by("code")
    )
    isolated = [c for c in communes if getattr(c, "is_isolated", None)]
    return (isolated + communes)[:3]


def _documents(stdout: TextIO) -> None:
    from endavant.programmes.models import Programme
    from endavant.roadmap.models import Action, FunctionalDomain

    programme = Programme.objects.filter(slug=SLUG).first()
    if programme is None or Document.objects.filter(programme=programme).exists():
        return
    seed = (glossary.DATA / SEED_FILE).read_bytes()
    services.document_save(
        actor=SYSTEM,
        programme=programme,
        upload=SimpleUploadedFile(SEED_FILE, seed, content_type="text/plain"),
        title="Gouvernance numérique des territoires isolés : Endavant! la symbiose…",
        kind=Document.Kind.PRESENTATION,
        # The talk cites an interview "réalisé en Avril 2021": it is later than that; the day
        # is not given, the summary says so.
        published_on=date(2021, 5, 1),
        audiences=[],
        language=Document.Language.FRENCH,
        source="Bertrand Mocquet, laboratoire MICA, université Bordeaux-Montaigne "
        "(diaporama d'une communication de recherche)",
        summary="La communication de recherche sur le dispositif Numérique 66 : contexte, "
        "question de recherche, méthode d'analyse de la communication aux acteurs entre 2018 "
        "et 2021, résultats et discussion. Date approchée : la communication est postérieure à "
        "l'entretien d'avril 2021 qu'elle cite (le jour n'est pas indiqué).",
    )
    communes = _communes()
    domains = list(FunctionalDomain.objects.filter(programme=programme).order_by("pk"))
    realised = list(
        Action.objects.filter(orientation__programme=programme, is_example=True).order_by("pk")[:1]
    )
    for published, kind, title, audiences, commune, domain, commits, text in EXAMPLES:
        services.document_save(
            actor=SYSTEM,
            programme=programme,
            title=title,
            kind=kind,
            published_on=published,
            audiences=audiences,
            source="Exemple : Département des Pyrénées-Orientales (document fictif)",
            text=text,
            is_example=True,
            communes=communes[commune : commune + 1] if commune is not None else [],
            domains=domains[domain : domain + 1] if domain is not None else [],
            actions=realised if commits else [],
        )
    stdout.write(
        f"mediation: 1 real document and {len(EXAMPLES)} example documents loaded (« Exemple »)\n"
    )


def load(stdout: TextIO) -> None:
    """Load the glossary, the questions and the demo library (a second run changes nothing)."""
    _glossary(stdout)
    _documents(stdout)
