"""What the apps built on programming may follow without programming knowing them."""

from django.dispatch import Signal

# Sent by every assignment service, inside its transaction, once a change is recorded:
# ``change`` (the AssignmentChange), ``moved`` (to another variation or ladder) and
# ``load_changed``. The training log sets aside the suggestions the change answered.
assignment_changed = Signal()
