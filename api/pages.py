"""The API's pages for people: the key page and the docs."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.models import Token

from api.services import api_token_reset, api_token_revoke
from brand.selectors import brand_get
from core.http import service_call

KEY_MADE = "Your new API key is shown below. The previous one no longer works."
KEY_TURNED_OFF = "Your API key is turned off."


@require_http_methods(["GET", "POST"])
def token(request):
    if request.method == "POST":
        with service_call(request):
            if request.POST.get("action") == "revoke":
                api_token_revoke(user=request.user)
                messages.success(request, KEY_TURNED_OFF)
            else:
                api_token_reset(user=request.user)
                messages.success(request, KEY_MADE)
        return redirect("api:token")
    return render(
        request,
        "api/token.html",
        {"token": Token.objects.filter(user=request.user).first()},
    )


def api_title() -> str:
    """The API's title: the business's name, as the brand has it."""
    return f"{brand_get().business_name} API"


@extend_schema(exclude=True)
class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, titled with the brand."""

    def get(self, request, *args, **kwargs):
        self.custom_settings = {"TITLE": api_title()}
        return super().get(request, *args, **kwargs)


@extend_schema(exclude=True)
class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI, served from this site, its script in a file of its own: the
    content security policy allows no inline script or style. Titled with the
    brand."""

    template_name = "api/docs.html"
    url_name = "api:schema"

    def get(self, request, *args, **kwargs):
        self.title = api_title()
        return super().get(request, *args, **kwargs)
