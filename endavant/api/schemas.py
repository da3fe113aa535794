"""What the API answers: one schema per resource, listing every field it publishes.

Only what the public pages show is here: no e-mail address, no account id, no draft, nothing
hidden by moderation, no breakdown of a group under the minimum size. Amounts are decimal
strings ("1000.00"), dates ISO 8601, datetimes with their offset.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

# --- Shared -----------------------------------------------------------------------------------


class ErrorItem(Schema):
    location: str = Field(..., description="Where the bad value is: query, path, header.")
    field: str = Field(..., description="The parameter at fault.")
    message: str


class Error(Schema):
    """Every error of the API (404, 405, 422, 429...) has this shape."""

    status: int
    code: str = Field(..., description="not_found, invalid, throttled, method_not_allowed...")
    message: str = Field(..., description="What went wrong, for a person.")
    errors: list[ErrorItem] = Field(default_factory=list)


class Link(Schema):
    name: str
    href: str


class Index(Schema):
    name: str
    version: str
    documentation: str
    openapi: str
    licence: str
    resources: list[Link]


class Ref(Schema):
    """Another record, by its id and name."""

    id: int
    name: str


class CommuneRef(Schema):
    code: str
    name: str


# --- Programmes -------------------------------------------------------------------------------


class Programme(Schema):
    slug: str
    name: str
    description: str
    territory: str | None = Field(None, description="Code of the département it runs on.")
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    archived: bool
    url: str


# --- Territory --------------------------------------------------------------------------------


class Departement(Schema):
    code: str
    name: str
    communes: int
    isolated_communes: int
    population: int
    isolated_population: int
    isolated_share: float | None = Field(None, description="Share of isolated communes.")
    isolated_population_share: float | None


class Commune(Schema):
    code: str
    name: str
    departement: str
    population: int | None
    population_year: int | None
    isolated: bool | None = Field(None, description="Isolated commune; null when not known.")
    isolation_method: str | None
    aav2020_category: str
    au2010_category: str
    longitude: float | None = Field(None, description="Centroid of the outline, not a building.")
    latitude: float | None
    url: str


class Zoning(Schema):
    code: str
    name: str
    category: str
    vintage: str


class IndicatorValue(Schema):
    indicator: str = Field(..., description="isolated (1 or 0), urban_work_share...")
    value: float
    vintage: str
    method: str
    source: str


class Coverage(Schema):
    quarter: str
    quarter_end: datetime.date
    premises_connectable: int
    premises_total: int
    share: float | None


class Intercommunality(Schema):
    siren: str
    name: str


class CommuneDetail(Commune):
    intercommunality: Intercommunality | None
    cog_vintage: str
    area_km2: float | None
    aav2020: Zoning
    au2010: Zoning
    indicators: list[IndicatorValue]
    coverage: list[Coverage] = Field(..., description="FttH coverage by quarter, oldest first.")
    coverage_source: str


# --- Roadmap ----------------------------------------------------------------------------------


class Orientation(Schema):
    id: int
    title: str
    order: int
    description: str
    actions: int
    by_status: dict[str, int]


class Action(Schema):
    id: int
    title: str
    orientation: Ref
    domain: Ref | None
    status: str
    status_label: str
    due_on: datetime.date | None
    started_on: datetime.date | None
    ended_on: datetime.date | None
    budget: Decimal | None
    lead_organisation: str
    bottom_up: bool = Field(..., description="At least one origin comes from participants.")
    is_example: bool
    url: str


class Milestone(Schema):
    id: int
    title: str
    due_on: datetime.date | None
    done_on: datetime.date | None


class Origin(Schema):
    kind: str
    kind_label: str
    bottom_up: bool
    label: str
    description: str
    date: datetime.date | None


class Commitment(Schema):
    id: int
    text: str
    source_document: str
    source_date: datetime.date | None
    actions: list[int]
    is_example: bool


class Indicator(Schema):
    name: str
    target: Decimal | None
    value: Decimal | None


class ActionDetail(Action):
    programme: str
    description: str
    indicator: Indicator
    evidence: str
    evidence_url: str
    communes: list[CommuneRef]
    milestones: list[Milestone]
    origins: list[Origin]
    commitments: list[int]


class OriginLine(Schema):
    key: str = Field(..., description="top_down, bottom_up, co_constructed or unknown")
    label: str
    actions: int
    budget: Decimal
    action_share: float | None
    budget_share: float | None


class OriginBalance(Schema):
    """Top-down, bottom-up and co-constructed actions (dropped actions left out)."""

    actions: int
    budget: Decimal
    lines: list[OriginLine]


class Version(Schema):
    number: int
    label: str
    reason: str
    frozen_at: datetime.datetime


class VersionDetail(Version):
    snapshot: dict[str, Any] = Field(..., description="The roadmap as it was frozen.")


# --- Ballots ----------------------------------------------------------------------------------


class Ballot(Schema):
    id: int
    title: str
    question: str
    method: str
    method_label: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    state: str = Field(..., description="upcoming, open or closed")
    audiences: list[str] = Field(..., description="Who may vote; empty: everyone.")
    options: int
    votes: int
    results_visible: bool
    is_example: bool
    url: str


class BallotOption(Schema):
    id: int
    label: str
    order: int


class ResultLine(Schema):
    option: int
    label: str
    rank: int
    score: str
    majority_grade: str
    tally: list[int] = Field(..., description="Counts per value of the method (grades...).")


class Segment(Schema):
    key: str
    label: str
    voters: int
    withheld: bool = Field(..., description="Fewer voters than the minimum group: no figures.")
    lines: list[ResultLine]
    explanations: list[str]


class BallotResults(Schema):
    voters: int
    min_group_size: int
    overall: Segment | None
    by_audience: list[Segment]
    by_isolation: list[Segment]


class BallotDetail(Ballot):
    programme: str
    choices: list[BallotOption]
    results: BallotResults | None = Field(
        None, description="Once the ballot is closed, or while open when it shows live results."
    )


# --- Workshops --------------------------------------------------------------------------------


class Workshop(Schema):
    id: int
    title: str
    status: str
    status_label: str
    format: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    commune: CommuneRef | None
    place: str
    audiences: list[str] = Field(..., description="Reserved for these audiences; empty: all.")
    capacity_room: int | None
    capacity_online: int | None
    registered: int
    is_example: bool
    url: str


class Places(Schema):
    mode: str
    capacity: int | None
    registered: int
    waiting: int


class Minutes(Schema):
    summary: str
    decisions: str
    updated_at: datetime.datetime


class Contribution(Schema):
    id: int
    text: str
    created_at: datetime.datetime
    domain: Ref | None
    is_example: bool
    became: list[int] = Field(..., description="Roadmap actions that came from it.")


class WorkshopChange(Schema):
    at: datetime.datetime
    kinds: list[str]
    reason: str


class WorkshopDetail(Workshop):
    programme: str
    description: str
    agenda: str
    accessibility: str
    organiser: str | None
    domains: list[Ref]
    actions: list[Ref]
    places: list[Places]
    minutes: Minutes | None
    contributions: list[Contribution]
    changes: list[WorkshopChange]


# --- Calls for projects -----------------------------------------------------------------------


class Call(Schema):
    id: int
    title: str
    phase: str = Field(..., description="upcoming, submission, participation, jury...")
    budget: Decimal
    max_amount: Decimal | None
    holders: list[str]
    territory_only: bool
    participation: str
    submission_opens_at: datetime.datetime
    submission_closes_at: datetime.datetime
    participation_opens_at: datetime.datetime
    participation_closes_at: datetime.datetime
    jury_closes_at: datetime.datetime
    selection_on: datetime.date
    realisation_until: datetime.date
    projects: int = Field(..., description="Submitted or withdrawn projects (no drafts).")
    is_example: bool
    url: str


class Phase(Schema):
    key: str
    label: str
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None


class Criterion(Schema):
    name: str
    description: str
    weight: Decimal


class AllocationLine(Schema):
    project: int
    title: str
    selected: bool
    votes: str
    explanation: str
    committed: Decimal


class AllocationResults(Schema):
    ran_at: datetime.datetime
    rule: str
    about: str
    lines: list[AllocationLine]


class CallDetail(Call):
    programme: str
    rules: str
    rule: str
    phases: list[Phase]
    criteria: list[Criterion]
    results: AllocationResults | None


class Project(Schema):
    id: int
    call: int
    title: str
    summary: str
    holder_kind: str
    holder_name: str
    requested_amount: Decimal
    status: str = Field(..., description="submitted or withdrawn (drafts are never published)")
    decision: str
    realisation: str
    domain: Ref | None
    communes: list[CommuneRef]
    supports: int
    is_example: bool
    url: str


class SupportGroup(Schema):
    audience: str = Field(..., description="Empty: the smaller groups put together.")
    supports: int


class Comment(Schema):
    id: int
    parent: int | None
    text: str
    created_at: datetime.datetime
    reinstated: bool = Field(..., description="Shown again after an appeal.")
    is_example: bool


class Attachment(Schema):
    name: str
    url: str


class ProjectDetail(Project):
    description: str
    partners: str
    decision_reason: str
    realisation_note: str
    support_breakdown: list[SupportGroup]
    attachments: list[Attachment]
    comments: list[Comment] = Field(..., description="Visible comments only.")
    became: list[Ref]


# --- Network and procurement ------------------------------------------------------------------


class Count(Schema):
    label: str
    count: int


class NetworkIsolation(Schema):
    key: str
    label: str
    communes: int
    connected: int | None
    share: float | None
    withheld: bool


class NetworkGrowth(Schema):
    year: int
    members: int
    links: int
    communes: int
    isolated_communes: int


class Network(Schema):
    name: str
    description: str
    is_example: bool
    as_of: datetime.date | None
    members: int
    links_in_service: int
    communes_connected: int
    bandwidth_mbps: int
    by_technology: list[Count]
    by_status: list[Count]
    isolation: list[NetworkIsolation]
    growth: list[NetworkGrowth]
    cost_total: Decimal | None = Field(None, description="Withheld under the minimum group.")
    cost_links: int
    annual_cost_total: Decimal | None
    min_group_size: int


class Grouping(Schema):
    id: int
    name: str
    description: str
    coordinator: str | None
    created_on: datetime.date | None
    members: int
    is_example: bool


class Lot(Schema):
    number: int
    title: str
    ceiling: Decimal
    ordered: Decimal
    remaining: Decimal
    orders: int


class Contract(Schema):
    reference: str
    title: str
    supplier: str
    starts_on: datetime.date
    ends_on: datetime.date
    lots: list[Lot]


class KindLine(Schema):
    label: str
    members: int | None = Field(None, description="Withheld under the minimum group.")
    orders: int | None
    amount: Decimal | None
    withheld: bool


class GroupingMember(Schema):
    name: str
    joined_on: datetime.date


class GroupingDetail(Grouping):
    programme: str
    contracts: list[Contract]
    by_kind: list[KindLine]
    min_group_size: int
    current_members: list[GroupingMember]


# --- Documents --------------------------------------------------------------------------------


class Document(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    published_on: datetime.date
    audiences: list[str]
    language: str
    source: str
    source_url: str
    summary: str
    communes: list[CommuneRef]
    is_example: bool
    url: str


class TechnicalTerm(Schema):
    label: str
    explained: bool


class DocumentDetail(Document):
    programme: str
    domains: list[Ref]
    actions: list[Ref]
    words: int
    readability: float | None = Field(None, description="Kandel–Moles score (higher: easier).")
    jargon_share: float | None
    technical_terms: list[TechnicalTerm]
    text_url: str = Field(..., description="The extracted text, as plain text.")


# --- Observatory and open data ----------------------------------------------------------------


class IndicatorSpec(Schema):
    slug: str
    title: str
    summary: str
    method: list[str]
    url: str


class IndicatorLine(Schema):
    key: str
    label: str
    hidden: bool = Field(..., description="A group under the minimum size: no values.")
    total: bool
    values: list[Any] = Field(..., description="One per column after the label; null: none.")
    texts: list[str] = Field(..., description="The same values as the page writes them.")


class IndicatorFigure(Schema):
    key: str
    title: str
    notes: list[str]
    caption: str
    columns: list[str]
    lines: list[IndicatorLine]


class IndicatorFigures(IndicatorSpec):
    min_group_size: int
    figures: list[IndicatorFigure]


class DatasetColumn(Schema):
    name: str
    type: str
    description: str


class Dataset(Schema):
    slug: str
    title: str
    description: str
    licence: str
    source: str
    per_programme: bool
    columns: list[DatasetColumn]
    downloads: dict[str, str] = Field(..., description="Download address per format.")
