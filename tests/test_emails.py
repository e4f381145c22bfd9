"""One form of an email address (``core.emails``): stored, looked up and compared
canonical, and a lookalike refused wherever an address is given to the app. The
walks below fail on any model or form email field that bypasses it."""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from clients.models import Client, Consultation
from clients.services import client_create, client_update
from core.emails import (
    LOOKS_LIKE_ASCII,
    MIXED_SCRIPTS,
    email_canonical,
    email_key,
    email_lookalike,
)
from core.forms import EmailField, EmailLookupField
from core.models import CanonicalEmailField
from newsletter.models import Subscriber
from tests.factories import AdminFactory, ClientFactory, TrainerFactory

# --- The canonical form -----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Admin@Example.COM", "admin@example.com"),
        ("  admin@example.com ", "admin@example.com"),
        ("\uff41\uff44\uff4d\uff49\uff4e\uff20example.com", "admin@example.com"),
        ("ad\u200bmin@example.com", "admin@example.com"),  # zero-width space
        ("ad\u00admin@example.com", "admin@example.com"),  # soft hyphen
        ("\u2060admin@exam\ufeffple.com", "admin@example.com"),  # joiners
        ("\u017fupport@example.com", "support@example.com"),  # long s
        ("STRASSE@example.de", "strasse@example.de"),
        ("stra\u00dfe@example.de", "strasse@example.de"),
        ("adm\u0131n@example.com", "adm\u0131n@example.com"),  # another address
    ],
)
def test_every_spelling_of_an_address_has_one_canonical_form(typed, canonical):
    assert email_canonical(typed) == canonical


@given(st.text(max_size=40))
def test_the_canonical_form_is_a_fixed_point(text):
    once = email_canonical(text)
    assert email_canonical(once) == once
    assert email_key(once) == email_key(text)


@pytest.mark.parametrize(
    "lookalike",
    [
        "adm\u0131n@example.com",  # dotless i
        "\u0430dmin@example.com",  # Cyrillic a
        "admin@\u0435xample.com",  # Cyrillic e
        "\u0251dmin@example.com",  # Latin alpha
    ],
)
def test_a_lookalike_counts_as_the_address_it_imitates(lookalike):
    assert email_key(lookalike) == "admin@example.com"


# --- Refused lookalikes -----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "adm\u0131n@example.com",
            LOOKS_LIKE_ASCII.format(
                email="adm\u0131n@example.com",
                character="\u0131",
                name="Latin Small Letter Dotless I",
                ascii="i",
            ),
        ),
        (
            "\u017fupport@example.com",
            LOOKS_LIKE_ASCII.format(
                email="\u017fupport@example.com",
                character="\u017f",
                name="Latin Small Letter Long S",
                ascii="f",
            ),
        ),
        (
            "admin@\u0435xample.com",
            MIXED_SCRIPTS.format(
                email="admin@\u0435xample.com", scripts="Cyrillic, Latin"
            ),
        ),
        (
            "\u0430\u0441\u0435@example.com",  # all Cyrillic, all lookalikes
            LOOKS_LIKE_ASCII.format(
                email="\u0430\u0441\u0435@example.com",
                character="\u0430",
                name="Cyrillic Small Letter A",
                ascii="a",
            ),
        ),
    ],
)
def test_a_lookalike_is_refused_with_the_character_it_hides(typed, message):
    assert email_lookalike(typed) == message


@pytest.mark.parametrize(
    "address",
    [
        "admin@example.com",
        "\uff41\uff44\uff4d\uff49\uff4e@example.com",  # full width: it is admin
        "ad\u200bmin@example.com",
        "user@\u4f8b\u5b50.\u5e7f\u544a",  # Han
        "\u0438\u0432\u0430\u043d@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444",
        "anna@m\u00fcller.de",
        "tanaka@\u3072\u3089\u304c\u306a\u6f22\u5b57.jp",  # Japanese, mixed
    ],
)
def test_an_address_in_one_script_is_taken(address):
    assert email_lookalike(address) is None


# --- Mechanisms: no email field bypasses the canonical form ------------------------


def _project_app_configs():
    base = str(settings.BASE_DIR)
    return [
        config
        for config in apps.get_app_configs()
        if config.path.startswith(base) and ".venv" not in config.path
    ]


def test_every_email_of_every_model_is_canonical():
    emails = [
        f"{model._meta.label}.{field.name}"
        for config in _project_app_configs()
        for model in config.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.EmailField)
        or (isinstance(field, models.CharField) and "email" in field.name)
    ]
    assert "accounts.User.email" in emails
    bypassing = [
        label
        for label in emails
        if not isinstance(
            apps.get_model(label.rsplit(".", 1)[0])._meta.get_field(
                label.rsplit(".", 1)[1]
            ),
            CanonicalEmailField,
        )
    ]
    assert bypassing == []


def _import_every_forms_module() -> None:
    for config in _project_app_configs():
        for name in ("forms", "admin"):
            try:
                module = importlib.import_module(f"{config.name}.{name}")
            except ModuleNotFoundError:
                continue
            if hasattr(module, "__path__"):
                for sub in pkgutil.iter_modules(module.__path__):
                    importlib.import_module(f"{module.__name__}.{sub.name}")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _email_fields(form_class) -> dict[str, forms.Field]:
    return {
        name: field
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.EmailField)
        or (isinstance(field, forms.CharField) and "email" in name)
        or (name == "username" and issubclass(form_class, _login_forms()))
    }


def _login_forms():
    from django.contrib.auth.forms import AuthenticationForm

    return AuthenticationForm


def test_every_email_of_every_form_is_canonical():
    _import_every_forms_module()
    roots = {c.name for c in _project_app_configs()}
    project_forms = [
        form
        for form in _subclasses(forms.BaseForm)
        if form.__module__.split(".")[0] in roots
    ]
    found = {
        f"{form.__module__}.{form.__qualname__}.{name}": field
        for form in project_forms
        for name, field in _email_fields(form).items()
    }
    assert "accounts.forms.EmailAuthenticationForm.username" in found
    assert "newsletter.forms.SubscribeForm.email" in found
    assert "clients.forms.ClientForm.email" in found
    assert [
        name for name, field in found.items() if not isinstance(field, EmailLookupField)
    ] == []


@pytest.mark.django_db
def test_every_email_of_every_admin_form_is_canonical():
    request = RequestFactory().get("/admin/")
    request.user = AdminFactory(is_superuser=True)
    found = {}
    for model, model_admin in admin.site._registry.items():
        for obj in (None, *model._default_manager.all()[:1]):
            form = model_admin.get_form(request, obj)
            for name, field in _email_fields(form).items():
                found[f"{model._meta.label}.{name}"] = field
    assert type(found["accounts.User.email"]) is EmailField  # a lookalike refused
    assert [
        name for name, field in found.items() if not isinstance(field, EmailLookupField)
    ] == []


# --- Where an address is given to the app -------------------------------------------

LOOKALIKE = "adm\u0131n@example.com"
REFUSED = email_lookalike(LOOKALIKE)


@pytest.mark.django_db
def test_a_client_with_a_lookalike_email_is_refused_on_the_field():
    with pytest.raises(ValidationError) as refused:
        client_create(trainer=TrainerFactory(), first_name="Ana", email=LOOKALIKE)
    assert refused.value.message_dict == {"email": [REFUSED]}
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_a_client_is_stored_and_found_by_the_canonical_form():
    trainer = TrainerFactory()
    client = client_create(
        trainer=trainer, first_name="Ana", email="A\u200bNA@Example.com"
    )
    assert Client.objects.get(pk=client.pk).email == "ana@example.com"
    assert Client.objects.get(email="\uff41na@example.com") == client
    with pytest.raises(ValidationError):
        client_create(trainer=trainer, first_name="Ana", email="ana@EXAMPLE.com")
    client_update(client=client, email="Ana@example.COM")
    assert Client.objects.get(pk=client.pk).email == "ana@example.com"


@pytest.mark.django_db
def test_an_update_writes_the_canonical_form_too():
    client = ClientFactory()
    Client.objects.filter(pk=client.pk).update(email="B\u00adEN@example.com")
    assert Client.objects.get(pk=client.pk).email == "ben@example.com"


@pytest.mark.django_db
def test_the_client_form_refuses_a_lookalike(client):
    trainer = TrainerFactory()
    client.force_login(trainer)
    response = client.post(
        reverse("clients:client_new"), {"first_name": "Ana", "email": LOOKALIKE}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [REFUSED]
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_the_newsletter_sign_up_refuses_a_lookalike(client):
    response = client.post(reverse("newsletter:subscribe"), {"email": LOOKALIKE})
    assert response.status_code == 200
    assert REFUSED in response.context["form"].errors["email"]
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_the_consultation_request_refuses_a_lookalike(client):
    response = client.post(
        reverse("clients:consultation_request"),
        {
            "first_name": "Ana",
            "email": "ana@\u0435xample.com",
            "goals": "Strength",
            "time_zone": "Europe/London",
            "consent": "on",
        },
    )
    assert response.context["form"].errors["email"] == [
        email_lookalike("ana@\u0435xample.com")
    ]
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_login_with_a_lookalike_email(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": LOOKALIKE,
            "role": "trainer",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert REFUSED in response.context["adminform"].form.errors["email"]
    assert not User.objects.filter(role="trainer").exists()


@pytest.mark.django_db
def test_an_imported_row_with_a_lookalike_email_is_refused_with_the_reason():
    from exchange.services import client_import_apply, client_import_preview

    TrainerFactory(email="coach@example.com")
    data = (
        "name,email,trainer\r\n"
        f"Ana Lopez,{LOOKALIKE},coach@example.com\r\n"
        "Ben Ode,B\u200bEN@Example.com,COACH@example.com\r\n"
    ).encode()
    preview = client_import_preview(
        uploaded_by=AdminFactory(), file_name="clients.csv", data=data
    )
    assert [(row["action"], row["problems"]) for row in preview.rows] == [
        ("refused", [REFUSED]),
        ("create", []),
    ]
    client_import_apply(client_import=preview)
    assert list(Client.objects.values_list("email", flat=True)) == ["ben@example.com"]


@pytest.mark.django_db
def test_a_client_stored_with_a_lookalike_before_is_not_invited(client):
    """A client saved before lookalikes were refused keeps their row, but no login
    is made for the lookalike address: the trainer is told why."""
    from django.contrib.messages import get_messages

    legacy = ClientFactory()
    Client.objects.filter(pk=legacy.pk).update(email=LOOKALIKE)
    client.force_login(legacy.trainer)
    response = client.post(reverse("clients:client_invite", args=[legacy.pk]))
    assert response.status_code == 302
    assert any(REFUSED in str(m) for m in get_messages(response.wsgi_request))
    assert not User.objects.filter(role="client").exists()
    assert not Client.objects.get(pk=legacy.pk).user_id
