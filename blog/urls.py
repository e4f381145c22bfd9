from django.urls import path, re_path

from accounts.access import public, writer_required
from blog import views
from blog.feeds import AtomPostFeed, PostFeed
from core.http import read_only

app_name = "blog"

urlpatterns = [
    path("", public(views.post_list), name="post_list"),
    path("feed/", public(read_only(PostFeed())), name="feed"),
    path("feed/atom/", public(read_only(AtomPostFeed())), name="feed_atom"),
    path("series/<slug:slug>/", public(views.series_detail), name="series_detail"),
    path("pattern/<str:pattern>/", public(views.pattern_posts), name="pattern"),
    re_path(
        r"^images/(?P<name>[A-Za-z0-9_-]{1,40}\.(?:png|jpg|webp))$",
        public(views.image),
        name="image",
    ),
    path("write/", writer_required(views.writer_list), name="writer_list"),
    path("write/new/", writer_required(views.post_new), name="post_new"),
    path("write/<int:pk>/", writer_required(views.post_edit), name="post_edit"),
    path(
        "write/<int:pk>/preview/",
        writer_required(views.post_preview),
        name="post_preview",
    ),
    path("write/<int:pk>/images/", writer_required(views.image_add), name="image_add"),
    path(
        "write/<int:pk>/publish/",
        writer_required(views.post_publish),
        name="post_publish",
    ),
    path(
        "write/<int:pk>/schedule/",
        writer_required(views.post_schedule),
        name="post_schedule",
    ),
    path(
        "write/<int:pk>/unpublish/",
        writer_required(views.post_unpublish),
        name="post_unpublish",
    ),
    path("<slug:slug>/", public(views.post_detail), name="post_detail"),
]
