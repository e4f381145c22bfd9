from tests.booking.conftest import consultation, now

__all__ = ["consultation", "now"]
