"""Translated labels of the INSEE zoning categories."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AAV2020_CATEGORIES = {
    "11": _("Centre commune of the attraction area"),
    "12": _("Other commune of the main pole"),
    "13": _("Commune of a secondary pole"),
    "20": _("Commune of the crown"),
    "30": _("Commune outside the attraction of cities"),
}
ZAU2010_CATEGORIES = {
    "111": _("Commune of a large urban pole"),
    "112": _("Commune of the crown of a large pole"),
    "120": _("Multipolarised commune of the large urban areas"),
    "211": _("Commune of a medium pole"),
    "212": _("Commune of the crown of a medium pole"),
    "221": _("Commune of a small pole"),
    "222": _("Commune of the crown of a small pole"),
    "300": _("Other multipolarised commune"),
    "400": _("Isolated commune outside the influence of poles"),
}
