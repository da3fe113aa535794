"""Sample records behind the API's addresses, for the access matrix, the hostile-input suite
and the browser suite (built from the other apps' samples; not demo data)."""

from __future__ import annotations

from endavant.ballots import sample as ballots_sample
from endavant.calls import sample as calls_sample
from endavant.network import sample as network_sample
from endavant.roadmap import sample as roadmap_sample
from endavant.roadmap.models import RoadmapVersion
from endavant.territory.models import Commune
from endavant.workshops import sample as workshops_sample

SLUG = roadmap_sample.SLUG


def programme_path(suffix: str = "") -> str:
    """``/api/programmes/<sample>/<suffix>``, the sample programme created first."""
    roadmap_sample.programme()
    return f"/api/programmes/{SLUG}{suffix}"


def commune() -> Commune:
    """A commune of the Pyrénées-Orientales with two quarters of (example) coverage."""
    from endavant.mediation import sample as mediation_sample

    code = mediation_sample.commune_with_coverage()
    return Commune.objects.select_related("departement").get(code=code)


def version() -> RoadmapVersion:
    """A frozen version of the sample programme's roadmap."""
    from endavant.core.services import SYSTEM
    from endavant.roadmap.services import roadmap_freeze

    programme = roadmap_sample.programme()
    found = programme.versions.order_by("number").first()
    return found or roadmap_freeze(actor=SYSTEM, programme=programme, label="Version test")


def action_path() -> str:
    return f"/api/actions/{roadmap_sample.action().pk}"


def ballot_path() -> str:
    return f"/api/ballots/{ballots_sample.closed_ballot().pk}"


def workshop_path() -> str:
    return f"/api/workshops/{workshops_sample.workshop().pk}"


def call_path(suffix: str = "") -> str:
    return f"/api/calls/{calls_sample.call().pk}{suffix}"


def project_path() -> str:
    return f"/api/projects/{calls_sample.project().pk}"


def network_path() -> str:
    network_sample.network()
    return programme_path("/network")


def grouping_path() -> str:
    return f"/api/groupings/{network_sample.grouping().pk}"


def document_path() -> str:
    from endavant.mediation import sample as mediation_sample

    roadmap_sample.programme()
    return f"/api/documents/{mediation_sample.document().pk}"
