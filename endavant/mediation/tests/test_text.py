"""Plain-Python text analysis: French syllables and the Kandel–Moles index against values
computed by hand, jargon found and explained, distinctive terms."""

from __future__ import annotations

from collections import Counter

import pytest

from endavant.mediation import glossary, lexicon, readability
from endavant.mediation.lexicon import Term, TermMatcher


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("chat", 1),
        ("table", 1),  # final mute e
        ("fibre", 1),
        ("réseau", 2),
        ("débit", 2),
        ("opérateur", 4),
        ("numérique", 3),  # "que": the u is not heard
        ("mutualisation", 6),  # mu-tu-a-li-sa-tion
        ("réalité", 4),  # é starts a new syllable
        ("Noël", 2),  # diaeresis
        ("journée", 2),
        ("partie", 2),
        ("rue", 1),
        ("actuel", 3),
        ("gouvernance", 3),
        ("communication", 5),
        ("aujourd'hui", 3),
        ("THD", 3),  # spelt out
        ("FTTH", 4),
        ("y", 1),
    ],
)
def test_french_syllables_of_known_words(word, count):
    assert readability.syllables(word) == count


def test_kandel_moles_by_hand():
    """« Le chat dort. Il fait beau. »: 6 words, 2 sentences, 6 syllables →
    207 − 1.015 × 3 − 73.6 × 1 = 130.355."""
    measured = readability.measure("Le chat dort. Il fait beau.")
    assert (measured.words, measured.sentences, measured.syllables) == (6, 2, 6)
    assert measured.kandel_moles == pytest.approx(130.355)


def test_kandel_moles_of_a_sentence_about_fibre():
    """la(1) fibre(1) optique(2) arrive(2) dans(1) votre(1) commune(2) = 10 syllables, 7 words,
    one sentence: 207 − 1.015 × 7 − 73.6 × 10 / 7 = 94.752…"""
    measured = readability.measure("La fibre optique arrive dans votre commune.")
    assert (measured.words, measured.sentences, measured.syllables) == (7, 1, 10)
    assert measured.kandel_moles == pytest.approx(207 - 7.105 - 736 / 7)


def test_longer_words_and_sentences_read_harder():
    easy = readability.measure("Le chat dort. Il fait beau. On joue dehors.")
    hard = readability.measure(
        "L'opérationnalisation du déploiement infrastructurel nécessite une mutualisation "
        "intercommunautaire préalablement contractualisée."
    )
    assert easy.kandel_moles > 100 > 0 > hard.kandel_moles


def test_sentences_end_at_punctuation_and_empty_lines():
    text = "Titre sans point\n\nUne phrase. Une autre ! Et une question ?\n\n- un item"
    assert len(readability.sentences(text)) == 5
    assert readability.words("l'abonné, 2018 et très-haut") == ["l'abonné", "et", "très-haut"]
    assert readability.measure("").kandel_moles is None


def _matcher():
    return TermMatcher(glossary.shipped_terms())


def test_terms_are_found_whatever_accents_case_and_plural_but_acronyms_as_written():
    found = _matcher().find(
        "Les DEBITS montent. Le PM est posé ; à 14 pm rien. Deux points de mutualisation."
    )
    assert [(m.term.key, m.text) for m in found] == [
        ("debit", "DEBITS"),
        ("point-de-mutualisation", "PM"),
        ("point-de-mutualisation", "points de mutualisation"),
    ]


def test_longest_form_wins():
    found = _matcher().find("Le très haut débit et le bon haut débit.")
    assert [m.term.key for m in found] == ["tres-haut-debit", "bon-haut-debit"]


def test_explained_terms():
    text = (
        "Le NRO (nœud de raccordement optique) est prêt. Le PBO : un boîtier près de chez vous. "
        "La FTTH arrive. La mutualisation, c'est-à-dire le partage du réseau. Le GFU avance. "
        "Un groupement fermé d'utilisateurs relie les mairies. Les usages numériques "
        "(Proulx, 2005). La fibre optique (FTTH)."
    )
    result = lexicon.jargon(text, _matcher())
    assert set(result.terms) >= {"nro", "pbo", "ftth", "mutualisation", "gfu", "fibre-optique"}
    assert result.explained == {"nro", "pbo", "mutualisation", "gfu", "ftth"}
    assert "usages-numeriques" in result.unexplained  # a reference is not an explanation
    assert "fibre-optique" in result.unexplained  # naming the acronym explains nothing


def test_a_term_the_team_adds_is_counted():
    matcher = TermMatcher([*glossary.shipped_terms(), Term("jargon-1", "GPON", ("GPON",))])
    result = lexicon.jargon("Le GPON et le THD.", matcher)
    assert result.count == 2
    assert list(result.terms) == ["jargon-1", "tres-haut-debit"]
    assert result.words_covered == 2


def test_lemmas_without_stop_words():
    assert lexicon.content_lemmas("Les réseaux sont raccordés aux mairies.") == [
        "reseau",
        "raccorder",
        "mairie",
    ]


def test_distinctive_terms_point_each_way():
    a = Counter({"fibre": 40, "nro": 20, "commune": 10})
    b = Counter({"atelier": 40, "habitant": 20, "commune": 10})
    typical_a, typical_b = lexicon.distinctive_terms(a, b)
    assert typical_a[0].lemma in {"fibre", "nro"}
    assert typical_a[0].z > 1.96
    assert typical_b[0].lemma in {"atelier", "habitant"}
    assert typical_b[0].z < -1.96
    assert "commune" not in {d.lemma for d in typical_a[:2] + typical_b[:2]}
    assert lexicon.distinctive_terms(a, Counter()) == ([], [])
