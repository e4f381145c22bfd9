"""The admin as the owner uses it: their day's work first, the records and the
site's technical tables after, under the business's own name."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import TO_FIELD_VAR, ModelAdmin
from django.core.exceptions import BadRequest, ValidationError

# The owner's work, in the order they reach for it.
OWNER_MODELS = [
    "clients.Consultation",
    "clients.Client",
    "accounts.User",
    "scheduling.Session",
    "newsletter.Subscriber",
    "brand.Brand",
]


EMPTY_TO_FIELD = "An empty field name (_to_field) is refused."
NOT_A_ROW = "A row chosen for an action is not one of this list's."


class CoachAdminSite(admin.AdminSite):
    site_title = "Admin"
    index_title = "Your business, then the records and technical tables"
    # The lists need the width more than a second menu: the index page is one click
    # away.
    enable_nav_sidebar = False

    def admin_view(self, view, cacheable=False):
        """Every admin page, refusing with a 400 what Django's own pages fail on
        with a 500: an empty ``_to_field``, which the change and delete pages take
        for a field's name (``FieldDoesNotExist``), and, on a list, a row chosen for
        an action whose id is not one (``ValueError`` as the action runs)."""
        model_admin = getattr(view, "__self__", None)

        @wraps(view)
        def checked(request, *args, **kwargs):
            sent = [request.GET.get(TO_FIELD_VAR)]
            if request.method == "POST":
                sent.append(request.POST.get(TO_FIELD_VAR))
                if isinstance(model_admin, ModelAdmin):
                    _check_chosen(request, model_admin.model)
            if "" in sent:
                raise DisallowedModelAdminToField(EMPTY_TO_FIELD)
            return view(request, *args, **kwargs)

        return super().admin_view(checked, cacheable)

    def each_context(self, request):
        from brand.selectors import brand_get

        context = super().each_context(request)
        context["site_header"] = f"{brand_get().business_name} admin"
        return context

    def index(self, request, extra_context=None):
        app_list = self.get_app_list(request)
        work, rest = [], []
        by_label = {}
        for app in app_list:
            kept = []
            for model in app["models"]:
                label = f"{app['app_label']}.{model['object_name']}"
                if label in OWNER_MODELS:
                    by_label[label] = model
                else:
                    kept.append(model)
            if kept:
                rest.append({**app, "models": kept})
        for label in OWNER_MODELS:
            if label in by_label:
                work.append(by_label[label])
        sections = [
            {
                "title": "Your business",
                "apps": [
                    {
                        "name": "Day to day",
                        "app_label": "work",
                        "app_url": "#work",
                        "models": work,
                    }
                ],
            },
            {"title": "Records and technical tables", "apps": rest},
        ]
        extra_context = {**(extra_context or {}), "sections": sections}
        return super().index(request, extra_context)


def _check_chosen(request, model) -> None:
    pk = model._meta.pk
    for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
        try:
            pk.to_python(value)
        except ValidationError:
            raise BadRequest(NOT_A_ROW) from None


class CoachAdminConfig(AdminConfig):
    default_site = "trainer.admin_site.CoachAdminSite"
