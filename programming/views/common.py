from django.core.exceptions import ValidationError


def error_message(exc: ValidationError) -> str:
    """A service's refusal as one line for a flash message."""
    return " ".join(exc.messages)
