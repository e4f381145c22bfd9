"""Run inside a seeded database: the pages to measure, each with its queries per
request (warm) and a logged-in session cookie for the load tool; then a write, the
save of a workout from the log page, timed in this process against the bare page
logged in. Prints JSON: ``{"pages": [...], "write": {...}}``."""

import json
import os
import statistics
import time
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.local")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from clients.selectors import client_for_user  # noqa: E402
from programming.models import Program  # noqa: E402
from training.models import Workout  # noqa: E402

HOST = {"HTTP_HOST": "127.0.0.1"}
# The demo's two clients with a login: one keeps a short history, the other a long
# one (``tests.bench.history``).
SHORT, LONG = "client@example.com", "client2@example.com"
# Pages measured cold and under churn too: composed of each client's fragments.
COMPOSED = ("trainer dashboard", "client page", "My program")
SAVES = 20


def _log_url(user: User) -> str:
    client = client_for_user(user=user)
    day = Program.objects.get(client=client, is_active=True).days.first()
    return reverse("training:my_day_log", args=[day.pk])


def pages() -> list[tuple[str, str, User | None]]:
    """(name, path, who is logged in): the first two rows are the baselines, the
    bare page logged out and logged in (the session, the user and the frame)."""
    coach = User.objects.get(email="coach@example.com")
    short, long = User.objects.get(email=SHORT), User.objects.get(email=LONG)
    first_client = coach.clients.order_by("pk").first()
    counts = {
        email: Workout.objects.filter(client__email=email).count()
        for email in (SHORT, LONG)
    }
    found = [
        ("bare page", reverse("up"), None),
        ("bare page, logged in", reverse("up"), coach),
        ("public home", reverse("home"), None),
        ("consultation form", reverse("clients:consultation_request"), None),
        ("trainer dashboard", reverse("dashboard:index"), coach),
        ("client page", first_client.get_absolute_url(), coach),
        ("trainer consultations", reverse("clients:consultation_list"), coach),
        ("My program", reverse("dashboard:my_program"), short),
    ]
    for user in (short, long):
        n = counts[user.email]
        found += [
            (f"log page, {n:,} workouts", _log_url(user), user),
            (f"My progress, {n:,} workouts", reverse("training:my_progress"), user),
        ]
    from assessments.models import Assessment

    assessment = Assessment.objects.filter(client=first_client).order_by("pk").last()
    if assessment is not None:
        found.append(("assessment page", assessment.get_absolute_url(), coach))
    return found


def measure(name: str, path: str, user: User | None) -> dict:
    browser = HttpClient(**HOST)
    if user is not None:
        browser.force_login(user)
    browser.get(path)  # warm caches, as a running server has them
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    cookie = browser.cookies.get("sessionid")
    return {
        "name": name,
        "path": path,
        "queries": len(queries),
        "cookie": f"sessionid={cookie.value}" if cookie else "",
        "composed": name in COMPOSED,
    }


def write() -> dict:
    """``SAVES`` workouts saved from the log page by the client with the long
    history, each timed beside a request for the bare page logged in: the median
    of each, their ratio and the queries of a save."""
    user = User.objects.get(email=LONG)
    url = _log_url(user)
    client = client_for_user(user=user)
    day = Program.objects.get(client=client, is_active=True).days.first()
    browser, bare = HttpClient(**HOST), HttpClient(**HOST)
    browser.force_login(user)
    bare.force_login(user)
    saves, bares, queries = [], [], 0
    for n in range(SAVES):
        data = {"uid": str(uuid.uuid4()), "performed_on": str(timezone.localdate())}
        data["notes"] = ""
        for i, p in enumerate(day.prescriptions.order_by("position")):
            measure_field = "reps" if p.reps else "distance_m"
            for j in range(p.sets):
                data[f"e{i}-s{j}-done"] = "on"
                data[f"e{i}-s{j}-amount"] = str(getattr(p, measure_field) or 1)
                data[f"e{i}-s{j}-load"] = str(p.load or "")
            data.update({f"e{i}-rpe": "7", f"e{i}-pain": "0"})
            data.update({f"e{i}-where": "", f"e{i}-note": ""})
        start = time.perf_counter()
        bare.get(reverse("up"))
        bares.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as counted:
            start = time.perf_counter()
            response = browser.post(url, data)
            saves.append(time.perf_counter() - start)
        if response.status_code != 302:
            raise SystemExit(f"the save answered {response.status_code}")
        queries = max(queries, len(counted)) if n else queries
    save_ms = statistics.median(saves) * 1000
    bare_ms = statistics.median(bares) * 1000
    return {
        "name": "workout save",
        "saves": SAVES,
        "ms": save_ms,
        "bare_ms": bare_ms,
        "ratio_in": bare_ms / save_ms if save_ms else 0,
        "queries": queries,
    }


if __name__ == "__main__":
    found = [measure(*page) for page in pages()]
    print(json.dumps({"pages": found, "write": write()}))
