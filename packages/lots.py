"""Which purchase each unused credit belongs to: first in, first out.

Pure Python, on plain numbers. A client's credits come in lots, one a purchase, each
with the date it was bought and its size (the sessions bought, less any a refund or a
dispute took back). Credits added by hand belong to no lot. Every other line of the
ledger (a booking, a credit returned, a forfeit, credits taken by hand, an expiry)
only moves the balance. The rule:

- Credits are used oldest purchase first: whatever the lots and the credits added by
  hand hold beyond the balance has been used, counted against the oldest lot first.
- Credits added by hand are used after every purchase's, and never expire.

Invariants (``tests/packages/test_expiry.py`` proves them on random ledgers):
- each lot keeps between none and all of its size;
- the lots keep together the balance less the credits added by hand, within zero
  and the sum of their sizes;
- a newer lot is used only once every older one is used up.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Lot:
    key: int  # the payment's id
    bought_at: datetime
    size: int


def unused_by_lot(
    lots: Iterable[Lot], *, balance: int, by_hand: int = 0
) -> dict[int, int]:
    """Each lot's credits still unused, by its key. ``by_hand``: the credits added
    by hand, in no lot."""
    ordered = sorted(lots, key=lambda lot: (lot.bought_at, lot.key))
    used = sum(lot.size for lot in ordered) + by_hand - balance
    unused = {}
    for lot in ordered:
        taken = min(max(used, 0), lot.size)
        unused[lot.key] = lot.size - taken
        used -= taken
    return unused
