from django.contrib import admin

from blog.models import Image, Post, Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    view_on_site = False  # the writers' pages link to the blog
    list_display = ["title", "slug"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    view_on_site = False  # a draft has no page yet
    """Read here; written on the site (the writers' pages), whose services check
    the body's tags, the address and the pictures."""

    list_display = ["title", "author", "status", "publish_at", "series", "series_part"]
    list_filter = ["status", "pattern", "series"]
    list_select_related = ["author", "series"]
    search_fields = ["title", "summary"]
    readonly_fields = [f.name for f in Post._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    view_on_site = False
    list_display = ["__str__", "post", "content_type", "width", "height"]
    list_select_related = ["post"]
    readonly_fields = [f.name for f in Image._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
