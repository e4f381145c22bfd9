from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "booking"
    label = "booking"
    verbose_name = "Booking"

    def ready(self) -> None:
        from booking.services.reminders import register

        register()
