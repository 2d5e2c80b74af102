"""Statistical disclosure control of the published tables of counts (issue #24, point 3).

A table of counts is published with its totals: each row's total, each column's total and the grand
total. No count under THRESHOLD is shown (PRIMARY: "fewer than 10"), and then so many more are hidden
(SECONDARY: "not shown, so that a hidden figure cannot be worked out") that nobody can work a hidden
count out from what is shown.

The attacker we protect against knows every published figure, that rows and columns add up to their
totals, that no count is negative, that a PRIMARY entry lies from 0 to THRESHOLD - 1 and a SECONDARY
one is at least THRESHOLD (it would be PRIMARY otherwise) and at most the grand total. For each hidden
entry the audit finds its smallest and largest possible value under all of that: two linear
programmes, solved by HiGHS (scipy.optimize.linprog). The table's equations are rows and columns of
cells, two laminar families of sums, so the constraint matrix is totally unimodular and the bounds are
whole numbers: the linear programme's extremes are whole tables, and what it finds is exactly what an
attacker trying every whole-number table would find. The audit passes when each range spans at least
PRIMARY_PROTECTION for a PRIMARY entry and PROTECTION for a SECONDARY one:

- PROTECTION = 3: a SECONDARY count is not sensitive in itself, but one worked out exactly would be
  published in all but name, and the page would say it cannot be worked out; with 3 the attacker is
  left with at least four possible values.
- PRIMARY_PROTECTION = 5: the attacker, who knows a PRIMARY count is one of 0 to 9 anyway, must not
  narrow it to fewer than six values: they cannot tell, say, 1 person from 6, or nobody from 5.

Secondary cells are chosen cheaply, as statistical offices do by hand: for an entry that can be
worked out, the line through it that pins it (the one with the fewest hidden entries), and in that
line its smallest published cell, a total only when no cell is left. That is repeated until the audit
passes. Hiding more only widens every range (a published figure becomes a range holding it), so an
entry once found safe stays safe and is not solved again. The output depends only on the counts.

Not covered, as in most offices' tools: an attacker who also knows how the secondary cells were
chosen, or who combines several published tables. Tables that share a total (the grand total, the
totals by sex of two tables by sex) are safe together only while that total is published in each,
or hidden in each: secondaries are cells before totals, so a large shared total stays published, and
the job that publishes them is the place to check it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import NamedTuple

import numpy as np
from scipy.optimize import linprog

from portal.statistics.codes import PRIMARY, SECONDARY, THRESHOLD  # noqa: F401 (they are this module's too)

PROTECTION = 3
PRIMARY_PROTECTION = 5

# HiGHS works in floating point: its extremes are whole numbers give or take this.
TOLERANCE = 1e-6
NOBODY_KNOWS_MORE = 10**9  # persons in a hidden entry, at most: more than live in the country
# With more entries than this left to prove, a few tables pushed every which way come first.
EXPLORE_ABOVE, EXPLORE_DIRECTIONS = 8, 6


class Entry(NamedTuple):
    value: int | None  # None when hidden
    hidden: str | None  # PRIMARY, SECONDARY or None


@dataclass(frozen=True)
class Published:
    """A table as published. With R rows and C columns of cells it is (R+1) x (C+1): the cells, each
    row's total last, the column totals as the last row and the grand total at [R][C]. A line of one
    cell has no total of its own (it would repeat the cell): a table of one column is (R+1) x 1, its
    last row the grand total; one of one row is 1 x (C+1); one of one cell is 1 x 1. So in every
    shape row r's total is values[r][-1], column c's is values[-1][c] and the grand total is
    values[-1][-1]; the methods below read them so."""

    values: tuple[tuple[int | None, ...], ...]
    hidden: tuple[tuple[str | None, ...], ...]

    def cell(self, row: int, column: int) -> Entry:
        return Entry(self.values[row][column], self.hidden[row][column])

    def row_total(self, row: int) -> Entry:
        return self.cell(row, -1)

    def column_total(self, column: int) -> Entry:
        return self.cell(-1, column)

    @property
    def grand_total(self) -> Entry:
        return self.cell(-1, -1)


@dataclass(frozen=True)
class _Figure:
    """One published entry: where it stands and which cells it adds up (a cell adds up itself)."""

    position: tuple[int, int]
    cells: tuple[int, ...]  # indices into the flat list of cells, row by row
    value: int

    @property
    def is_cell(self) -> bool:
        return len(self.cells) == 1


class _Table:
    """A table's cells and every entry published of it, with the lines (equations) they stand in."""

    def __init__(self, counts: Sequence[Sequence[int]]):
        rows = [list(row) for row in counts]
        if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
            raise ValueError("A table needs at least one row and one column, all rows the same length.")
        if any(not isinstance(count, Integral) or isinstance(count, bool) or count < 0 for row in rows for count in row):
            raise ValueError("Counts are whole numbers, none negative.")
        rows = [[int(count) for count in row] for row in rows]
        self.shape = height, width = len(rows), len(rows[0])
        self.cells = [count for row in rows for count in row]
        figures = [_Figure((r, c), (r * width + c,), rows[r][c]) for r in range(height) for c in range(width)]
        if width > 1:
            figures += [_Figure((r, width), tuple(range(r * width, (r + 1) * width)), sum(rows[r]))
                        for r in range(height)]
        if height > 1:
            figures += [_Figure((height, c), tuple(range(c, height * width, width)), sum(row[c] for row in rows))
                        for c in range(width)]
        if height > 1 and width > 1:
            figures.append(_Figure((height, width), tuple(range(height * width)), sum(self.cells)))
        self.figures = figures
        self.grand_total = sum(self.cells)
        self.at = {figure.position: index for index, figure in enumerate(figures)}
        self.grand = self.at[max(self.at)]  # the last row's last entry, in every shape
        # The lines of the published grid, each an equation: its total is the sum of the others.
        grid_rows, grid_columns = height + (height > 1), width + (width > 1)
        lines = [[self.at[(i, j)] for j in range(grid_columns)] for i in range(grid_rows)]
        lines += [[self.at[(i, j)] for i in range(grid_rows)] for j in range(grid_columns)]
        self.lines = [line for line in lines if len(line) > 1]
        self.cell_figure = {figure.cells[0]: index for index, figure in enumerate(figures) if figure.is_cell}

    def published(self, hidden: dict[int, str]) -> Published:
        grid_rows, grid_columns = max(i for i, _ in self.at) + 1, max(j for _, j in self.at) + 1
        values = [[None] * grid_columns for _ in range(grid_rows)]
        reasons = [[None] * grid_columns for _ in range(grid_rows)]
        for index, figure in enumerate(self.figures):
            i, j = figure.position
            reasons[i][j] = hidden.get(index)
            values[i][j] = None if index in hidden else figure.value
        return Published(tuple(map(tuple, values)), tuple(map(tuple, reasons)))


class _Audit:
    """The attacker's linear programme for one set of hidden entries. Its variables are the hidden
    cells; a total is a constraint: equal to its value when published, within its range when hidden."""

    def __init__(self, table: _Table, hidden: dict[int, str], threshold: int, seen: tuple[np.ndarray, np.ndarray]):
        self.seen = seen
        hidden_cells = [k for k in range(len(table.cells)) if table.cell_figure[k] in hidden]
        variable = {k: n for n, k in enumerate(hidden_cells)}
        self.matrix = np.zeros((len(table.figures), len(hidden_cells)))
        self.constant = np.zeros(len(table.figures))
        for index, figure in enumerate(table.figures):
            for k in figure.cells:
                if k in variable:
                    self.matrix[index, variable[k]] = 1.0
                else:
                    self.constant[index] += table.cells[k]

        # A SECONDARY entry is at most the grand total, when that is published (the sums say so
        # anyway); with the grand total hidden too, at most more persons than live in the country,
        # which keeps every programme bounded.
        most = float(NOBODY_KNOWS_MORE if table.grand in hidden else table.grand_total)

        def allowed(index: int) -> tuple[float, float]:
            if hidden[index] == PRIMARY:
                return 0.0, threshold - 1.0
            return float(threshold), most

        equal, equal_to, at_most, at_most_this = [], [], [], []
        for index, figure in enumerate(table.figures):
            row = self.matrix[index]
            if figure.is_cell or not row.any():
                continue
            if index not in hidden:
                equal.append(row)
                equal_to.append(figure.value - self.constant[index])
            else:
                low, high = allowed(index)
                at_most += [row, -row]
                at_most_this += [high - self.constant[index], self.constant[index] - low]
        self.problem = {
            "A_eq": np.array(equal) if equal else None, "b_eq": np.array(equal_to) if equal else None,
            "A_ub": np.array(at_most) if at_most else None, "b_ub": np.array(at_most_this) if at_most else None,
            "bounds": [allowed(table.cell_figure[k]) for k in hidden_cells],
        }

    def extreme(self, index: int, sense: int) -> float:
        """The smallest (sense 1) or largest (sense -1) value the entry can take."""
        row = self.matrix[index]
        if not row.any():
            return self.constant[index]
        result = linprog(sense * row, method="highs", **self.problem)
        if result.status != 0:
            raise RuntimeError(f"The disclosure audit could not be solved: {result.message}")
        self.remember(self.matrix @ result.x + self.constant)
        return sense * result.fun + self.constant[index]

    def remember(self, values: np.ndarray) -> None:
        """Every solution is a possible table: each entry's value in it widens what is known possible."""
        np.minimum(self.seen[0], values, out=self.seen[0])
        np.maximum(self.seen[1], values, out=self.seen[1])

    def explore(self, directions: int) -> None:
        """A few tables pushed every which way at once (all hidden cells up, all down, then random
        mixes), so that most entries are shown to spread without a programme of their own. Which
        tables they are changes only how much is solved, never the answer."""
        width = self.matrix.shape[1]
        mixes = np.random.default_rng(0).choice([-1.0, 1.0], size=(max(directions - 2, 0), width))
        for objective in [np.ones(width), -np.ones(width), *mixes][:directions]:
            result = linprog(objective, method="highs", **self.problem)
            if result.status == 0:
                self.remember(self.matrix @ result.x + self.constant)

    def spread(self, index: int, needed: int) -> bool:
        """Whether the entry's possible values span at least `needed`; solves only what it must."""
        if self.wide_enough(index, needed):
            return True
        low = self.extreme(index, 1)
        if self.wide_enough(index, needed):
            return True
        return self.extreme(index, -1) - low >= needed - TOLERANCE

    def wide_enough(self, index: int, needed: int) -> bool:
        return self.seen[1][index] - self.seen[0][index] >= needed - TOLERANCE


def needed_spread(reason: str, threshold: int) -> int:
    """With a small threshold, a PRIMARY count's whole range (0 to threshold - 1) is the most asked of
    any entry: the secondary ones around it move only as far as it does."""
    return min(PRIMARY_PROTECTION if reason == PRIMARY else PROTECTION, threshold - 1)


def _secondary_for(table: _Table, hidden: dict[int, str], index: int) -> int | None:
    """The published entry to hide so that `index` is no longer pinned: in the line through it with
    the fewest hidden entries, its smallest published cell, else its total. With every line through
    it hidden, the smallest published cell anywhere, else total; None when nothing is published."""
    def order(candidate: int) -> tuple:
        figure = table.figures[candidate]
        return (not figure.is_cell, figure.value, figure.position)

    best = None
    for line in table.lines:
        if index in line:
            shown = [candidate for candidate in line if candidate not in hidden]
            if shown:
                key = (len(line) - len(shown), *order(min(shown, key=order)))
                if best is None or key < best[0]:
                    best = (key, min(shown, key=order))
    if best is not None:
        return best[1]
    shown = [candidate for candidate in range(len(table.figures)) if candidate not in hidden]
    return min(shown, key=order) if shown else None


def _close_lines(table: _Table, hidden: dict[int, str]) -> None:
    """No line with exactly one hidden entry: its total minus the rest would give it away. The
    cheap half of the job, done before any linear programme."""
    changed = True
    while changed:
        changed = False
        for line in table.lines:
            alone = [index for index in line if index in hidden]
            if len(alone) == 1:
                choice = _secondary_for(table, hidden, alone[0])
                if choice is not None:
                    hidden[choice] = SECONDARY
                    changed = True


def publish(counts: Sequence[Sequence[int]], threshold: int = THRESHOLD) -> Published:
    """The table of `counts` (rows of cells) with its totals, its small counts and enough others hidden."""
    if threshold < 1:
        raise ValueError("The threshold is at least 1.")
    table = _Table(counts)
    hidden = {index: PRIMARY for index, figure in enumerate(table.figures) if figure.value < threshold}
    safe: set[int] = set()
    # The smallest and largest value of each entry in the possible tables found so far.
    values = np.array([float(figure.value) for figure in table.figures])
    seen = (values.copy(), values.copy())
    while hidden:
        _close_lines(table, hidden)
        audit = _Audit(table, hidden, threshold, seen)
        unproven = [index for index in hidden
                    if index not in safe and not audit.wide_enough(index, needed_spread(hidden[index], threshold))]
        if len(unproven) > EXPLORE_ABOVE:
            audit.explore(EXPLORE_DIRECTIONS)
        weak = next((index for index in sorted(hidden)
                     if index not in safe and not audit.spread(index, needed_spread(hidden[index], threshold))), None)
        safe.update(index for index in hidden if index != weak and (weak is None or index < weak))
        if weak is None:
            break
        choice = _secondary_for(table, hidden, weak)
        if choice is None:
            break  # everything is hidden: nothing is left to give anything away
        hidden[choice] = SECONDARY
    return table.published(hidden)


def share(numerator: int, base: int, threshold: int = THRESHOLD) -> float | None:
    """numerator / base, from 0 to 1, or None when the base has fewer than `threshold` persons: no
    figure is ever computed from fewer than 10 persons (issue #24)."""
    if not 0 <= numerator <= base:
        raise ValueError("A share counts part of its base.")
    if base < threshold:
        return None
    return numerator / base


def median_of(values: Sequence[int], threshold: int = THRESHOLD) -> float | None:
    """The median of one value per person, or None when there are fewer than `threshold` of them."""
    if len(values) < threshold:
        return None
    return float(statistics.median(values))


__all__ = ["PRIMARY", "PRIMARY_PROTECTION", "PROTECTION", "SECONDARY", "THRESHOLD", "Entry", "Published",
           "median_of", "publish", "share"]
