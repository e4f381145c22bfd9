"""Run inside a seeded database: the pages to measure, each with its queries per
request and a logged-in session cookie for the load tool. Prints JSON."""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings.local")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402

HOST = {"HTTP_HOST": "127.0.0.1"}


def pages() -> list[tuple[str, str, User | None]]:
    """(name, path, who is logged in): the first two rows are the baselines, the
    bare page logged out and logged in (the session, the user and the frame)."""
    coach = User.objects.get(email="coach@example.com")
    client_user = User.objects.get(email="client@example.com")
    first_client = coach.clients.order_by("pk").first()
    found = [
        ("bare page", reverse("up"), None),
        ("bare page, logged in", reverse("up"), coach),
        ("public home", reverse("home"), None),
        ("consultation form", reverse("clients:consultation_request"), None),
        ("trainer dashboard", reverse("dashboard:index"), coach),
        ("client page", first_client.get_absolute_url(), coach),
        ("trainer consultations", reverse("clients:consultation_list"), coach),
        ("My program", reverse("dashboard:my_program"), client_user),
    ]
    try:
        from assessments.models import Assessment
    except ImportError:
        return found
    assessment = Assessment.objects.filter(client=first_client).order_by("pk").last()
    if assessment is not None:
        found.append(("assessment page", assessment.get_absolute_url(), coach))
    return found


def measure(path: str, user: User | None) -> dict:
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
        "path": path,
        "queries": len(queries),
        "cookie": f"sessionid={cookie.value}" if cookie else "",
    }


if __name__ == "__main__":
    print(
        json.dumps(
            [{"name": name, **measure(path, user)} for name, path, user in pages()]
        )
    )
