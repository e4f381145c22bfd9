"""A post's body: Markdown sanitised by core.markdown, ladder tags shown live."""

from html.parser import HTMLParser

import pytest

from blog.rendering import TAG_INLINE, TAG_PATTERN, body_html, tag_errors
from blog.selectors import post_for_issue, post_html
from programming.models import Ladder
from tests.factories import LadderFactory, PublishedPostFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)" onclick="x()">x</a>',
        '<p style="position:fixed">x</p>',
    ],
)
def test_script_event_handlers_and_javascript_links_never_reach_the_page(hostile):
    found = _Tags()
    found.feed(body_html(body=hostile, author=TrainerFactory()))
    assert "script" not in found.tags
    assert not [name for name in found.attributes if name.startswith("on")]
    assert "style" not in found.attributes
    assert not [v for v in found.values if v.lower().startswith("javascript")]


class _Tags(HTMLParser):
    """The elements and attributes of HTML, as a browser would read them."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes, self.values = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.append(name)
            self.values.append(value or "")


def test_a_ladder_tag_shows_the_authors_ladder_with_rungs_and_cues():
    trainer = TrainerFactory()
    html = body_html(body="Before.\n\n{{ ladder hinge }}\n\nAfter.", author=trainer)
    builtin = Ladder.objects.get(owner=None, pattern="hinge")
    first = builtin.rungs.get(position=1).variation
    assert html.index("Before.") < html.index("The hinge ladder") < html.index("After.")
    assert first.name in html
    assert first.cues[0] in html


def test_the_ladder_is_live_the_authors_own_default_as_it_is_today():
    trainer = TrainerFactory()
    own = LadderFactory(owner=trainer, is_default=True, rungs=2)
    post = PublishedPostFactory(author=trainer, body="{{ ladder hinge }}")
    first = own.rungs.get(position=1).variation
    assert first.name in post_html(post=post)
    first.name = "Dowel hinge, my way"
    first.save()
    html = post_html(post=post)
    assert "Dowel hinge, my way" in html
    # Another trainer's post shows their ladder (here the coach's built-in one).
    assert "Dowel hinge, my way" not in post_html(post=PublishedPostFactory())


def test_tags_out_of_place_are_named_in_the_error():
    assert tag_errors("{{ ladder hinge }}\n{{ ladder carry }}") == []
    assert tag_errors("Before.\r\n\r\n{{ ladder hinge }}\r\n\r\nAfter.") == []
    assert tag_errors("{{ ladder bench }}") == [
        TAG_PATTERN.format(tag="{{ ladder bench }}")
    ]
    assert tag_errors("See {{ ladder hinge }}") == [
        TAG_INLINE.format(tag="{{ ladder hinge }}")
    ]


def test_a_post_for_an_issue_has_absolute_links_and_its_ladder(settings):
    settings.SITE_URL = "https://coach.example"
    post = PublishedPostFactory(
        body="![the hinge](/blog/images/x.png)\n\n{{ ladder hinge }}"
    )
    issue = post_for_issue(pk=post.pk)
    assert issue.title == post.title
    assert issue.summary == post.summary
    assert issue.url == f"https://coach.example/blog/{post.slug}/"
    assert 'src="https://coach.example/blog/images/x.png"' in issue.html
    assert "The hinge ladder" in issue.html


def test_a_draft_is_no_issue():
    from blog.models import Post
    from tests.factories import PostFactory

    with pytest.raises(Post.DoesNotExist):
        post_for_issue(pk=PostFactory().pk)
