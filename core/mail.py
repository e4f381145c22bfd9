"""The email backend of a developer's machine (``make run``)."""

import sys

from django.core.mail.backends.console import EmailBackend


class TerminalEmailBackend(EmailBackend):
    """Django's console backend, printing to the terminal itself: each email exactly
    as it is sent, links and all, so that an invitation or a confirmation can be
    followed from there.

    A Celery worker takes over ``sys.stdout`` and turns what is printed into log
    lines, where the secrets of links are masked (``core.logs``); this backend writes
    past it, to the process's own standard output. Never for production: an email's
    links are keys to what they open."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("stream", sys.__stdout__)
        super().__init__(*args, **kwargs)
