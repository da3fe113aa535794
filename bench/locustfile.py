"""Load scenario: residents browse, vote and register for a workshop; the team publishes.

Run headless by ``bench/bench_load.py`` (which prepares the database, the accounts and the plan,
starts gunicorn and a worker, and records the figures); alone:

    ENDAVANT_LOAD_PLAN=plan.json locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s \
        --host http://127.0.0.1:8000

The plan (JSON) names what exists in the database: ``password``, ``residents`` (e-mail
addresses), ``team`` (one address), ``ballots`` ({id, options}), ``workshops`` ({id, mode}),
``communes`` (INSEE codes). Every request that does not answer as a browser would expect counts
as an error.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(
    Path(os.environ["ENDAVANT_LOAD_PLAN"]).read_text(encoding="utf-8")
)
_lock = threading.Lock()
_residents = itertools.cycle(PLAN["residents"])


def _next_resident() -> str:
    with _lock:
        return next(_residents)


class Visitor(HttpUser):
    """Shared by both kinds of people: logging in, posting a form with its CSRF token."""

    abstract = True
    wait_time = between(1, 3)
    email = ""

    def log_in(self) -> None:
        self.client.get("/compte/connexion/", name="/compte/connexion/")
        with self.client.post(
            "/compte/connexion/",
            data={
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
                "username": self.email,
                "password": PLAN["password"],
            },
            allow_redirects=False,
            catch_response=True,
            name="/compte/connexion/ [POST]",
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused ({response.status_code})")

    def post_form(self, path: str, data: dict[str, str], name: str) -> None:
        data = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **data}
        with self.client.post(
            path, data=data, allow_redirects=False, catch_response=True, name=name
        ) as response:
            if response.status_code != 302:
                response.failure(f"expected a redirect, got {response.status_code}")


class Resident(Visitor):
    """A resident: the home page, a commune, the ballots, the workshops; votes and registers."""

    weight = 20

    def on_start(self) -> None:
        self.email = _next_resident()
        self.log_in()

    @task(4)
    def browse(self) -> None:
        self.client.get("/", name="/")
        code = random.choice(PLAN["communes"])
        self.client.get(f"/communes/{code}/", name="/communes/[code]/")
        self.client.get("/priorites/", name="/priorites/")

    @task(3)
    def vote(self) -> None:
        ballot = random.choice(PLAN["ballots"])
        path = f"/priorites/{ballot['id']}/"
        self.client.get(path, name="/priorites/[id]/")
        grades = {f"option-{option}": str(random.randrange(7)) for option in ballot["options"]}
        self.post_form(path, grades, "/priorites/[id]/ [vote]")

    @task(2)
    def workshops(self) -> None:
        self.client.get("/ateliers/", name="/ateliers/")
        if not PLAN["workshops"]:
            return
        workshop = random.choice(PLAN["workshops"])
        path = f"/ateliers/{workshop['id']}/"
        self.client.get(path, name="/ateliers/[id]/")
        self.post_form(
            path + "inscription/", {"mode": workshop["mode"]}, "/ateliers/[id]/inscription/"
        )


class Team(Visitor):
    """The programme team: the back-office, the jobs page, and a new workshop published."""

    weight = 1

    def on_start(self) -> None:
        self.email = PLAN["team"]
        self.log_in()

    @task
    def publish(self) -> None:
        self.client.get("/gestion/", name="/gestion/")
        self.client.get("/gestion/taches/", name="/gestion/taches/")
        self.client.get("/gestion/ateliers/nouveau/", name="/gestion/ateliers/nouveau/")
        starts = datetime.now() + timedelta(days=random.randint(10, 60))
        self.post_form(
            "/gestion/ateliers/nouveau/",
            {
                "title": f"Atelier numérique (exemple de charge) {random.randrange(10**6)}",
                "format": "in_person",
                "commune": random.choice(PLAN["communes"]),
                "place": "Salle des fêtes",
                "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                "capacity_room": "30",
                "is_example": "on",
            },
            "/gestion/ateliers/nouveau/ [publish]",
        )
