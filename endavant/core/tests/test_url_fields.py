"""Every URL a person or an import can set is http or https only, checked in the model."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from endavant.core.fields import HttpURLField, HttpURLFormField
from endavant.core.validators import HttpURLValidator, validate_http_url

REFUSED = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.example"]


def test_every_url_field_of_the_platform_accepts_only_http_and_https():
    """Walk Endavant's models: a URLField without HttpURLValidator is listed (use HttpURLField)."""
    offenders = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("endavant.")
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField)
        and not any(isinstance(v, HttpURLValidator) for v in field.validators)
    ]
    assert not offenders, "URL fields accepting more than http/https: " + ", ".join(offenders)


@pytest.mark.parametrize("value", REFUSED)
def test_other_schemes_are_refused(value):
    """javascript:, data: and ftp: are refused by the validator, the model and the form field."""
    with pytest.raises(ValidationError):
        validate_http_url(value)
    with pytest.raises(ValidationError):
        HttpURLField().clean(value, None)
    form_field = HttpURLFormField(required=False)
    with pytest.raises(ValidationError) as error:
        form_field.clean(value)
    assert error.value.messages == [str(HttpURLValidator.message)]  # ours, said once


def test_web_addresses_are_accepted():
    """http and https addresses pass; the form field assumes https:// when none is typed."""
    validate_http_url("http://example.org/a?b=c")
    validate_http_url("https://mairie-elne.fr")
    assert HttpURLFormField().clean("example.org") == "https://example.org"
