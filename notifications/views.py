from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.http import service_call
from notifications import selectors, services
from notifications.forms import DeviceForm, SubscriptionForm, TopicsForm
from notifications.receivers import SESSION_ENDPOINT

TOPICS_SAVED = "Saved: you get notifications of what you ticked."
DEVICE_REMOVED = "Notifications are off on that device."
DEVICE_UNKNOWN = "That device was already off."
PUSH_OFF = "Notifications are off on this site."


def notification_settings(request):
    """Turn notifications on for this device, choose the topics, and see (and turn
    off) every device that gets them."""
    form = TopicsForm(
        request.POST or None,
        initial={"topics": selectors.preference_topics(user=request.user)},
    )
    if request.method == "POST" and form.is_valid():
        with service_call(form):
            services.preference_save(
                user=request.user, topics=form.cleaned_data["topics"]
            )
            messages.success(request, TOPICS_SAVED)
            return redirect("notifications:settings")
    return render(
        request,
        "notifications/notification_settings.html",
        {
            "form": form,
            "enabled": selectors.push_enabled(),
            "devices": selectors.subscription_list_for_user(user=request.user),
        },
    )


@require_POST
def subscription_save(request):
    """Keep this browser's push subscription (from ``static/js/push.js``, when the
    user turns notifications on and each time the app opens). JSON answers."""
    if not selectors.push_enabled():
        return JsonResponse(
            {"error": "Notifications are off on this site."}, status=409
        )
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    with service_call() as call:
        services.subscription_save(
            user=request.user,
            user_agent=request.headers.get("User-Agent", ""),
            **form.cleaned_data,
        )
        request.session[SESSION_ENDPOINT] = form.cleaned_data["endpoint"]
        return JsonResponse({"saved": True})
    return JsonResponse({"error": call.message}, status=400)


@require_POST
def device_remove(request):
    """Turn notifications off for one of the user's devices: from the list (by id)
    or from the device itself (by push address)."""
    form = DeviceForm(request.POST)
    if form.is_valid():
        with service_call(request):
            removed = services.subscription_remove(
                user=request.user,
                pk=form.cleaned_data["pk"],
                endpoint=form.cleaned_data["endpoint"] or "",
            )
            messages.success(request, DEVICE_REMOVED if removed else DEVICE_UNKNOWN)
    else:
        messages.error(
            request, " ".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect("notifications:settings")
