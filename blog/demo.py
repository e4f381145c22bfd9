"""The demo's blog: "The six patterns", a series the coach writes one pattern at a
time, its first parts published and the next one scheduled, each with a cover drawn
here with Pillow. Through the services, as the coach would publish them."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone
from PIL import Image as Picture
from PIL import ImageDraw, ImageFont

from accounts.models import User
from blog.models import Post
from blog.services import post_publish, post_save, post_schedule
from core.images import image_clean

SERIES = "The six patterns"

HINGE = """\
Almost every day you bend down to pick something up: a bag of shopping, a child, a
box from the floor. Each time, you hinge, well or badly. The hip hinge is the first
pattern I teach, and the one most people are most wary of.

## A bad rap it does not deserve

The hinge has a reputation. People blame the deadlift for their sore backs and drop it
altogether. The movement is not the problem: the problem is doing it with poor form,
or starting at a variation your body is not ready for. Learn the pattern and climb to
the harder versions one step at a time, and the hinge becomes one of the best things
you can do for yourself.

## Why hinge at all

- **A stronger back of the body.** The hinge trains the posterior chain: your back,
  glutes and hamstrings. Most of our day pulls us forward, over a desk, a phone or a
  steering wheel; this pulls the other way.
- **Strength, power and muscle.** Heavy hinges build strength, fast ones build power,
  and both build muscle.
- **Everyday life.** Picking a box up from the floor without hurting yourself is a
  hinge done well.

## Taught from the top down

Most people learn to hinge from the floor up, with a bar at their feet. I start from
standing, because that is where the pattern is easiest to feel:

1. **Stand tall.** Start straight up.
2. **Butt back.** Reach your hips back towards a wall or a foam roller behind you. The
   target tells you when you got there.
3. **Chest up.** Keep it proud as your hips shoot back and you fold at the waist.
4. **Knees out.** Grip the floor with your feet and twist outward, as if you were
   tearing a sheet of paper apart between them.

## The ladder

Here is the ladder I use for the hinge, easiest first. It is the one your trainer
works from today, so it changes when ours does:

{{ ladder hinge }}

Plus many more: a trainer adds the variations that suit you.

## Where do you start?

Not on the floor, for most people, and not everyone should end there either. The
right variation is the one you can do well and pain-free for your goal. That is what
the assessment is for: we look at how you move before you lift anything, and you start
on the rung that fits.
"""

SQUAT = """\
If the hinge is about folding at the hips, the squat is about sitting between your
feet. You do it every time you get out of a chair. Done well, it builds strong legs
and hips that carry you through the rest of your life.

## The same idea: start where you move well

A squat is not one exercise. It is a family of them, from sitting down onto a box to a
barbell on your back. As with the hinge, most trouble comes from starting too far up
the ladder, not from squatting.

## How I coach it

1. **Feet set.** About shoulder width, toes turned out a little, the whole foot on the
   floor.
2. **Sit between your heels.** Not back like a hinge: down, with your chest tall.
3. **Knees out.** Push them in line with your toes, the same "spread the floor" feel
   as in the hinge.
4. **Stand up through the whole foot.** Drive the floor away.

## The ladder

{{ ladder squat }}

A box or a bench under you is not cheating. It teaches depth, gives you a target, and
lets you build confidence before the load comes.

## Where do you start?

The assessment decides. Some start at a bodyweight squat to a box, some at a goblet
squat; we move you up a rung when the one you are on is solid and pain-free.
"""

PUSH = """\
Pushing is how you get up off the floor and how you put something on a high shelf.
This part of the series covers both directions: pushing away from you and pushing
overhead, and the ladder that gets you from an incline push-up to a barbell press.

## The ladder

{{ ladder push }}

Shoulders like to be trained often and kindly: the right rung is the one you can do
with a steady trunk and without pain.
"""

# (title, slug, pattern, summary, body, days after the series began, colours)
PARTS = [
    (
        "The hip hinge",
        "the-hip-hinge",
        "hinge",
        "Why the hinge gets a bad rap, why you should do it anyway, and how I teach "
        "it from the top down, one rung at a time.",
        HINGE,
        ("#1f3a5f", "#e9b44c"),
    ),
    (
        "The squat",
        "the-squat",
        "squat",
        "Sitting between your feet: how to coach the squat, and the ladder from a box "
        "squat to a barbell on your back.",
        SQUAT,
        ("#3d2c4f", "#8fc1a9"),
    ),
    (
        "The push",
        "the-push",
        "push",
        "Away from you and overhead: the push ladder, from an incline push-up to a "
        "barbell press.",
        PUSH,
        ("#2f4f3a", "#f2c57c"),
    ),
]


def cover(title: str, colours: tuple[str, str]) -> bytes:
    """A simple, quiet cover: the pattern's name on a dark field, with the line of a
    hinge (or a squat, or a push) drawn as one stroke."""
    width, height = 1200, 675
    dark, light = colours
    picture = Picture.new("RGB", (width, height), dark)
    draw = ImageDraw.Draw(picture)
    # A ladder of rungs, easiest first, climbing to the right.
    for rung in range(6):
        x = 700 + rung * 70
        top = 560 - rung * 70
        draw.rectangle((x, top, x + 50, 600), fill=light if rung < 3 else "#ffffff")
    font = ImageFont.load_default(size=84)
    small = ImageFont.load_default(size=36)
    draw.text((80, 80), SERIES.upper(), font=small, fill=light)
    draw.text((80, 140), title, font=font, fill="#ffffff")
    draw.line((80, 260, 460, 260), fill=light, width=8)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def seed(*, options: dict, log) -> None:
    author = User.objects.filter(role=User.Role.ADMIN).order_by("pk").first()
    if author is None or Post.objects.filter(slug=PARTS[0][1]).exists():
        return
    now = timezone.now()
    for part, (title, slug, pattern, summary, body, colours) in enumerate(PARTS, 1):
        post = post_save(
            post=Post(
                title=title,
                slug=slug,
                summary=summary,
                body=body,
                pattern=pattern,
                series_part=part,
                cover_alt=f"“{title}” in white on a dark field, beside a small ladder",
            ),
            user=author,
            cover=image_clean(cover(title, colours)),
            new_series=SERIES,
        )
        if part < len(PARTS):
            post_publish(post=post, now=now - timedelta(days=14 * (len(PARTS) - part)))
        else:
            post_schedule(post=post, publish_at=now + timedelta(days=7), now=now)
    log("Blog: “The six patterns”, hinge and squat published, push scheduled")
