import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_home_page_presents_the_method_and_both_calls_to_action(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):  # the request's savepoint only
        page = client.get(reverse("home"))
    html = page.content.decode()
    for pattern in ["Hinge", "Squat", "Push", "Pull", "Lunge", "Carry"]:
        assert pattern in html
    assert "Why we assess first" in html
    assert "Butt back" in html
    assert f'href="{reverse("clients:consultation_request")}"' in html
    assert f'action="{reverse("newsletter:subscribe")}"' in html
    assert 'name="source" value="home"' in html
    assert 'name="website"' in html  # the honeypot


def test_visitors_find_both_forms_in_the_menu(client):
    html = client.get(reverse("home")).content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]
    assert reverse("clients:consultation_request") in nav
    assert reverse("newsletter:subscribe") in nav


def test_the_newsletter_box_posts_a_working_sign_up(client):
    response = client.post(
        reverse("newsletter:subscribe"),
        {"email": "ann@example.com", "first_name": "", "source": "home", "website": ""},
    )
    assert response.url == reverse("newsletter:thanks")
