"""Imports of past programmes: the shipped samples, idempotent re-runs, all-or-nothing on a bad
file (the error names the line), pseudonymised authors, participation events."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from endavant.core.models import AuditEntry, ParticipationEvent
from endavant.imports import sources
from endavant.imports.models import (
    ImportedItem,
    ImportedProgramme,
    ParticipantsByDepartement,
)
from endavant.programmes.models import Programme

pytestmark = pytest.mark.django_db

DECIDIM_PROPOSALS = (
    "id,category/id,category/name/en,category/name/fr,scope/id,scope/name/en,scope/name/fr,"
    "title,body,votes,comments,created_at,url,component/id,meeting_urls\n"
    '457,,,,,,,Collectivités,"Accentuer, mutualiser",2,0,2019-01-24 22:29:15 +0100,'
    "http://participation.example/proposals/457,111,\n"
    "458,,,,,,,Linky,Non,5,1,2019-01-25 10:00:00 +0100,,111,\n"
)
DECIDIM_COMMENTS = (
    "id,created_at,body,author/id,alignment,depth,user_group/id,commentable_id,"
    "commentable_type,root_commentable_url\n"
    "1,2019-01-26 08:00:00 +0100,D'accord,77,1,0,,458,Decidim::Proposals::Proposal,\n"
    "2,2019-01-26 09:00:00 +0100,Pas d'accord,78,-1,0,,458,Decidim::Proposals::Proposal,\n"
    "3,2019-01-26 09:30:00 +0100,Encore moi,77,0,1,,1,Decidim::Comments::Comment,\n"
)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("imports", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _decidim(tmp_path: Path, comments: str = DECIDIM_COMMENTS) -> Path:
    (tmp_path / "proposals.csv").write_text(DECIDIM_PROPOSALS, encoding="utf-8")
    (tmp_path / "proposal_comments.csv").write_text(comments, encoding="utf-8")
    return tmp_path


def test_decidim_import_creates_an_archived_imported_programme_with_events(tmp_path):
    _run("decidim", str(_decidim(tmp_path)), "--programme", "passe")
    programme = Programme.objects.get(slug="passe")
    assert programme.is_archived
    record = ImportedProgramme.objects.get(programme=programme)
    assert record.platform == "decidim"
    assert record.licence
    assert record.source
    items = ImportedItem.objects.filter(programme=programme)
    assert items.count() == 5
    assert set(items.values_list("kind", flat=True)) == {"proposal", "comment"}
    first = items.get(source_id="proposal_comments.csv:1")
    assert first.parent.source_id == "proposals.csv:458"
    assert items.get(source_id="proposal_comments.csv:3").parent == first
    # Authors are pseudonyms: same author, same pseudonym; no source id stored.
    authors = dict(items.filter(kind="comment").values_list("source_id", "author"))
    assert authors["proposal_comments.csv:1"] == authors["proposal_comments.csv:3"]
    assert authors["proposal_comments.csv:1"] != authors["proposal_comments.csv:2"]
    assert all(len(a) == 16 and a not in ("77", "78") for a in authors.values())
    events = ParticipationEvent.objects.filter(kind__startswith="imported.")
    assert events.count() == 5
    assert sorted(events.values_list("kind", flat=True)).count("imported.comment") == 3
    assert AuditEntry.objects.filter(action="imports.run").count() == 1


def test_a_second_run_adds_nothing_and_a_longer_file_adds_only_what_is_new(tmp_path):
    folder = _decidim(tmp_path)
    _run("decidim", str(folder), "--programme", "passe")
    output = _run("decidim", str(folder), "--programme", "passe")
    assert "0 created, 5 already there" in output
    assert ImportedItem.objects.count() == 5
    assert ParticipationEvent.objects.count() == 5
    longer = DECIDIM_COMMENTS + "4,2019-01-27 08:00:00 +0100,Nouveau,77,0,0,,457,"
    longer += "Decidim::Proposals::Proposal,\n"
    _run("decidim", str(_decidim(tmp_path, longer)), "--programme", "passe")
    assert ImportedItem.objects.count() == 6
    assert ParticipationEvent.objects.count() == 6
    authors = set(ImportedItem.objects.filter(kind="comment").values_list("author", flat=True))
    assert len(authors) == 2  # the new comment's author keeps the pseudonym of the first run


@pytest.mark.parametrize(
    ("line", "bad", "message"),
    [
        ("3,2019-01-26 09:30:00 +0100,x,77,0,1,,1,Decidim::Comments::Comment", 4, "10"),
        ("3,hier,x,77,0,1,,1,Decidim::Comments::Comment,\n", 4, "created_at"),
        ("trois,2019-01-26 09:30:00 +0100,x,77,0,1,,1,Decidim::Comments::Comment,\n", 4, "id"),
        ("3,2019-01-26 09:30:00 +0100,x,77,0,1,,1,Decidim::Other,\n", 4, "commentable_type"),
    ],
)
def test_a_malformed_line_is_named_and_nothing_is_imported(tmp_path, line, bad, message):
    """The last line is broken (too few cells, a bad date, a bad id, an unknown type)."""
    comments = DECIDIM_COMMENTS.rsplit("3,", 1)[0] + line
    with pytest.raises(CommandError) as caught:
        _run("decidim", str(_decidim(tmp_path, comments)), "--programme", "passe")
    text = str(caught.value)
    # The position is given in the visitor's language (French by default: "ligne").
    assert re.search(rf"proposal_comments\.csv, (line|ligne) {bad}\b", text), text
    assert message in text
    assert not ImportedItem.objects.exists()
    assert not Programme.objects.filter(slug="passe").exists()
    assert not ParticipationEvent.objects.exists()


def test_a_multi_line_record_counts_its_lines(tmp_path):
    comments = DECIDIM_COMMENTS.replace("D'accord", '"D\'accord\nsur deux lignes"')
    comments += "9,demain,x,77,0,0,,458,Decidim::Proposals::Proposal,\n"
    with pytest.raises(CommandError, match=r"(line|ligne) 6"):
        _run("decidim", str(_decidim(tmp_path, comments)))


def test_consul_sample_imports_threaded_comments():
    _run("consul")
    programme = Programme.objects.get(slug=sources.DEFAULT_SLUGS["consul"])
    items = ImportedItem.objects.filter(programme=programme)
    assert items.filter(kind="proposal").count() == 80
    assert items.filter(kind="comment").count() == 1716
    assert not items.filter(kind="comment", parent=None).exists()
    reply = items.filter(kind="comment").exclude(extra__reply_to=None).first()
    assert reply is not None
    assert all(len(a) == 16 for a in items.values_list("author", flat=True))


def test_decidim_sample_keeps_the_two_platforms_ids_apart():
    _run("decidim")
    items = ImportedItem.objects.filter(programme__slug=sources.DEFAULT_SLUGS["decidim"])
    assert items.count() == 196 + 44 + 29 + 693
    debate_comments = items.filter(source_id__startswith="debate_comments.csv:")
    assert debate_comments.count() == 693
    assert not debate_comments.filter(parent=None).exists()


def test_grand_debat_reference_series_and_dataset(client):
    _run("granddebat")
    assert ParticipantsByDepartement.objects.count() == 4775
    _run("granddebat")
    assert ParticipantsByDepartement.objects.count() == 4775
    value = ParticipantsByDepartement.objects.get(
        theme="democratie", month="janvier", departement="16", author_type="Citoyen / Citoyenne"
    )
    assert value.participants == 96
    assert value.region == "Nouvelle-Aquitaine"
    body = b"".join(
        client.get("/donnees/grand-debat-2019-participants-departement.csv").streaming_content
    ).decode("utf-8-sig")
    assert len(body.strip().splitlines()) == 4776


def test_grand_debat_bad_departement_is_refused(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(
        "theme,mois,region,authorType,departement,participants\n"
        "democratie,janvier,Occitanie,,66,10\ndemocratie,janvier,Occitanie,,Perpignan,3\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"g\.csv, (line|ligne) 3"):
        _run("granddebat", str(path))
    assert not ParticipantsByDepartement.objects.exists()


def test_a_programme_not_made_by_an_import_is_not_reused(tmp_path, programme):
    with pytest.raises(CommandError, match=r"import"):
        _run("decidim", str(_decidim(tmp_path)), "--programme", programme.slug)
    assert not ImportedItem.objects.exists()
