"""Row ids taken from URLs and query strings, bounded so the database is never asked about 10**30.

An id larger than the database's integer makes SQLite raise OverflowError and PostgreSQL
"integer out of range": a 500 for what is only a page that does not exist. The bound is
PostgreSQL's `integer` (our primary keys), which SQLite also holds.
"""

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """Flask's <int:…> with a ceiling: a bigger number does not match the route, so 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def id_arg(value: str) -> int:
    """`type=` for request.args.get: a non-negative id in range, else ValueError (→ default)."""
    number = int(value)
    if not 0 <= number <= MAX_ID:
        raise ValueError(value)
    return number
