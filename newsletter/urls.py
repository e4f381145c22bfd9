from django.urls import path

from accounts.access import public
from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", public(views.subscribe), name="subscribe"),
    path("check-your-inbox/", public(views.thanks), name="thanks"),
    path("confirm/<str:token>/", public(views.confirm), name="confirm"),
    path("unsubscribe/<str:token>/", public(views.unsubscribe), name="unsubscribe"),
]
