"""The comments of a workout, shown on the workout's page (a page of the training
log, which cannot import this app: the template composes them)."""

import uuid

from django import template
from django.urls import reverse

from messaging.models import BODY_MAX_LENGTH
from messaging.selectors import comments_for_workout

register = template.Library()


@register.inclusion_tag("messaging/_workout_comments.html", takes_context=True)
def workout_comments(context, workout, client):
    user = context["user"]
    if user.is_client:
        send_url = reverse("messaging:my_thread")
    else:
        send_url = reverse("messaging:client_thread", args=[client.pk])
    return {
        "user": user,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "workout": workout,
        "client": client,
        "comments": comments_for_workout(workout=workout),
        "send_url": send_url,
        "uid": uuid.uuid4(),
        "max_length": BODY_MAX_LENGTH,
    }
