"""The rooms and the import direction: a lower app never imports a higher one, and the
observatory (when it exists) only reads."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

#: From the bottom up. An app may import apps of a lower layer and of its own layer.
LAYERS: list[set[str]] = [
    {"voting"},
    {"core"},
    {"territory"},
    {"accounts", "actors"},
    {"programmes"},
    {"ballots"},
    {"roadmap"},
    {"workshops", "calls", "network", "mediation", "imports"},
    {"observatory", "opendata"},
    {"api"},
]
LEVEL = {app: n for n, layer in enumerate(LAYERS) for app in layer}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n.split(".")[1] for n in names if n.startswith("endavant.") and n.count(".") >= 1}


def _app_sources() -> dict[str, list[Path]]:
    apps: dict[str, list[Path]] = {}
    for app_dir in PACKAGE.iterdir():
        if app_dir.is_dir() and (app_dir / "__init__.py").exists():
            apps[app_dir.name] = [
                p
                for p in app_dir.rglob("*.py")
                if "tests" not in p.parts and "migrations" not in p.parts
            ]
    return apps


def test_every_app_has_a_layer():
    """A new app says where it sits before it can import anything."""
    assert set(_app_sources()) <= set(LEVEL), set(_app_sources()) - set(LEVEL)


def test_no_lower_app_imports_a_higher_one():
    """Imports go down (or sideways within a layer), never up."""
    wrong = []
    for app, paths in _app_sources().items():
        for path in paths:
            for imported in _imports(path):
                if imported in LEVEL and LEVEL[imported] > LEVEL[app]:
                    wrong.append(f"{path.relative_to(PACKAGE)} imports endavant.{imported}")
    assert not wrong, wrong


def test_voting_is_plain_python():
    """The counting library imports nothing of Django or of the platform."""
    for path in _app_sources()["voting"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("django"), path
                assert node.module.startswith(("endavant.voting", "__future__")) or (
                    "." not in node.module or not node.module.startswith("endavant")
                ), path


#: The apps of the observatory's layer: they read, they never write.
READ_ONLY_APPS = ("observatory", "opendata")


def test_the_observatory_only_reads():
    """The observatory and the open-data catalogue call no service and write no row."""
    sources = _app_sources()
    for path in [p for app in READ_ONLY_APPS for p in sources.get(app, [])]:
        text = path.read_text(encoding="utf-8")
        for forbidden in (".services import", ".save(", ".create(", ".update(", ".delete("):
            assert forbidden not in text, f"{path}: {forbidden}"
