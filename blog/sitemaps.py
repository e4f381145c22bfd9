"""The sitemap: the public pages and every published post and series."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from blog.models import Post, Series
from programming.models import Pattern


class PostSitemap(Sitemap):
    def items(self):
        return Post.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Post):
        return item.updated_at


class SeriesSitemap(Sitemap):
    def items(self):
        return Series.objects.filter(posts__status=Post.Status.PUBLISHED).distinct()


class PagesSitemap(Sitemap):
    def items(self):
        pages = ["home", "blog:post_list", "clients:consultation_request"]
        return pages + [("programming:pattern", p.value) for p in Pattern]

    def location(self, item) -> str:
        if isinstance(item, tuple):
            return reverse(item[0], args=[item[1]])
        return reverse(item)


SITEMAPS = {"pages": PagesSitemap, "posts": PostSitemap, "series": SeriesSitemap}
