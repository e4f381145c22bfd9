from urllib.parse import quote

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from brand.forms import BrandForm
from brand.models import Brand
from brand.services import brand_save
from core.http import service_call


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    """One page: the brand has a single row, so the list goes straight to it."""

    form = BrandForm
    fieldsets = [
        (
            "Business",
            {"fields": ["business_name", "headline", "colour", "colour_swatch"]},
        ),
        (
            "The coach",
            {
                "fields": [
                    "coach_name",
                    "story",
                    "photo_preview",
                    "photo_upload",
                    "photo_remove",
                ]
            },
        ),
        ("Contact", {"fields": ["email", "phone", "address"]}),
        ("Prices or packages", {"fields": ["prices"]}),
        ("Logo", {"fields": ["logo_preview", "logo_upload", "logo_remove"]}),
    ]
    readonly_fields = ["colour_swatch", "photo_preview", "logo_preview"]

    def has_add_permission(self, request):
        # The row always exists (a migration makes it); see get_object.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        # A database emptied by hand still opens the page, with the defaults.
        found = super().get_object(request, object_id, from_field)
        if found is None and str(object_id) == str(Brand.SINGLETON_PK):
            return Brand(pk=Brand.SINGLETON_PK)
        return found

    def changelist_view(self, request, extra_context=None):
        return HttpResponseRedirect(
            reverse("admin:brand_brand_change", args=[Brand.SINGLETON_PK])
        )

    def save_model(self, request, obj, form, change):
        with service_call(request):  # the form checked what the service checks
            brand_save(brand=obj, images=form.images)

    @admin.display(description="Saved colour")
    def colour_swatch(self, brand: Brand):
        # An image, not a style attribute: the content security policy allows
        # data: images and no inline style.
        svg = (
            "<svg xmlns='http://www.w3.org/2000/svg' width='96' height='32'>"
            f"<rect width='96' height='32' rx='4' fill='{brand.theme['primary']}'/>"
            "<text x='48' y='21' font-family='sans-serif' font-size='13' "
            "fill='white' text-anchor='middle'>Button</text></svg>"
        )
        return format_html(
            '<img src="data:image/svg+xml,{}" alt="White text on {}">',
            quote(svg),
            brand.theme["primary"],
        )

    @admin.display(description="Current photo")
    def photo_preview(self, brand: Brand):
        if not brand.has_photo:
            return "None yet"
        return format_html(
            '<img src="{}" alt="The coach\'s photo" class="brand-preview">',
            brand.photo_url(),
        )

    @admin.display(description="Current logo")
    def logo_preview(self, brand: Brand):
        if not brand.has_logo:
            return "None yet"
        return format_html(
            '<img src="{}" alt="The logo" class="brand-preview">', brand.logo_url()
        )
