"""Disclosure control of the published tables (portal/statistics/suppression.py, issue #24 point 3).

The tests play the attacker with methods of their own, from the published grid alone: every whole
table that agrees with it is tried (small tables), and an integer programme over the grid's entries,
each line's last entry the sum of the others (any table). Neither shares code with the module's
audit, which solves linear programmes over the hidden cells only. Each hidden count must keep a
range of possible values at least PRIMARY_PROTECTION wide (a count under 10) or PROTECTION wide."""

from __future__ import annotations

import itertools
import random
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from portal.statistics.suppression import (PRIMARY, PRIMARY_PROTECTION, PROTECTION, SECONDARY, THRESHOLD,
                                           Published, median_of, publish, share)

# The published grid, as the attacker reads it ----------------------------------------------------


def grid_lines(published: Published) -> list[list[tuple[int, int]]]:
    """Every row and column of the grid with more than one entry: its last entry is its total."""
    height, width = len(published.values), len(published.values[0])
    lines = [[(i, j) for j in range(width)] for i in range(height)]
    lines += [[(i, j) for i in range(height)] for j in range(width)]
    return [line for line in lines if len(line) > 1]


def known_range(published: Published, i: int, j: int, ceiling: float) -> tuple[float, float]:
    """What the attacker knows of one entry before any sum: its value, or its reason's range."""
    value, reason = published.values[i][j], published.hidden[i][j]
    if reason is None:
        return value, value
    if reason == PRIMARY:
        return 0, THRESHOLD - 1
    return THRESHOLD, ceiling


# With the grand total hidden, a SECONDARY entry is known only to be at least THRESHOLD: this
# stands for "no bound", and an entry that can reach it is as good as unbounded.
NO_BOUND = 10**7


def ceiling_of(published: Published) -> int:
    """A SECONDARY entry is at most the grand total, when that is published."""
    grand = published.values[-1][-1]
    return NO_BOUND if grand is None else grand


def attack_by_integer_programme(published: Published) -> dict[tuple[int, int], tuple[float, float]]:
    """The smallest and largest whole value of each hidden entry, over every whole table that agrees
    with what is published: one integer programme for each end, over all the grid's entries."""
    height, width = len(published.values), len(published.values[0])
    position = {(i, j): i * width + j for i in range(height) for j in range(width)}
    ceiling = ceiling_of(published)
    low, high = zip(*(known_range(published, i, j, ceiling) for i, j in position))
    equations = []
    for line in grid_lines(published):
        row = np.zeros(len(position))
        for entry in line[:-1]:
            row[position[entry]] = 1
        row[position[line[-1]]] = -1
        equations.append(row)
    constraints = [LinearConstraint(np.array(equations), 0, 0)] if equations else []
    ranges = {}
    for entry, index in position.items():
        if published.hidden[entry[0]][entry[1]] is None:
            continue
        ends = []
        for sense in (1, -1):
            objective = np.zeros(len(position))
            objective[index] = sense
            result = milp(objective, integrality=np.ones(len(position)), bounds=Bounds(low, high),
                          constraints=constraints)
            assert result.status == 0, result.message
            ends.append(round(sense * result.fun))
        ranges[entry] = tuple(ends)
    return ranges


def attack_by_trying_every_table(published: Published, ceiling: int) -> dict[tuple[int, int], tuple[int, int]]:
    """The same by brute force, for small tables: every whole value of every hidden cell (an entry
    that is no line's total), the totals added up from them, kept when every entry agrees with what
    is published. With the grand total hidden, a SECONDARY cell is tried up to `ceiling`: an
    attacker who knew such a bound would know more, never less."""
    height, width = len(published.values), len(published.values[0])
    lines = grid_lines(published)
    totals = {line[-1] for line in lines}
    everything = [(i, j) for i in range(height) for j in range(width)]
    cells = [entry for entry in everything if entry not in totals]
    hidden_cells = [(i, j) for i, j in cells if published.hidden[i][j] is not None]
    top = min(ceiling_of(published), ceiling)
    known = {entry: known_range(published, *entry, top) for entry in everything}
    choices = [range(int(known[entry][0]), int(known[entry][1]) + 1) for entry in hidden_cells]
    seen: dict[tuple[int, int], set[int]] = {(i, j): set() for i, j in everything if published.hidden[i][j]}
    for guess in itertools.product(*choices):
        grid = {entry: published.values[entry[0]][entry[1]] for entry in cells}
        grid.update(zip(hidden_cells, guess))
        while len(grid) < len(everything):  # a total once all its addends are known
            for line in lines:
                if line[-1] not in grid and all(entry in grid for entry in line[:-1]):
                    grid[line[-1]] = sum(grid[entry] for entry in line[:-1])
        agrees = all(known[entry][0] <= grid[entry] <= known[entry][1] for entry in everything) and all(
            sum(grid[entry] for entry in line[:-1]) == grid[line[-1]] for line in lines)
        if agrees:
            for entry in seen:
                seen[entry].add(grid[entry])
    return {entry: (min(values), max(values)) for entry, values in seen.items()}


def assert_protected(published: Published, ranges: dict) -> None:
    for (i, j), (low, high) in ranges.items():
        needed = PRIMARY_PROTECTION if published.hidden[i][j] == PRIMARY else PROTECTION
        assert high - low >= needed, f"entry {(i, j)} ({published.hidden[i][j]}) is pinned to {low}..{high}"


def true_grid(counts: list[list[int]]) -> list[list[int]]:
    """The table with its totals, in the published shape."""
    rows = [[*row, sum(row)] if len(row) > 1 else list(row) for row in counts]
    if len(rows) > 1:
        rows.append([sum(column) for column in zip(*rows)])
    return rows


def assert_honest(counts: list[list[int]], published: Published) -> None:
    """Shown figures are the true ones; everything under the threshold is hidden as PRIMARY, and
    nothing at or above it is."""
    truth = true_grid(counts)
    assert len(published.values) == len(truth) and all(len(a) == len(b) for a, b in zip(published.values, truth))
    for row_values, row_hidden, row_truth in zip(published.values, published.hidden, truth):
        for value, reason, true in zip(row_values, row_hidden, row_truth):
            assert (reason == PRIMARY) == (true < THRESHOLD)
            assert value == (None if reason else true)
            assert reason in (None, PRIMARY, SECONDARY)


def check(counts: list[list[int]], brute_force_ceiling: int | None = None) -> Published:
    published = publish(counts)
    assert_honest(counts, published)
    assert_protected(published, attack_by_integer_programme(published))
    if brute_force_ceiling is not None:
        assert_protected(published, attack_by_trying_every_table(published, brute_force_ceiling))
    return published


# The rules ----------------------------------------------------------------------------------------


def test_a_table_of_large_counts_is_published_whole():
    published = publish([[12, 30], [45, 10]])
    assert published.values == ((12, 30, 42), (45, 10, 55), (57, 40, 97))
    assert published.hidden == ((None,) * 3,) * 3
    assert published.cell(1, 0) == (45, None)
    assert published.row_total(0) == (42, None) and published.column_total(1) == (40, None)
    assert published.grand_total == (97, None)


def test_counts_under_ten_zero_included_and_small_totals_are_primary():
    published = check([[0, 40, 25], [9, 30, 60], [50, 70, 80]])
    assert published.cell(0, 0) == (None, PRIMARY) and published.cell(1, 0) == (None, PRIMARY)
    small_total = check([[3, 4], [2, 30]])
    assert small_total.row_total(0) == (None, PRIMARY) and small_total.column_total(0) == (None, PRIMARY)


def test_a_small_cell_alone_in_its_row_and_column_takes_three_more_cells_with_it():
    published = check([[5, 20, 30], [40, 50, 60], [70, 80, 90]])
    assert published.hidden[0][:2] == (PRIMARY, SECONDARY)
    assert published.hidden[1][:2] == (SECONDARY, SECONDARY)
    # The smallest cells of the row and the column are the ones hidden with it; totals are shown.
    assert all(reason is None for reason in published.hidden[0][2:] + published.hidden[1][2:] + published.hidden[3])


def test_secondary_cells_are_cells_before_totals():
    published = check([[5, 20, 30], [40, 50, 60], [70, 80, 90]])
    hidden = [(i, j) for i, row in enumerate(published.hidden) for j, reason in enumerate(row) if reason]
    assert all(i < 3 and j < 3 for i, j in hidden)


# Shapes -------------------------------------------------------------------------------------------


def test_a_table_of_one_column_has_no_second_column_of_totals():
    published = check([[3], [15], [40]], brute_force_ceiling=80)
    assert len(published.values) == 4 and all(len(row) == 1 for row in published.values)
    assert published.hidden == ((PRIMARY,), (SECONDARY,), (None,), (None,))
    assert published.grand_total == (58, None) and published.row_total(2) == published.cell(2, 0)


def test_a_table_of_one_row_has_no_second_row_of_totals():
    published = check([[5, 10]], brute_force_ceiling=80)
    assert published.values == ((None, None, 15),) and published.hidden == ((PRIMARY, SECONDARY, None),)
    assert published.column_total(1) == published.cell(0, 1)


@pytest.mark.parametrize("count", [0, 1, 9, 10, 11])
def test_a_table_of_one_cell(count):
    published = check([[count]], brute_force_ceiling=80)
    assert published.values == ((None if count < THRESHOLD else count,),)


@pytest.mark.parametrize("counts", [[], [[]], [[1, 2], [3]], [[-1, 20]], [[1.5, 20]], [[True, 20]]])
def test_what_is_not_a_table_of_counts_is_refused(counts):
    with pytest.raises(ValueError):
        publish(counts)


# The attack on adversarial tables -----------------------------------------------------------------

ADVERSARIAL = {
    "a single small cell in a row": [[3, 40, 50], [20, 30, 40]],
    "two zeros in a row": [[0, 0, 25, 30], [15, 20, 25, 30], [40, 12, 11, 10]],
    "a small total": [[2, 3, 1], [40, 50, 60]],
    "a whole row under ten": [[1, 2, 3, 4], [20, 30, 40, 50], [11, 12, 13, 14]],
    "two nines a sum would pin": [[9, 9], [20, 30]],
    "nines that add up with totals": [[9, 9, 9], [9, 9, 9], [9, 9, 9]],
    "a zero next to a ten": [[0, 10], [10, 0]],
    "just over the threshold": [[10, 10, 9], [10, 10, 10]],
    "a lone small cell in a corner": [[100, 200, 300], [400, 500, 600], [700, 800, 1]],
    "everything small": [[1, 0], [2, 3]],
    "a column of small counts": [[1], [2], [3], [4]],
    "a column with one small count": [[1], [200], [300]],
    "a row with one small count": [[200, 300, 1]],
    "many small cells": [[1, 50, 2, 60], [3, 4, 70, 80], [90, 5, 6, 7], [100, 110, 8, 9]],
}


@pytest.mark.parametrize("counts", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_no_hidden_count_can_be_worked_out(counts):
    check(counts)


SMALL = {name: counts for name, counts in ADVERSARIAL.items()
         if len(counts) * len(counts[0]) <= 4 and sum(map(sum, counts)) <= 60}


@pytest.mark.parametrize("counts", SMALL.values(), ids=SMALL.keys())
def test_no_hidden_count_can_be_worked_out_by_trying_every_table(counts):
    check(counts, brute_force_ceiling=sum(map(sum, counts)) + 15)


def test_two_nines_in_a_row_are_not_pinned_by_their_total():
    published = check([[9, 9], [20, 30]])
    assert published.row_total(0).hidden is not None or published.column_total(0).hidden is not None


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 5).flatmap(lambda height: st.integers(1, 5).flatmap(lambda width: st.lists(
    st.lists(st.integers(0, 9) | st.integers(10, 40) | st.integers(10, 400), min_size=width, max_size=width),
    min_size=height, max_size=height))))
def test_random_tables_keep_every_hidden_count_safe(counts):
    check(counts)


def test_another_threshold_hides_what_is_under_it_and_asks_no_more_than_its_range():
    published = publish([[2, 40, 50], [20, 30, 4], [60, 70, 80]], threshold=3)
    reasons = [reason for row in published.hidden for reason in row]
    assert published.hidden[0][0] == PRIMARY and reasons.count(PRIMARY) == 1
    # Ranges of 2 are enough: the last row and the totals stay shown.
    assert published.values[2:] == ((60, 70, 80, 210), (82, 140, 134, 356))


def test_the_same_counts_are_always_published_the_same_way():
    counts = [[3, 40, 50, 0], [20, 9, 40, 11], [33, 44, 2, 60]]
    first = publish(counts)
    assert publish(counts) == first
    assert publish(tuple(tuple(row) for row in counts)) == first


def test_a_national_table_is_published_in_well_under_two_seconds():
    """25 rows (the regions and cities) by 16 columns, a third of the cells under ten."""
    shuffled = random.Random(24)
    counts = [[shuffled.randint(0, 9) if shuffled.random() < 0.3 else shuffled.randint(10, 5000) for _ in range(16)]
              for _ in range(25)]
    started = time.perf_counter()
    published = publish(counts)
    assert time.perf_counter() - started < 2
    assert_honest(counts, published)
    assert_protected(published, attack_by_integer_programme(published))


# Shares and medians -------------------------------------------------------------------------------


def test_a_share_of_fewer_than_ten_persons_is_never_computed():
    assert share(0, 9) is None and share(9, 9) is None and share(0, 0) is None
    assert share(3, 10) == 0.3 and share(0, 12) == 0.0 and share(40, 40) == 1.0
    assert share(3, 12, threshold=15) is None


@pytest.mark.parametrize("numerator, base", [(-1, 20), (21, 20)])
def test_a_share_counts_part_of_its_base(numerator, base):
    with pytest.raises(ValueError):
        share(numerator, base)


def test_a_median_of_fewer_than_ten_persons_is_never_computed():
    assert median_of([]) is None and median_of([5] * 9) is None
    assert median_of(list(range(10))) == 4.5 and median_of([7] * 10 + [100]) == 7.0
    assert median_of(list(range(12)), threshold=20) is None
