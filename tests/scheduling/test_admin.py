import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from scheduling.models import Session
from scheduling.services import session_cancel
from scheduling.services.checks import SESSION_IS_CANCELLED
from tests.factories import AdminFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_cancelling_in_the_admin_says_which_sessions_it_could_not_cancel(client):
    client.force_login(AdminFactory())
    done, upcoming = SessionFactory(), SessionFactory()
    session_cancel(session=done)
    page = client.post(
        reverse("admin:scheduling_session_changelist"),
        {"action": "cancel", ACTION_CHECKBOX_NAME: [done.pk, upcoming.pk]},
        follow=True,
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert SESSION_IS_CANCELLED in text
    assert "1 session cancelled." in text
    upcoming.refresh_from_db()
    assert upcoming.status == Session.Status.CANCELLED
