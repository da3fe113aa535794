"""Validators shared by every app's models."""

from __future__ import annotations

from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class HttpURLValidator(URLValidator):
    """A web address: ``http`` or ``https`` only.

    Django's URLValidator also accepts ``ftp`` and ``ftps``; an address that a person or an
    import sets ends up in an ``href``, where anything but a web page is a trap.
    """

    schemes = ["http", "https"]
    message = _("Enter a web address that starts with http:// or https://.")


validate_http_url = HttpURLValidator()
