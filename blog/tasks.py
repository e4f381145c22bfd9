from celery import shared_task

from blog.services import posts_publish_due


@shared_task
def post_publish_due_task() -> int:
    """The beat sweep: publish the scheduled posts whose time has come. Idempotent:
    see ``posts_publish_due``."""
    return posts_publish_due()
