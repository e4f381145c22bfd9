from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from core.http import service_call
from core.ratelimit import limit_posts_per_ip
from newsletter.forms import SubscribeForm
from newsletter.selectors import subscriber_find
from newsletter.services import (
    subscriber_confirm,
    subscriber_subscribe,
    subscriber_unsubscribe,
)
from newsletter.tokens import (
    BadLink,
    ExpiredLink,
    confirm_token_read,
    unsubscribe_token_read,
)


@require_http_methods(["GET", "POST"])
@limit_posts_per_ip("NEWSLETTER_RATE_LIMIT")
def subscribe(request):
    form = SubscribeForm(request.POST or None, initial={"source": "newsletter"})
    if request.method == "POST":
        if form.is_bot():
            return redirect("newsletter:thanks")
        if form.is_valid():
            with service_call(form):
                subscriber_subscribe(
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    source=form.cleaned_data["source"],
                )
                return redirect("newsletter:thanks")
    return render(request, "newsletter/subscriber_form.html", {"form": form})


@require_safe
def thanks(request):
    return render(request, "newsletter/subscriber_thanks.html")


# GET, not POST: the email says "open this link". Never HEAD, which must not write.
@require_GET
def confirm(request, token: str):
    template = "newsletter/subscriber_confirm.html"
    try:
        subscriber_id, nonce = confirm_token_read(token)
    except ExpiredLink:
        form = SubscribeForm(initial={"source": "expired-link"})
        return render(request, template, {"outcome": "expired", "form": form})
    except BadLink:
        return render(request, template, {"outcome": "invalid"}, status=400)
    with service_call(request):
        subscriber = subscriber_confirm(subscriber_id=subscriber_id, nonce=nonce)
        outcome = "confirmed" if subscriber is not None else "used"
        return render(request, template, {"outcome": outcome, "subscriber": subscriber})
    return render(request, template, {"outcome": "invalid"}, status=400)


# RFC 8058 one-click: mail providers POST here with no cookie and no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    template = "newsletter/subscriber_unsubscribe.html"
    try:
        subscriber_id = unsubscribe_token_read(token)
    except BadLink:
        return render(request, template, {"outcome": "invalid"}, status=400)
    if request.method == "POST":
        with service_call(request):
            subscriber_unsubscribe(subscriber_id=subscriber_id)
            return render(request, template, {"outcome": "done"})
    subscriber = subscriber_find(pk=subscriber_id)
    return render(request, template, {"outcome": "ask", "subscriber": subscriber})
