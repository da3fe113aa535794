"""Factories for the mediation app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from endavant.core.services import SYSTEM
from endavant.mediation import services
from endavant.mediation.models import Document


def document(programme: Any, text: str = "La fibre optique arrive.", **fields: Any) -> Document:
    """A document written through the service (its text given, no file)."""
    values: dict[str, Any] = {
        "title": "Un document",
        "kind": Document.Kind.FLYER,
        "published_on": date(2021, 3, 1),
        "source": "Département",
    }
    values.update(fields)
    return services.document_save(actor=SYSTEM, programme=programme, text=text, **values)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)
