from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from accounts.access import public
from accounts.urls import auth_urlpatterns
from blog.sitemaps import SITEMAPS
from brand import views as brand_views
from core import views as core_views
from core.http import read_only
from outbox import views as outbox_views
from programming.views import home

urlpatterns = [
    path("", public(home), name="home"),
    path("favicon.ico", public(core_views.favicon), name="favicon"),
    path("up/", public(core_views.up), name="up"),
    path("health/", public(outbox_views.health), name="health"),
    path("brand.css", public(brand_views.stylesheet), name="brand_css"),
    re_path(
        r"^brand/(?P<kind>photo|logo)$",
        public(brand_views.image),
        name="brand_image",
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/", include("accounts.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("blog/", include("blog.urls")),
    path(
        "sitemap.xml",
        public(read_only(sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("newsletter/issues/", include("letters.urls")),
    path("", include("dashboard.urls")),
    path("", include("clients.urls")),
    path("", include("screening.urls")),
    path("", include("programming.urls")),
    path("", include("assessments.urls")),
    path("", include("scheduling.urls")),
    path("", include("training.urls")),
    path("", include("messaging.urls")),
    path("", include("exchange.urls")),
    path("", include("booking.urls")),
    path("", include("packages.urls")),
    path("", include("notifications.urls")),
    path("api/", include("api.urls")),
]

# Django's own 400 view fails anew on a body it cannot read (see the view).
handler400 = core_views.bad_request
