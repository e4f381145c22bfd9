"""Every read of the blog. Visitors see published posts only; a writer sees the posts
they may edit (the owner all, a trainer their own)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from blog.models import Post, Series
from blog.rendering import body_html


def _for_pages(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("author", "series", "cover")


def post_list_published(*, pattern: str = "") -> QuerySet[Post]:
    """Published posts, newest first, with what a list shows joined."""
    posts = _for_pages(Post.objects.published())
    return posts.filter(pattern=pattern) if pattern else posts


def post_get_published(*, slug: str) -> Post:
    """A published post, or 404 (a draft or scheduled post does not exist yet)."""
    return get_object_or_404(_for_pages(Post.objects.published()), slug=slug)


def series_get(*, slug: str) -> Series:
    return get_object_or_404(Series, slug=slug)


def series_posts(*, series_id: int) -> QuerySet[Post]:
    """The published parts of a series, in order."""
    return (
        _for_pages(Post.objects.published())
        .filter(series_id=series_id)
        .order_by("series_part", "publish_at")
    )


def post_list_for_writer(*, user: User) -> QuerySet[Post]:
    """The posts ``user`` may edit, drafts first, then by publish time."""
    return _for_pages(Post.objects.written_by(user)).order_by(
        "status", "-publish_at", "-pk"
    )


def post_get_for_writer(*, user: User, pk: int) -> Post:
    """A post ``user`` may edit, or 404: another trainer's post does not exist for
    them."""
    return get_object_or_404(_for_pages(Post.objects.written_by(user)), pk=pk)


def post_html(*, post: Post) -> str:
    """The post's body as safe HTML, its ladder tags showing the author's ladders
    as they are now."""
    return body_html(body=post.body, author=post.author)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class PostForIssue:
    """A published post as a newsletter issue takes it."""

    title: str
    summary: str
    html: str  # sanitised; links and pictures absolute, for an email
    url: str  # the post's page, absolute
    cover_url: str  # absolute, or ""


def post_for_issue(*, pk: int) -> PostForIssue:
    """A published post, ready to become a newsletter issue: its title, summary,
    rendered body (ladders as they are now) and absolute address. Raises
    ``Post.DoesNotExist`` for a post that is not published."""
    post = _for_pages(Post.objects.published()).get(pk=pk)
    site = settings.SITE_URL.rstrip("/")
    html = post_html(post=post)
    html = html.replace('src="/', f'src="{site}/').replace('href="/', f'href="{site}/')
    return PostForIssue(
        title=post.title,
        summary=post.summary,
        html=html,
        url=absolute(post.get_absolute_url()),
        cover_url=absolute(post.cover.get_absolute_url()) if post.cover else "",
    )
