from django.contrib import admin
from django.urls import include, path

from trainer import views
from trainer.accounts.access import public
from trainer.accounts.urls import auth_urlpatterns

admin.site.site_header = "Strength coach admin"
admin.site.site_title = "Strength coach admin"
admin.site.index_title = "Consultations, trainers, clients and everything else"
# The lists need the width more than a second menu: the index page is one click away.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", public(views.home), name="home"),
    path("favicon.ico", public(views.favicon), name="favicon"),
    path("up/", public(views.up), name="up"),
    path("admin/", admin.site.urls),
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/", include("trainer.accounts.urls")),
    path("newsletter/", include("trainer.newsletter.urls")),
    path("", include("clients.urls")),
    path("", include("programming.urls")),
    path("", include("assessments.urls")),
    path("", include("trainer.scheduling.urls")),
]
