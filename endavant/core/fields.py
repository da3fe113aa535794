"""Model and form fields shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from endavant.core.validators import HttpURLValidator, validate_http_url


class HttpURLFormField(forms.URLField):
    """A form field for a web address: ``http``/``https`` only, ``https://`` assumed if absent."""

    default_validators = [validate_http_url]
    # The form's own "invalid" message would replace the validator's, which says what to type.
    default_error_messages = {"invalid": HttpURLValidator.message}

    def __init__(self, *, assume_scheme: str | None = "https", **kwargs: Any) -> None:
        super().__init__(assume_scheme=assume_scheme, **kwargs)


class HttpURLField(models.URLField):
    """A web address: ``http``/``https`` only (Django's URLField also takes ``ftp``).

    Every URL field of the platform's models is one of these; a test walks the models to check.
    """

    default_validators = [validate_http_url]

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": HttpURLFormField, **kwargs})


class BoundedFileField(forms.FileField):
    """An uploaded file refused from its size, before it is read, above
    ``ENDAVANT_MAX_UPLOAD_BYTES`` (read at validation time). Every form file field of the
    platform is one of these; a test checks it."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        from django.conf import settings
        from django.template.defaultfilters import filesizeformat
        from django.utils.translation import gettext as _

        upload = super().clean(data, initial)
        size = getattr(upload, "size", None) or 0
        limit = int(settings.ENDAVANT_MAX_UPLOAD_BYTES)
        if upload and size > limit:
            raise forms.ValidationError(
                _("This file is too large (%(size)s): the limit is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
            )
        return upload
