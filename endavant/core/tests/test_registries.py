"""The registries later modules fill: each fails when a module forgets to declare itself."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from endavant.core import registry
from endavant.core.services import SYSTEM, audit_record, participation_record

ROOT = Path(__file__).resolve().parents[2]


def _endavant_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("endavant.")]


def _person_links(model: type[models.Model]) -> list[str]:
    """Names of the fields of ``model`` that point at an account or a directory person."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    person_model = apps.get_model("actors", "Person")
    return [
        f.name
        for f in model._meta.get_fields()
        if (f.many_to_one or f.one_to_one or f.many_to_many)
        and f.concrete
        and f.related_model in (user_model, person_model)
    ]


def test_every_link_to_a_person_is_declared_as_personal_data():
    """Each foreign key (or many-to-many) to an account or a directory person is declared,
    with how it is exported and erased; the account itself is declared too."""
    declared = {(d.model.lower(), d.owner.split("__")[0]) for d in registry.personal_data()}
    missing = [
        f"{model._meta.label}.{name}"
        for model in _endavant_models()
        for name in _person_links(model)
        if (model._meta.label_lower, name) not in declared
    ]
    assert not missing, f"Personal data not declared in any declarations.py: {missing}"
    assert ("accounts.user", "pk") in declared


def test_personal_data_declarations_name_real_columns():
    """Every declared export column exists (the export would fail otherwise)."""
    for declaration in registry.personal_data():
        model = apps.get_model(declaration.model)
        model._default_manager.values(*declaration.export).query.get_compiler("default")
        assert declaration.erase in ("delete", "keep") or callable(declaration.erase)
        if declaration.erase == "keep":
            assert declaration.why, f"{declaration.model}: say why the rows are kept"


@pytest.mark.django_db
def test_recording_an_undeclared_kind_or_action_fails():
    """A participation kind or an audit action that no app declared is refused."""
    with pytest.raises(registry.UndeclaredError):
        participation_record(kind="workshop.attend_undeclared")
    with pytest.raises(registry.UndeclaredError):
        audit_record(actor=SYSTEM, action="nobody.declared_this")
    assert audit_record(actor=SYSTEM, action="territory.import").actor_label == "system"


def _recorded_literals(name: str) -> set[str]:
    """String literals passed as ``kind=``/``action=`` to the journal functions in the code."""
    found: set[str] = set()
    for path in ROOT.glob("*/**/*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called != name:
                continue
            for keyword in node.keywords:
                if keyword.arg in ("kind", "action") and isinstance(keyword.value, ast.Constant):
                    found.add(keyword.value.value)
    return found


def test_every_kind_and_action_used_in_the_code_is_declared():
    """The literal kinds and actions the code records are all declared (checked statically,
    so a code path that no test reaches cannot record an undeclared one)."""
    kinds = _recorded_literals("participation_record") - set(registry.event_kinds())
    actions = _recorded_literals("audit_record") - set(registry.audit_actions())
    assert not kinds, f"Undeclared participation kinds: {sorted(kinds)}"
    assert not actions, f"Undeclared audit actions: {sorted(actions)}"


def test_datasets_declare_licence_and_typed_columns():
    """Every open-data dataset has a licence, a source and typed, described columns."""
    datasets = registry.datasets()
    assert {"actions-feuille-de-route", "resultats-scrutins"} <= set(datasets)
    types = {"string", "integer", "number", "boolean", "date", "datetime"}
    for dataset in datasets.values():
        assert dataset.licence
        assert str(dataset.source)
        assert dataset.columns
        for column in dataset.columns:
            assert column.type in types
            assert str(column.description)


@pytest.mark.django_db
def test_dataset_download_is_built_from_the_declaration(client, programme):
    """The CSV download of a dataset has the declared columns, for the chosen programme."""
    from endavant.roadmap import services

    orientation = services.orientation_save(actor=SYSTEM, programme=programme, title="O")
    services.action_save(actor=SYSTEM, orientation=orientation, title="=cmd|' /C calc'!A0")
    response = client.get("/donnees/actions-feuille-de-route.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    declared = [c.name for c in registry.datasets()["actions-feuille-de-route"].columns]
    assert rows[0] == declared
    assert rows[1][2].startswith("'=")  # a formula is neutralised by the shared writer
    assert programme.slug in response["Content-Disposition"]
