import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from brand.models import Brand
from brand.selectors import brand_get
from brand.services import brand_save
from core.images import MAX_SIDE, NOT_AN_IMAGE, image_clean
from outbox.services import email_render
from tests.brand.images import HTML, PNG, POLYGLOT, SVG, png_bomb, png_declaring
from tests.factories import AdminFactory

pytestmark = pytest.mark.django_db

CHANGE = reverse("admin:brand_brand_change", args=[1])


def _form(**changes) -> dict:
    data = {
        "business_name": "Hinge & Co",
        "headline": "Lift for life",
        "coach_name": "Dana Smith",
        "story": "I coached for ten years.\n\nI teach from the top down.",
        "prices": "Single session: £50\nTen sessions: £450",
        "email": "dana@hinge.example",
        "phone": "+44 20 7946 0000",
        "address": "1 Dock Road\nLondon",
        "colour": "#7a1f5c",
    }
    return {**data, **changes}


@pytest.fixture
def owner(client):
    client.force_login(AdminFactory())
    return client


def test_the_owner_sets_the_brand_in_the_admin_and_every_page_shows_it(owner):
    assert owner.get(reverse("admin:brand_brand_changelist")).url == CHANGE
    response = owner.post(CHANGE, _form())
    assert response.status_code == 302, response.context["adminform"].form.errors

    home = owner.get(reverse("home")).content.decode()
    assert "<title>Lift for life · Hinge &amp; Co</title>" in home
    nav = home[home.index("<nav") : home.index("</nav>")]
    assert "Hinge &amp; Co" in nav
    assert "About Dana Smith" in home
    assert "Ten sessions: £450" in home
    assert 'href="mailto:dana@hinge.example"' in home
    assert 'href="tel:+442079460000"' in home
    assert brand_get().stylesheet_url() in home
    hinge = owner.get(reverse("programming:pattern", args=["hinge"])).content.decode()
    assert "As Dana Smith teaches it at Hinge &amp; Co." in hinge

    css = owner.get(brand_get().stylesheet_url())
    assert css["Content-Type"].startswith("text/css")
    assert "--bs-primary: #7a1f5c;" in css.content.decode()
    assert "--bs-primary-rgb: 122, 31, 92;" in css.content.decode()


def test_a_colour_too_light_for_white_text_is_refused_with_a_suggestion(owner):
    response = owner.post(CHANGE, _form(colour="#ffcc00"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "contrast of 1.5:1" in html
    assert "Try #8f7200" in html
    assert brand_get().colour == "#0d6efd"


def test_an_svg_logo_is_refused_and_a_png_is_served_as_an_image(owner, client):
    svg = SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")
    response = owner.post(CHANGE, {**_form(), "logo_upload": svg})
    assert response.status_code == 200
    assert NOT_AN_IMAGE in response.content.decode()
    assert not brand_get().has_logo

    png = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    assert owner.post(CHANGE, {**_form(), "logo_upload": png}).status_code == 302
    brand = brand_get()
    assert brand.has_logo
    client.logout()
    served = client.get(brand.logo_url())
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served.content == image_clean(PNG).data
    assert "immutable" in served["Cache-Control"]
    assert f'src="{brand.logo_url()}"' in client.get(reverse("home")).content.decode()

    owner.force_login(AdminFactory())
    owner.post(CHANGE, {**_form(), "logo_remove": "on"})
    assert client.get(brand.logo_url()).status_code == 404


def test_the_stylesheet_is_cached_for_a_year_only_under_its_version(client):
    brand = brand_get()
    versioned = client.get(brand.stylesheet_url())
    assert "max-age=31536000" in versioned["Cache-Control"]
    bare = client.get(reverse("brand_css"))
    assert "max-age=60" in bare["Cache-Control"]


def test_saving_the_brand_changes_its_version_and_clears_the_cache():
    before = brand_get().version
    brand_save(brand=Brand(business_name="North Strength", colour="#1d4ed8"))
    after = brand_get()
    assert after.business_name == "North Strength"
    assert after.version != before


def test_pages_read_the_brand_from_the_cache(client, django_assert_max_num_queries):
    brand_save(brand=Brand(business_name="North Strength"))
    client.get(reverse("home"))  # fills the cache
    with django_assert_max_num_queries(2):  # the request's savepoint only
        html = client.get(reverse("home")).content.decode()
    assert "North Strength" in html


def test_emails_carry_the_brand():
    brand_save(
        brand=Brand(
            business_name="North Strength",
            email="hi@north.example",
            address="1 Dock Road",
        )
    )
    subject, _text, html = email_render(
        template="subscriber_welcome",
        context={"subscriber": None, "unsubscribe_url": "http://x/u/"},
    )
    assert subject == "Welcome to the North Strength newsletter"
    assert "North Strength · 1 Dock Road" in html  # the postal address the law asks

    subject, _text, html = email_render(
        template="consultation_received", context={"consultation": {}}
    )
    assert subject == "We have your request for a consultation with North Strength"
    assert "North Strength · hi@north.example" in html


def test_the_printout_carries_the_business_name(client):
    brand_save(brand=Brand(business_name="North Strength", phone="0123"))
    html = client.get(reverse("home")).content.decode()
    header = html[html.index('class="d-none d-print-flex') :]
    assert "North Strength" in header[: header.index("</header>")]


def test_pages_keep_the_brand_when_the_cache_is_down(client, monkeypatch):
    brand_save(brand=Brand(business_name="North Strength"))

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("brand.selectors.cache.get", down)
    monkeypatch.setattr("brand.selectors.cache.set", down)
    assert "North Strength" in client.get(reverse("home")).content.decode()


def test_a_logo_that_is_also_a_web_page_is_stored_and_served_as_the_picture_alone(
    owner, client
):
    upload = SimpleUploadedFile("logo.png", POLYGLOT, content_type="image/png")
    assert owner.post(CHANGE, {**_form(), "logo_upload": upload}).status_code == 302

    brand = Brand.objects.get()
    assert brand.logo_type == "image/png"
    assert HTML not in bytes(brand.logo)
    assert b"<html" not in bytes(brand.logo)
    client.logout()
    served = client.get(brand_get().logo_url())
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"<html" not in served.content
    assert served.content.startswith(PNG[:8])
    home = client.get(reverse("home"))
    assert f'src="{brand_get().logo_url()}"' in home.content.decode()
    # A same-origin picture, which the content security policy lets the page show.
    assert "img-src 'self' data:" in home["Content-Security-Policy"]


@pytest.mark.parametrize(
    "bomb",
    [lambda: png_declaring(100_000, 100_000), lambda: png_bomb(20_000)],
    ids=["declared-100000", "real-20000"],
)
def test_a_decompression_bomb_is_refused_under_the_field(owner, bomb):
    upload = SimpleUploadedFile("logo.png", bomb(), content_type="image/png")

    response = owner.post(CHANGE, {**_form(), "logo_upload": upload})

    assert response.status_code == 200
    error = response.context["adminform"].form.errors["logo_upload"][0]
    assert f"at most {MAX_SIDE:,} × {MAX_SIDE:,} pixels" in error
    assert error in response.content.decode().replace("&#x27;", "'")
    assert not brand_get().has_logo


def test_the_service_re_encodes_bytes_it_is_given_directly():
    brand_save(brand=Brand(), images={"photo": POLYGLOT})

    assert HTML not in bytes(Brand.objects.get().photo)
