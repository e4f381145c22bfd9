"""The blog's feeds (RSS and Atom), through Django's syndication framework."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from blog import selectors
from blog.models import Post
from brand.selectors import brand_get

FEED_LENGTH = 20


class PostFeed(Feed):
    description_template = None

    def title(self) -> str:
        return f"{brand_get().business_name}: the blog"

    def link(self) -> str:
        return reverse("blog:post_list")

    def description(self) -> str:
        return brand_get().headline

    def items(self):
        return selectors.post_list_published()[:FEED_LENGTH]

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.summary

    def item_author_name(self, item: Post) -> str:
        return item.author.get_full_name()

    def item_pubdate(self, item: Post):
        return item.publish_at

    def item_updateddate(self, item: Post):
        return item.updated_at

    def item_categories(self, item: Post):
        return [item.pattern_label] if item.pattern else []


class AtomPostFeed(PostFeed):
    feed_type = Atom1Feed
    subtitle = PostFeed.description
