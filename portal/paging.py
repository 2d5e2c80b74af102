"""Lists read a page at a time (the audit log, the staff programme list): the page asked for in the
address, how many pages there are, and whether there is one before and one after."""

from __future__ import annotations

from portal.numbers import whole_number


class Paging:
    """What a page of a list knows of its place: `number` (from 1) and `pages`, set by the list."""

    number: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_count(total: int, size: int) -> int:
    """Pages of `size` rows for `total` rows; an empty list has one page, which says it is empty."""
    return max(1, -(-total // size))


def page_number(text: str | None) -> int:
    """?page=N from the address; anything else (a typo, an old link) is the first page, never a 500."""
    return whole_number(text, 1, 999_999) or 1
