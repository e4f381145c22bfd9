from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def push_public_key() -> str:
    """The site's VAPID public key, which a browser subscribes with; empty when push
    is off."""
    return settings.VAPID_PUBLIC_KEY if settings.VAPID_PRIVATE_KEY else ""
