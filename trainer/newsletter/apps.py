from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "trainer.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
