"""The closed user group network: public sites (imported from the directory of public services
or entered by hand, placed at the commune centroid when their position is unknown), memberships,
intersite links with their status rules, the public page (map, growth, isolated communes
connected, small groups withheld), downloads and the links to the roadmap and communes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from endavant.actors.models import Membership
from endavant.actors.services import organisation_save
from endavant.actors.tests.factories import PersonFactory
from endavant.core.models import AuditEntry
from endavant.core.services import SYSTEM, ApplicationError
from endavant.network import selectors, services
from endavant.network.models import Link, Network, SiteMembership, SiteOwner
from endavant.network.tests import factories
from endavant.roadmap.tests import factories as roadmap_factories
from endavant.territory.models import PublicSite

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "annuaire_exemple.csv"


@pytest.fixture
def communes(make_commune):
    """Two communes with a centroid (one isolated), named as in the sample directory file."""
    one = make_commune(
        isolated=True, code="66901", name="Commune-Une",
        centroid_longitude=2.40, centroid_latitude=42.60,
    )  # fmt: skip
    two = make_commune(
        isolated=False, code="66902", name="Commune-Deux",
        centroid_longitude=2.55, centroid_latitude=42.55,
    )  # fmt: skip
    return one, two


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


# --- Public sites -----------------------------------------------------------------------------


def test_directory_import_reads_the_documented_columns(communes):
    """Town hall with its position and contact; a media centre without coordinates goes to the
    commune centroid; the owner is found by SIREN or, for a town hall, the commune."""
    one, _two = communes
    town = organisation_save(
        actor=SYSTEM, name="Commune-Une", kind="commune", communes_served=[one]
    )
    france_services_owner = organisation_save(
        actor=SYSTEM, name="Exemple : intercommunalité", kind="intercommunality", siren="123456782"
    )
    report = services.sites_import(
        actor=SYSTEM, text=SAMPLE.read_text(encoding="utf-8"), departement="66", only_valid=True
    )
    assert report.outside == 1  # the row of the Aude is left out
    assert [row.line for row in report.bad_rows] == [6]  # unknown INSEE code 66999
    assert (report.created, report.updated) == (3, 0)
    mairie = PublicSite.objects.get(directory_id="exemple-0001")
    assert mairie.kind == "town_hall"
    assert mairie.directory_type == "mairie"
    assert (mairie.longitude, mairie.latitude, mairie.at_centroid) == (2.4101, 42.6102, False)
    assert mairie.address == "1 place de la Mairie"
    assert mairie.postcode == "66100"
    assert mairie.phone == "04 00 00 00 01"
    assert mairie.website == "https://mairie.example.org"
    assert mairie.network_owner.organisation == town
    library = PublicSite.objects.get(directory_id="exemple-0002")
    assert library.kind == "media_centre"
    assert (library.longitude, library.latitude, library.at_centroid) == (2.55, 42.55, True)
    services_site = PublicSite.objects.get(directory_id="exemple-0003")
    assert services_site.kind == "france_services"
    assert services_site.website == ""  # javascript: is never taken as a web address
    assert services_site.network_owner.organisation == france_services_owner
    audit = AuditEntry.objects.get(action="public_site.import")
    assert audit.after["at_centroid"] == 1
    assert audit.actor_label == "system"
    again = services.sites_import(
        actor=SYSTEM, text=SAMPLE.read_text(encoding="utf-8"), departement="66", only_valid=True
    )
    assert (again.created, again.updated) == (0, 3)
    assert PublicSite.objects.count() == 3


def test_one_bad_row_imports_nothing_unless_asked(communes):
    report = services.sites_import(actor=SYSTEM, text=SAMPLE.read_text(encoding="utf-8"))
    assert report.bad_rows
    assert report.imported == 0
    assert not PublicSite.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "vide"),
        ("nom;commune\nx;y\n", "manquante"),
        ("id;nom;code_insee_commune\n\x00;x;66901\n", "octets nuls"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(communes, text, expected):
    report = services.sites_import(actor=SYSTEM, text=text)
    assert report.file_errors
    assert expected.lower() in " ".join(report.file_errors).lower()


def test_a_site_without_coordinates_is_placed_at_the_centroid_and_the_page_says_so(
    client, communes, make_commune
):
    one, _two = communes
    made = services.site_save(actor=SYSTEM, kind="school", name="École test", commune=one)
    assert (made.longitude, made.latitude, made.at_centroid) == (2.40, 42.60, True)
    page = client.get(f"/reseau/sites/{made.pk}/").content.decode()
    assert "centroïde" in page
    moved = services.site_save(actor=SYSTEM, site=made, longitude=2.41, latitude=42.61)
    assert moved.at_centroid is False
    without_centroid = make_commune(code="66950", name="Sans centroïde")
    with pytest.raises(ApplicationError) as failure:
        services.site_save(actor=SYSTEM, kind="school", name="x", commune=without_centroid)
    assert failure.value.code == "no_position"
    with pytest.raises(ApplicationError) as failure:
        services.site_save(actor=SYSTEM, kind="school", commune=one, longitude=2.0)
    assert failure.value.code == "position"


def test_a_site_s_web_address_is_http_only(communes):
    one, _two = communes
    with pytest.raises(ApplicationError):
        factories.site(one, website="javascript:alert(1)")


# --- Network, memberships and links -----------------------------------------------------------


def test_membership_dates_never_overlap(programme, communes):
    one, _two = communes
    net = factories.network(programme)
    site = factories.member_site(net, one, joined_on=date(2019, 1, 1))
    with pytest.raises(ApplicationError) as failure:
        services.membership_add(actor=SYSTEM, network=net, site=site, joined_on=date(2020, 1, 1))
    assert failure.value.code == "already"
    membership = SiteMembership.objects.get()
    with pytest.raises(ApplicationError) as failure:
        services.membership_end(actor=SYSTEM, membership=membership, left_on=date(2018, 1, 1))
    assert failure.value.code == "dates"
    services.membership_end(actor=SYSTEM, membership=membership, left_on=date(2020, 1, 1))
    with pytest.raises(ApplicationError):
        services.membership_add(actor=SYSTEM, network=net, site=site, joined_on=date(2019, 6, 1))
    services.membership_add(actor=SYSTEM, network=net, site=site, joined_on=date(2021, 1, 1))
    assert SiteMembership.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"status": "in_service", "in_service_on": None}, "status_date"),
        ({"status": "ordered", "ordered_on": None, "in_service_on": None}, "status_date"),
        ({"status": "planned", "in_service_on": date(2019, 6, 1)}, "status_date"),
        ({"ordered_on": date(2019, 7, 1), "in_service_on": date(2019, 6, 1)}, "dates"),
        ({"in_service_on": date.today() + timedelta(days=30)}, "future"),
        ({"cost": Decimal("-1")}, "cost"),
    ],
)
def test_link_status_and_dates_are_checked_together(programme, communes, fields, code):
    one, two = communes
    net = factories.network(programme)
    a, b = factories.member_site(net, one), factories.member_site(net, two)
    with pytest.raises(ApplicationError) as failure:
        factories.link(net, a, b, **fields)
    assert failure.value.code == code
    assert not Link.objects.exists()


def test_links_join_two_different_member_sites_once_per_technology(programme, communes):
    one, two = communes
    net = factories.network(programme)
    a, b = factories.member_site(net, one), factories.member_site(net, two)
    outsider = factories.site(two)
    for other, code in ((a, "same_site"), (outsider, "not_member")):
        with pytest.raises(ApplicationError) as failure:
            factories.link(net, a, other)
        assert failure.value.code == code
    factories.link(net, a, b)
    with pytest.raises(ApplicationError) as failure:
        factories.link(net, b, a)
    assert failure.value.code == "duplicate"
    factories.link(net, b, a, technology="radio", bandwidth_mbps=30)


def test_figures_count_growth_and_withhold_small_groups(programme, communes, make_commune):
    """Growth year by year; the share of isolated communes connected shows only from 5
    isolated communes on."""
    one, two = communes
    net = factories.network(programme)
    hub = factories.member_site(net, two, joined_on=date(2018, 9, 1))
    town = factories.member_site(net, one, joined_on=date(2019, 1, 1))
    factories.link(net, hub, town, ordered_on=date(2019, 2, 1), in_service_on=date(2019, 6, 1))
    net.refresh_from_db()
    figures = selectors.network_figures(net)
    assert (figures.members, figures.links_in_service, figures.communes_connected) == (2, 1, 2)
    assert [(g["year"], g["members"], g["links"]) for g in figures.growth[:2]] == [
        (2018, 1, 0),
        (2019, 2, 1),
    ]
    isolated = next(line for line in figures.isolation if line.key == "isolated")
    assert isolated.withheld
    assert isolated.share is None
    programme.territory_id = one.departement_id
    programme.save(update_fields=["territory"])
    for n in range(5):
        make_commune(isolated=True, code=f"6696{n}")
    services.network_stats_refresh(network=Network.objects.get(pk=net.pk))
    isolated = next(
        line
        for line in selectors.network_figures(Network.objects.get(pk=net.pk)).isolation
        if line.key == "isolated"
    )
    assert (isolated.communes, isolated.connected, isolated.withheld) == (6, 1, False)
    assert isolated.share == pytest.approx(1 / 6)


def test_public_page_shows_map_tables_and_details_only_to_the_team_and_members(
    client, programme, communes, team
):
    one, two = communes
    net = factories.network(programme, is_example=True)
    hub = factories.member_site(net, two, name="Hôtel du Département")
    town = factories.member_site(net, one, name="Mairie de Commune-Une", longitude=None,
                                 latitude=None)  # fmt: skip
    operator = factories.organisation("Opérateur radio", kind="network_operator")
    factories.link(net, hub, town, cost=Decimal("12345"), operator=operator)
    page = client.get("/reseau/").content.decode()
    assert "<svg" in page
    assert "Mairie de Commune-Une" in page
    assert "centroïde" in page  # one site placed at the commune centroid
    assert "Opérateur radio" not in page
    assert "12 345" not in page
    client.force_login(team)
    page = client.get("/reseau/").content.decode()
    assert "Opérateur radio" in page
    # A person who works for the owner of a member site sees the details too.
    owner = factories.organisation("Commune-Une")
    services.site_owner_set(actor=SYSTEM, site=town, organisation=owner)
    from endavant.accounts.models import User

    member = User.objects.create_user(email="agent@example.org")
    Membership.objects.create(
        person=PersonFactory(user=member), organisation=owner, role=Membership.Role.EMPLOYEE
    )
    client.force_login(member)
    assert "Opérateur radio" in client.get(f"/reseau/sites/{town.pk}/").content.decode()


def test_downloads_stream_geojson_points_and_lines_and_csv(client, programme, communes):
    one, two = communes
    net = factories.network(programme)
    a = factories.member_site(net, one, name='=HYPERLINK("http://x")')
    b = factories.member_site(net, two, name="École")
    factories.link(net, a, b)
    response = client.get("/reseau.geojson")
    assert response.streaming
    data = json.loads(b"".join(response.streaming_content))
    kinds = sorted(f["geometry"]["type"] for f in data["features"])
    assert kinds == ["LineString", "Point", "Point"]
    assert "cost" not in json.dumps(data)
    links_csv = list(csv.reader(io.StringIO(_body(client.get("/reseau.csv")))))
    assert links_csv[0][:3] == ["id", "site_a", "site_a_name"]
    assert links_csv[1][2].startswith("'=")  # formulas neutralised by the shared writer
    sites_csv = list(csv.reader(io.StringIO(_body(client.get("/reseau/sites.csv")))))
    assert len(sites_csv) == 3
    assert client.get("/reseau.geojson?programme=nope").status_code in (200, 404)


def test_commune_and_action_pages_show_what_the_network_realised(client, programme, communes):
    one, _two = communes
    programme.territory_id = one.departement_id
    programme.save(update_fields=["territory"])
    action = roadmap_factories.action(
        roadmap_factories.orientation(programme), "Liaisons intersites mairie – école"
    )
    net = factories.network(programme)
    town = factories.member_site(net, one, name="Mairie de Commune-Une")
    school = factories.member_site(net, one, kind="school", name="École de Commune-Une")
    link = factories.link(net, town, school)
    services.link_save(actor=SYSTEM, link=link, actions=[action])
    commune_page = client.get(f"/communes/{one.code}/").content.decode()
    assert "École de Commune-Une" in commune_page
    action_page = client.get(action.get_absolute_url()).content.decode()
    assert "École de Commune-Une" in action_page
    assert "1 liaison intersite" in action_page


def test_back_office_enters_a_site_joins_it_and_links_it(client, team, programme, communes):
    one, two = communes
    client.force_login(team)
    assert client.post("/gestion/reseau/", {"name": "GFU"}).status_code == 302
    response = client.post(
        "/gestion/reseau/sites/nouveau/",
        {"do": "save", "kind": "town_hall", "name": "Mairie", "commune": one.code},
    )
    assert response.status_code == 302
    site = PublicSite.objects.get(name="Mairie")
    assert site.at_centroid
    joined = client.post(
        f"/gestion/reseau/sites/{site.pk}/", {"do": "join", "joined_on": "2019-01-07"}
    )
    assert joined.status_code == 302
    other = factories.member_site(Network.objects.get(), two)
    form = {
        "site_a": site.pk, "site_b": other.pk, "technology": "radio", "bandwidth_mbps": "30",
        "status": "in_service", "ordered_on": "2019-02-01", "in_service_on": "2019-05-02",
        "cost": "9000",
    }  # fmt: skip
    assert client.post("/gestion/reseau/liaisons/nouvelle/", form).status_code == 302
    assert Link.objects.get().technology == "radio"
    for hostile in ({"cost": "-5"}, {"in_service_on": "2999-01-01"}, {"bandwidth_mbps": "x"}):
        bad = client.post("/gestion/reseau/liaisons/nouvelle/", {**form, **hostile})
        assert bad.status_code == 400
    bad_site = client.post(
        "/gestion/reseau/sites/nouveau/",
        {"do": "save", "kind": "school", "name": "X", "commune": one.code,
         "website": "javascript:alert(1)"},
    )  # fmt: skip
    assert bad_site.status_code == 400
    upload = io.BytesIO(SAMPLE.read_bytes())
    upload.name = "annuaire.csv"
    imported = client.post(
        "/gestion/reseau/sites/import/", {"file": upload, "departement": "66", "only_valid": "on"}
    )
    assert imported.status_code == 200
    assert PublicSite.objects.filter(directory_id__startswith="exemple-").count() == 3
    assert SiteOwner.objects.count() == 0  # no organisation of the directory matches


def test_demo_loads_an_example_network_and_grouping_once(make_commune):
    """The demo: sites of real communes at their centroids, links of every status, a grouping
    with orders, all labelled examples, and the action « liaisons intersites mairie – école »."""
    from endavant.actors import defaults as actor_defaults
    from endavant.network import defaults
    from endavant.network.models import Grouping, Order
    from endavant.roadmap import defaults as roadmap_defaults

    make_commune(isolated=False, code="66136", name="Perpignan",
                 centroid_longitude=2.89, centroid_latitude=42.70)  # fmt: skip
    for n in range(14):
        make_commune(isolated=n % 3 != 0, code=f"661{n:02d}", name=f"Commune {n}",
                     centroid_longitude=2.0 + n / 20, centroid_latitude=42.4 + n / 50)  # fmt: skip
    actor_defaults.load(io.StringIO())
    roadmap_defaults.load(io.StringIO())
    out = io.StringIO()
    defaults.load(out)
    defaults.load(io.StringIO())
    assert "example GFU" in out.getvalue()
    net = Network.objects.get()
    assert net.is_example
    assert net.name.startswith("Exemple")
    assert all(s.name.startswith("Exemple") and s.at_centroid for s in PublicSite.objects.all())
    statuses = set(Link.objects.values_list("status", flat=True))
    assert statuses == {"planned", "ordered", "in_service", "retired"}
    assert net.stats["links_in_service"] > 5
    grouping = Grouping.objects.get()
    assert grouping.is_example
    assert Order.objects.count() == 16
    assert Order.objects.filter(status="cancelled").count() == 1
    assert Link.objects.filter(actions__title__contains="mairie – école").exists()
    for lot in grouping.contracts.first().lots.all():
        assert lot.ordered == sum(o.amount for o in lot.orders.exclude(status="cancelled"))
    assert all(entry.actor_label == "system" for entry in AuditEntry.objects.all())
    assert timezone.now()  # the demo wrote nothing dated in the future


def test_the_site_form_offers_every_kind_of_site():
    from endavant.network.forms import SITE_KINDS

    assert sorted(value for value, _label in SITE_KINDS) == sorted(PublicSite.Kind.values)


def test_the_public_page_counts_the_same_queries_whatever_the_size(
    client, programme, communes, make_commune, django_assert_max_num_queries
):
    """The page reads stored figures and fetches its tables in a fixed number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one, two = communes
    net = factories.network(programme)
    hub = factories.member_site(net, two)
    factories.link(net, hub, factories.member_site(net, one))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reseau/").status_code == 200
        return len(queries)

    small = count()
    for n in range(8):
        commune = make_commune(code=f"6697{n}", centroid_longitude=2.1, centroid_latitude=42.5)
        factories.link(net, hub, factories.member_site(net, commune), technology="radio",
                       bandwidth_mbps=20)  # fmt: skip
    assert count() == small
    with django_assert_max_num_queries(small):
        client.get("/reseau/")


def test_downloads_of_a_programme_without_network_are_not_found(client, programme):
    assert client.get("/reseau.geojson").status_code == 404
    assert client.get("/reseau.csv").status_code == 404
    assert "pas encore de réseau" in client.get("/reseau/").content.decode()


def test_the_import_command_reads_a_directory_export(communes, tmp_path):
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("network", "import-sites", str(SAMPLE), "--departement", "66", "--only-valid",
                 stdout=out, stderr=io.StringIO())  # fmt: skip
    assert "3 site(s) created" in out.getvalue()
    empty = tmp_path / "vide.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("network", "import-sites", str(empty), stdout=io.StringIO(),
                     stderr=io.StringIO())  # fmt: skip
    call_command("network", "refresh-stats", stdout=out)
