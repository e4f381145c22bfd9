"""The admin as the owner uses it: grouped, on a phone, with no dead links."""

import pytest
from django.contrib import admin
from django.urls import resolve, reverse

from accounts.access import Access, access_of
from brand.models import Brand
from brand.services import brand_save
from tests.factories import AdminFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if hasattr(m, "get_absolute_url")],
    ids=lambda m: m._meta.label,
)
def test_no_view_on_site_link_leads_the_owner_to_a_refusal(model):
    """A model whose page is for a trainer or a client must not offer the owner
    "View on site": they would be answered 403."""
    model_admin = admin.site._registry[model]
    if model_admin.view_on_site is False:
        return
    # Any left on must lead to a page the owner may open.
    url = model(pk=1).get_absolute_url()
    assert access_of(resolve(url).func) in {Access.PUBLIC, Access.ADMIN}, url


def test_the_index_puts_the_owners_work_first_and_technical_tables_after(client):
    client.force_login(AdminFactory())
    html = client.get(reverse("admin:index")).content.decode()
    work = html[html.index("Your business") : html.index("Records and technical")]
    rest = html[html.index("Records and technical") :]
    for name in ["Consultations", "Clients", "Sessions", "Subscribers", "Brand"]:
        assert name in work
    for name in ["Access attempts", "Emails", "Calendar feeds"]:
        assert name in rest
        assert name not in work
    assert work.index("Consultations") < work.index("Subscribers")


def test_the_admin_header_carries_the_business_name(client):
    brand_save(brand=Brand(business_name="North Strength"))
    client.force_login(AdminFactory())
    assert "North Strength admin" in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("view", ["change", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_empty_to_field_is_a_400_not_a_500(client, view, method):
    """Django's change and delete pages take ``_to_field=`` (empty) for a field's
    name and fail on it; the site refuses it first, as Django refuses a field it
    does not allow."""
    owner = AdminFactory()
    client.force_login(owner)
    url = reverse(f"admin:accounts_user_{view}", args=[owner.pk])
    if method == "get":
        response = client.get(url, {"_to_field": ""})
    else:
        response = client.post(url, {"_to_field": "", "post": "yes"})
    assert response.status_code == 400
    assert type(owner).objects.filter(pk=owner.pk).exists()
    assert client.get(url, {"_to_field": "id"}).status_code == 200


@pytest.mark.parametrize("chosen", ["Fuzz", "-1e309", ""])
def test_an_action_on_a_row_that_is_no_id_is_a_400_not_a_500(client, chosen):
    """Django's list runs an action on ``pk__in`` the ids sent, and fails on one
    that is not an id; the site refuses it first, and deletes nothing."""
    owner = AdminFactory()
    client.force_login(owner)
    url = reverse("admin:clients_consultation_changelist")
    consultation = ConsultationFactory()
    body = {"action": "delete_selected", "_selected_action": [consultation.pk, chosen]}
    response = client.post(url, body)
    assert response.status_code == 400
    assert type(consultation).objects.filter(pk=consultation.pk).exists()
    body["_selected_action"] = [consultation.pk]
    assert client.post(url, body).status_code == 200  # the confirmation page
