"""French typography in every catalogue: a no-break space (U+00A0 or U+202F), never a plain
space, before « : ; ! ? % » and inside « » guillemets."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
#: A plain space before a high punctuation mark or a closing guillemet, or after an opening one.
PLAIN_SPACE = re.compile(r" [:;!?%»]|« ")
#: Placeholders and URLs, where a colon is not French punctuation ("%(name)s", "https:").
IGNORED = re.compile(r"%\([a-z_]+\)[sd]|https?://\S+|\{\{[^}]*\}\}")


def _msgstrs(path: Path) -> list[tuple[int, str]]:
    """The translated strings of a .po file with their line numbers (continuations joined)."""
    found: list[tuple[int, str]] = []
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("msgstr"):
            current, start = [line.split(" ", 1)[1][1:-1]], number
            found.append((start, ""))
        elif line.startswith('"') and current is not None:
            current.append(line[1:-1])
        else:
            if current is not None:
                found[-1] = (start, "".join(current))
            current = None
    if current is not None:
        found[-1] = (start, "".join(current))
    return [(n, text) for n, text in found if text]


def test_every_french_msgstr_has_no_break_spaces_before_high_punctuation():
    problems = []
    for path in sorted(PACKAGE.glob("*/locale/fr/LC_MESSAGES/django.po")):
        for number, text in _msgstrs(path):
            cleaned = IGNORED.sub("", text)
            if PLAIN_SPACE.search(cleaned):
                problems.append(f"{path.relative_to(PACKAGE)}:{number}: {text[:90]}")
    assert not problems, "Plain space before : ; ! ? % » or after «:\n" + "\n".join(problems)


def test_the_check_catches_a_plain_space(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid "Budget:"\nmsgstr "Budget :"\n\nmsgid "x"\nmsgstr "Budget\u00a0:"\n')
    bad = [text for _n, text in _msgstrs(po) if PLAIN_SPACE.search(IGNORED.sub("", text))]
    assert bad == ["Budget :"]
