from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "booking"
    label = "booking"
    verbose_name = "Booking"
