"""The blog's pages: the public list, posts, series, patterns and pictures, and the
writers' pages (the owner and the trainers) where posts are written and published."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from blog import selectors, services
from blog.forms import ImageForm, PostForm, ScheduleForm
from blog.models import Image, Post
from core.http import read_only, service_call
from programming.selectors import pattern_from_slug

PER_PAGE = 10
YEAR = 60 * 60 * 24 * 365

POST_CREATED = (
    "“{title}” is saved as a draft. Preview it, then publish it or schedule it."
)
POST_SAVED = "“{title}” is saved."
POST_PUBLISHED = "“{title}” is published."
POST_SCHEDULED = "“{title}” will be published on {when:%A %-d %B %Y at %H:%M}."
POST_UNPUBLISHED = "“{title}” is a draft again: visitors no longer see it."
IMAGE_ADDED = "The picture is added: copy its line into the body where it belongs."


def _page(request, posts, per_page: int = PER_PAGE):
    return Paginator(posts, per_page).get_page(request.GET.get("page"))


@read_only
def post_list(request):
    page = _page(request, selectors.post_list_published())
    return render(request, "blog/post_list.html", {"page": page, "posts": page})


@read_only
def post_detail(request, slug: str):
    post = selectors.post_get_published(slug=slug)
    return _post_page(request, post, preview=False)


def _post_page(request, post: Post, *, preview: bool):
    parts = (
        list(selectors.series_posts(series_id=post.series_id)) if post.series_id else []
    )
    return render(
        request,
        "blog/post_detail.html",
        {
            "post": post,
            "body": selectors.post_html(post=post),
            "parts": parts,
            "preview": preview,
            "canonical": selectors.absolute(post.get_absolute_url()),
            "cover_url": (
                selectors.absolute(post.cover.get_absolute_url()) if post.cover else ""
            ),
        },
    )


@read_only
def series_detail(request, slug: str):
    series = selectors.series_get(slug=slug)
    posts = selectors.series_posts(series_id=series.pk)
    page = _page(request, posts)
    return render(
        request,
        "blog/series_detail.html",
        {"series": series, "page": page, "posts": page},
    )


@read_only
def pattern_posts(request, pattern: str):
    pattern = pattern_from_slug(pattern)
    page = _page(request, selectors.post_list_published(pattern=pattern))
    return render(
        request,
        "blog/pattern_posts.html",
        {"pattern": pattern, "page": page, "posts": page},
    )


@read_only
def image(request, name: str):
    """A post's picture, as the image it was checked to be: its type is the one
    recorded when it was re-encoded, never guessed from the file."""
    found = Image.objects.filter(file=f"blog/{name}").first()
    if found is None:
        raise Http404("No picture")
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404("No picture") from None
    response = FileResponse(handle, content_type=found.content_type)
    response["Content-Disposition"] = "inline"
    # The name is random and never reused for other bytes.
    patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    return response


# --- Writers -----------------------------------------------------------------------


@read_only
def writer_list(request):
    page = _page(request, selectors.post_list_for_writer(user=request.user), 25)
    return render(request, "blog/writer_list.html", {"page": page, "posts": page})


def post_new(request):
    form = PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            post = services.post_save(
                post=form.instance,
                user=request.user,
                cover=form.cleaned_data["cover_upload"],
                new_series=form.cleaned_data["new_series"],
            )
            messages.success(request, POST_CREATED.format(title=post.title))
            return redirect("blog:post_edit", pk=post.pk)
    return render(request, "blog/post_form.html", {"form": form})


def post_edit(request, pk: int):
    post = selectors.post_get_for_writer(user=request.user, pk=pk)
    form = PostForm(request.POST or None, request.FILES or None, instance=post)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            post = services.post_save(
                post=form.instance,
                user=request.user,
                cover=form.cleaned_data["cover_upload"],
                new_series=form.cleaned_data["new_series"],
            )
            messages.success(request, POST_SAVED.format(title=post.title))
            return redirect("blog:post_edit", pk=post.pk)
    return render(
        request,
        "blog/post_form.html",
        {
            "form": form,
            "post": selectors.post_get_for_writer(user=request.user, pk=pk),
            "image_form": ImageForm(),
            "schedule_form": ScheduleForm(),
        },
    )


@read_only
def post_preview(request, pk: int):
    post = selectors.post_get_for_writer(user=request.user, pk=pk)
    return _post_page(request, post, preview=True)


@require_POST
def image_add(request, pk: int):
    post = selectors.post_get_for_writer(user=request.user, pk=pk)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        with service_call(request):
            services.post_image_add(
                post=post, data=form.cleaned_data["picture"], user=request.user
            )
            messages.success(request, IMAGE_ADDED)
    else:
        for error in form.errors.get("picture", []):
            messages.error(request, error)
    return redirect("blog:post_edit", pk=post.pk)


@require_POST
def post_publish(request, pk: int):
    post = selectors.post_get_for_writer(user=request.user, pk=pk)
    with service_call(request):
        post = services.post_publish(post=post)
        messages.success(request, POST_PUBLISHED.format(title=post.title))
    return redirect("blog:post_edit", pk=post.pk)


def post_schedule(request, pk: int):
    post = selectors.post_get_for_writer(user=request.user, pk=pk)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            post = services.post_schedule(
                post=post, publish_at=form.cleaned_data["publish_at"]
            )
            messages.success(
                request,
                POST_SCHEDULED.format(
                    title=post.title, when=timezone.localtime(post.publish_at)
                ),
            )
            return redirect("blog:post_edit", pk=post.pk)
    return render(request, "blog/post_schedule.html", {"form": form, "post": post})


def post_unpublish(request, pk: int):
    post = selectors.post_get_for_writer(user=request.user, pk=pk)
    if request.method == "POST":
        with service_call(request):
            post = services.post_unpublish(post=post)
            messages.success(request, POST_UNPUBLISHED.format(title=post.title))
        return redirect("blog:post_edit", pk=post.pk)
    return render(request, "blog/post_unpublish.html", {"post": post})
