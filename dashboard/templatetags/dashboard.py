from datetime import date

from django import template
from django.template.defaultfilters import pluralize
from django.utils import timezone

register = template.Library()


@register.filter
def days_ago(day: date) -> str:
    """``{{ client.last_workout|days_ago }}``: "today", "yesterday", "5 days ago",
    counted in the current time zone's days."""
    days = (timezone.localdate() - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} day{pluralize(days)} ago"
