from django.urls import path

from accounts.access import client_required, public, trainer_required
from packages import views

app_name = "packages"

urlpatterns = [
    path(
        "clients/<int:pk>/credits/",
        trainer_required(views.client_credits),
        name="client_credits",
    ),
    path(
        "clients/<int:pk>/credits/payment/",
        trainer_required(views.client_payment),
        name="client_payment",
    ),
    path(
        "clients/<int:pk>/credits/adjust/",
        trainer_required(views.client_adjust),
        name="client_adjust",
    ),
    path("my/credits/", client_required(views.my_credits), name="my_credits"),
    path("my/credits/buy/", client_required(views.my_buy), name="my_buy"),
    path(
        "my/credits/paid/",
        client_required(views.my_checkout_done),
        name="my_checkout_done",
    ),
    # Stripe's events: signed with the endpoint's secret, which is their access.
    path("stripe/webhook/", public(views.stripe_webhook), name="stripe_webhook"),
]
