"""Which purchase each unused credit belongs to: first in, first out.

Pure Python, on plain numbers. A client's credits come in lots, one a purchase, each
with the date it was bought and its size (the sessions bought, less any a refund or a
dispute took back). Every other line of the ledger (a booking, a credit returned, an
adjustment by hand, an expiry) only moves the balance. The rule:

- Credits are used oldest purchase first: whatever the lots hold beyond the balance
  has been used, and it is counted against the oldest lots.
- Credits added by hand belong to no lot: they are used last and never expire.

Invariants (``tests/packages/test_lots.py`` proves them on random ledgers):
- each lot keeps between none and all of its size;
- the lots keep together the balance, within zero and the sum of their sizes;
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


def unused_by_lot(lots: Iterable[Lot], *, balance: int) -> dict[int, int]:
    """Each lot's credits still unused, by its key."""
    ordered = sorted(lots, key=lambda lot: (lot.bought_at, lot.key))
    used = sum(lot.size for lot in ordered) - balance
    unused = {}
    for lot in ordered:
        taken = min(max(used, 0), lot.size)
        unused[lot.key] = lot.size - taken
        used -= taken
    return unused
