"""What the calls services share: limits on lists a person can grow, accepted file types."""

from __future__ import annotations

from typing import Any

#: Lists a person can grow stay bounded.
MAX_ATTACHMENTS = 10
MAX_COMMUNES = 50
MAX_CRITERIA = 20
MAX_PROJECTS_PER_HOLDER = 20
#: Magic bytes of the accepted attachments, by content type.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def user_or_none(actor: Any) -> Any:
    """The acting account, or ``None`` for the platform itself (default data, jobs)."""
    return actor if getattr(actor, "is_authenticated", False) else None
