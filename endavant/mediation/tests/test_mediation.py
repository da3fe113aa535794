"""THD explained to residents: glossary, questions, « Ma commune est-elle couverte ? », the
template library that explains terms where they appear; the analysis of documents over time;
the researchers' command; the default data."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.template import Context, Template

from endavant.core.models import AuditEntry
from endavant.core.services import SYSTEM
from endavant.mediation import defaults, glossary
from endavant.mediation.models import Document, FaqEntry, GlossaryTerm
from endavant.mediation.tests import files
from endavant.mediation.tests.factories import document as make_document

pytestmark = pytest.mark.django_db


def test_shipped_glossary_covers_the_terms_residents_meet():
    slugs = {e["slug"] for e in glossary.shipped_glossary()}
    assert {
        "ftth", "ftto", "nro", "point-de-mutualisation", "pbo", "raccordement",
        "prise-raccordable", "gfu", "tres-haut-debit", "operateur-infrastructure",
        "operateur-commercial", "reseau-initiative-publique", "zone-amii", "fibre-optique",
        "debit", "adsl", "4g-fixe", "satellite", "mutualisation", "dsp",
    } <= slugs  # fmt: skip
    for entry in glossary.shipped_glossary():
        assert len(entry["definition"]) > 80, entry["slug"]
        assert entry["short"]
        assert entry["variants"]
    assert len(glossary.shipped_faq()) >= 10


def test_load_defaults_is_idempotent_and_keeps_the_team_s_edits(make_programme):
    from endavant.mediation import services

    make_programme(slug="numerique-66", name="Numérique 66")
    defaults.load(io.StringIO())
    counts = (GlossaryTerm.objects.count(), FaqEntry.objects.count(), Document.objects.count())
    assert counts == (
        len(glossary.shipped_glossary()),
        len(glossary.shipped_faq()),
        1 + len(defaults.EXAMPLES),
    )
    ftth = GlossaryTerm.objects.get(slug="ftth")
    services.glossary_term_save(actor=SYSTEM, entry=ftth, short="Édité par l'équipe.")
    defaults.load(io.StringIO())
    assert (
        GlossaryTerm.objects.count(),
        FaqEntry.objects.count(),
        Document.objects.count(),
    ) == counts
    assert GlossaryTerm.objects.get(slug="ftth").short == "Édité par l'équipe."
    real = Document.objects.get(is_example=False)
    assert real.file_format == "text"
    assert real.original_name == defaults.SEED_FILE
    assert "Endavant" in real.content.text
    assert real.words > 1000
    assert all(d.title.startswith("Exemple") for d in Document.objects.filter(is_example=True))
    assert AuditEntry.objects.filter(action="glossary_term.create", actor_label="system").exists()


def test_glossary_and_faq_pages_fall_back_to_the_shipped_content(client):
    body = client.get("/glossaire/").content.decode()
    assert 'id="point-de-mutualisation"' in body
    assert "armoire" in body
    body = client.get("/comprendre/questions/").content.decode()
    assert "raccordable" in body
    body = client.get("/comprendre/").content.decode()
    assert 'href="/glossaire/#nro"' in body  # terms explained where they appear


def test_explain_terms_filter_escapes_and_links_the_first_occurrence_only():
    rendered = Template("{% load glossary %}{{ text|explain_terms }}").render(
        Context({"text": "<b>Le FTTH</b> et le FTTH, puis le raccordement."})
    )
    assert rendered.count('href="/glossaire/#ftth"') == 1
    assert '<abbr title="Fiber To The Home' in rendered
    assert "&lt;b&gt;" in rendered
    assert "<b>" not in rendered
    assert 'href="/glossaire/#raccordement"' in rendered


def test_explain_terms_once_remembers_the_page():
    rendered = Template(
        "{% load glossary %}<p>{% explain_terms_once a %}</p><p>{% explain_terms_once b %}</p>"
    ).render(Context({"a": "La fibre optique.", "b": "Encore la fibre optique et le NRO."}))
    assert rendered.count('href="/glossaire/#fibre-optique"') == 1
    assert rendered.count('href="/glossaire/#nro"') == 1


# --- Ma commune est-elle couverte ? ---------------------------------------------------------


@pytest.fixture
def communes(make_commune):
    from endavant.territory.models import CoverageObservation

    cyprien = make_commune(
        code="66171", name="Saint-Cyprien", search_name="saint cyprien", population=10000
    )
    make_commune(
        code="66172",
        name="Saint-Cyprien-de-Test",
        search_name="saint cyprien de test",
        population=10,
    )
    make_commune(code="66180", name="Sainte-Léocadie", search_name="sainte leocadie")
    for quarter, end, n in (("2017T3", date(2017, 9, 30), 100), ("2018T1", date(2018, 3, 31), 750)):
        CoverageObservation.objects.create(
            commune=cyprien, quarter=quarter, quarter_end=end, premises_connectable=n,
            premises_total=1000, source="ARCEP, observatoire",
        )  # fmt: skip
    return cyprien


def test_st_cyprien_gives_a_choice_with_insee_codes(client, communes):
    body = client.get("/comprendre/ma-commune/", {"commune": "st cyprien"}).content.decode()
    assert "?code=66171" in body
    assert "?code=66172" in body
    assert "66180" not in body
    assert body.index("66171") < body.index("66172")  # the larger commune first
    assert "Pyrénées-Orientales" in body


@pytest.mark.parametrize("typed", ["ste leocadie", "SAINTE-LÉOCADIE", "66180", "leocadie"])
def test_a_single_match_answers_at_once(client, communes, typed):
    body = client.get("/comprendre/ma-commune/", {"commune": typed}).content.decode()
    assert "Sainte-Léocadie" in body
    assert "No fibre coverage figure" in body or "Aucun chiffre" in body


def test_the_answer_gives_share_date_source_history_plans_workshops_and_contacts(
    client, communes, programme
):
    from endavant.roadmap.tests import factories as roadmap_factories
    from endavant.territory.models import PublicSite
    from endavant.workshops.tests.factories import workshop

    programme.territory = communes.departement
    programme.save()
    action = roadmap_factories.action(
        roadmap_factories.orientation(programme), title="Relier la mairie"
    )
    action.communes.add(communes)
    workshop(programme, title="Atelier fibre", commune=communes)
    PublicSite.objects.create(
        kind="town_hall", name="Mairie de Saint-Cyprien", commune=communes, phone="04 68 00 00 00",
        longitude=3.0, latitude=42.6, source="Annuaire",
    )  # fmt: skip
    body = client.get("/comprendre/ma-commune/", {"code": "66171"}).content.decode()
    assert "75,0" in body  # the latest share (2018T1)
    assert "31 mars 2018" in body
    assert "ARCEP, observatoire" in body
    assert "10,0" in body  # the first quarter, in the history
    assert "<svg" in body
    assert "<table" in body
    assert "Relier la mairie" in body
    assert "Atelier fibre" in body
    assert "Mairie de Saint-Cyprien" in body
    assert "04 68 00 00 00" in body


def test_unknown_commune_and_hostile_codes(client, communes):
    assert client.get("/comprendre/ma-commune/", {"code": "99999"}).status_code == 404
    assert client.get("/comprendre/ma-commune/", {"code": "<x>"}).status_code == 404
    body = client.get("/comprendre/ma-commune/", {"commune": "zzzzz"}).content.decode()
    assert "zzzzz" in body


def test_home_and_commune_sections(client, communes, programme):
    make_document(programme, title="Flyer de Saint-Cyprien", communes=[communes])
    body = client.get("/").content.decode()
    assert 'action="/comprendre/ma-commune/"' in body
    assert "Flyer de Saint-Cyprien" in body
    body = client.get("/communes/66171/").content.decode()
    assert "/comprendre/ma-commune/?code=66171" in body
    assert "Flyer de Saint-Cyprien" in body


# --- Analysis -------------------------------------------------------------------------------


@pytest.fixture
def periods(programme):
    from endavant.roadmap.tests import factories as roadmap_factories

    done = roadmap_factories.action(
        roadmap_factories.orientation(programme),
        title="Mairies reliées",
        status="done",
        started_on=date(2018, 9, 1),
        ended_on=date(2019, 6, 1),
    )
    make_document(
        programme, title="Flyer 2018", published_on=date(2018, 3, 1), audiences=["resident"],
        text="Le déploiement FTTH sur le RIP : les NRO et les PM. "
        "Le PBO relève de l'opérateur commercial.",
    )  # fmt: skip
    make_document(
        programme, title="Engagement 2018", kind="commitment", published_on=date(2018, 9, 1),
        audiences=["elected_official"], actions=[done], text="Nous relierons les mairies.",
    )  # fmt: skip
    make_document(
        programme, title="Flyer 2021", published_on=date(2021, 3, 1), audiences=["resident"],
        text="Votre maison peut avoir la fibre. Un technicien vient chez vous. C'est simple.",
    )  # fmt: skip


def test_analysis_compares_two_periods(client, periods):
    body = client.get(
        "/documents/analyse/",
        {"a_du": "2018-01-01", "a_au": "2018-12-31", "b_du": "2021-01-01", "b_au": "2021-12-31"},
    ).content.decode()
    assert "Engagement 2018" in body
    assert "Mairies reliées" in body
    assert body.count("<svg") >= 3
    assert "<title" in body
    assert "FTTH (fibre" in body  # jargon of 2018


def test_analysis_numbers(periods, programme):
    from django.utils import translation

    from endavant.mediation import analysis

    with translation.override("en"):
        result = analysis.document_analysis(
            programme,
            analysis.Period(date(2018, 1, 1), date(2018, 12, 31)),
            analysis.Period(date(2021, 1, 1), date(2021, 12, 31)),
        )
    summary = {row[0]: row[1:] for row in result.table("synthese").rows}
    assert summary["Documents"] == (2, 1)
    assert result.count_a == 2
    assert result.count_b == 1
    jargon_a, jargon_b = summary["Share of words in technical terms (%)"]
    assert jargon_a > 20
    assert jargon_a > 3 * jargon_b
    readability_a, readability_b = summary[
        "Readability of all the text (Kandel–Moles, higher = easier)"
    ]
    assert readability_b > readability_a
    commitments = result.table("engagements").rows
    assert [(r[1], r[3], r[4]) for r in commitments] == [("Engagement 2018", 1, 1)]
    only_residents = analysis.document_analysis(
        programme,
        analysis.Period(date(2018, 1, 1), date(2018, 12, 31)),
        analysis.Period(date(2021, 1, 1), date(2021, 12, 31)),
        audience="resident",
    )
    assert only_residents.count_a == 1


def test_analysis_csv_and_bad_input(client, periods):
    response = client.get("/documents/analyse/", {"serie": "synthese", "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200
    assert "Documents" in body
    assert client.get("/documents/analyse/", {"serie": "nope", "format": "csv"}).status_code == 404
    response = client.get("/documents/analyse/", {"a_du": "2021-01-01", "a_au": "2018-01-01"})
    assert response.status_code == 200


# --- The researchers' command ---------------------------------------------------------------


def test_command_analyses_files_without_storing_them(tmp_path):
    (tmp_path / "a.txt").write_text("Le chat dort. Il fait beau.", encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(
        files.docx(["Le FTTH arrive. Le NRO (nœud de raccordement optique) est prêt."])
    )
    out = io.StringIO()
    call_command(
        "documents", "analyse", str(tmp_path / "a.txt"), str(tmp_path / "b.docx"), stdout=out
    )
    lines = out.getvalue().strip().splitlines()
    header = lines[0].split(",")
    assert header[:4] == ["file", "format", "words", "sentences"]
    first = dict(zip(header, lines[1].split(","), strict=True))
    assert (first["words"], first["sentences"], first["readability_fr"]) == ("6", "2", "130.36")
    second = dict(zip(header, lines[2].split(","), strict=True))
    assert second["jargon_terms"].split("|") == [
        "FTTH (fibre jusqu'à l'abonné)",
        "NRO (nœud de raccordement optique)",
    ]
    assert second["jargon_count"] == "3"  # FTTH, NRO and its long form
    assert second["explained_terms"] == "NRO (nœud de raccordement optique)"
    assert not Document.objects.exists()


def test_command_json_and_an_unreadable_file(tmp_path, capsys):
    (tmp_path / "ok.txt").write_text("La fibre optique arrive.", encoding="utf-8")
    (tmp_path / "faux.pdf").write_bytes(b"pas un pdf")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "documents", "analyse", str(tmp_path / "faux.pdf"), str(tmp_path / "ok.txt"),
            str(tmp_path / "absent.txt"), "--format", "json", stdout=out, stderr=err,
        )  # fmt: skip
    assert exit_.value.code == 1
    rows = json.loads(out.getvalue())
    assert [r["file"].rsplit("/", 1)[1] for r in rows] == ["ok.txt"]
    assert rows[0]["jargon_terms"] == "Fibre optique"
    assert "faux.pdf" in err.getvalue()
    assert "absent.txt" in err.getvalue()


def test_command_works_without_a_glossary_in_the_database(tmp_path):
    assert not GlossaryTerm.objects.exists()
    (tmp_path / "a.txt").write_text("Le THD et la DSP.", encoding="utf-8")
    out = io.StringIO()
    call_command("documents", "analyse", str(tmp_path / "a.txt"), "--format", "json", stdout=out)
    assert (
        json.loads(out.getvalue())[0]["jargon_terms"]
        == "Très haut débit (THD)|DSP (délégation de service public)"
    )


def test_datasets(periods, programme):
    from endavant.core import registry

    datasets = registry.datasets()
    rows = list(datasets["documents"].rows(programme))
    assert len(rows) == 3
    assert len(rows[0]) == len(datasets["documents"].columns)
    assert {r[1] for r in rows} == {"Flyer 2018", "Engagement 2018", "Flyer 2021"}
    glossary_rows = list(datasets["glossaire"].rows(None))
    assert len(glossary_rows) == len(glossary.shipped_glossary())
