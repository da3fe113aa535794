"""The API's addresses in the access matrix: every role reads them (200), no role writes (a
JSON 405 for POST); an unknown address under /api/ is a JSON 404 for everyone."""

from __future__ import annotations

from collections.abc import Callable

from endavant.api import sample
from endavant.core.registry import Access, method_refused

READS: list[tuple[str, str | Callable[[], str]]] = [
    ("api:index", "/api/"),
    ("api:api-root", "/api/"),
    ("api:openapi-json", "/api/openapi.json"),
    ("api:docs", "/api/docs"),
    ("api:programmes", "/api/programmes"),
    ("api:programme", sample.programme_path),
    ("api:departements", "/api/departements"),
    ("api:departement", lambda: f"/api/departements/{sample.commune().departement.code}"),
    ("api:communes", "/api/communes"),
    ("api:commune", lambda: f"/api/communes/{sample.commune().code}"),
    ("api:orientations", lambda: sample.programme_path("/orientations")),
    ("api:actions", lambda: sample.programme_path("/actions")),
    ("api:action", sample.action_path),
    ("api:origins", lambda: sample.programme_path("/origins")),
    ("api:commitments", lambda: sample.programme_path("/commitments")),
    ("api:versions", lambda: sample.programme_path("/versions")),
    ("api:version", lambda: sample.programme_path(f"/versions/{sample.version().number}")),
    ("api:ballots", lambda: sample.programme_path("/ballots")),
    ("api:ballot", sample.ballot_path),
    ("api:workshops", lambda: sample.programme_path("/workshops")),
    ("api:workshop", sample.workshop_path),
    ("api:calls", lambda: sample.programme_path("/calls")),
    ("api:call", sample.call_path),
    ("api:call_projects", lambda: sample.call_path("/projects")),
    ("api:project", sample.project_path),
    ("api:network", sample.network_path),
    ("api:groupings", lambda: sample.programme_path("/groupings")),
    ("api:grouping", sample.grouping_path),
    ("api:documents", lambda: sample.programme_path("/documents")),
    ("api:document", sample.document_path),
    ("api:indicators", lambda: sample.programme_path("/indicators")),
    ("api:indicator", lambda: sample.programme_path("/indicators/participation")),
    ("api:datasets", lambda: sample.programme_path("/datasets")),
]

ACCESS = [
    *(Access(name, path, public=True) for name, path in READS),
    *(method_refused(name, path) for name, path in READS),
    Access("api:not_found", "/api/nothing-here", default=404, public=True),
    method_refused("api:not_found", "/api/nothing-here"),
]
