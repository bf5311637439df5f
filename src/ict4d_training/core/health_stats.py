"""The arithmetic of the health check: organisations weigh once, and how split an item is. Pure.

Each organisation's raters share one vote: a rater from an organisation of eight counts 1/8, a
rater who is their organisation's only one counts 1. An item's score is the median of the
organisations' medians. Its disagreement is the share of those votes on the smaller side of a
gap of `gap` levels or more (for the course, two): the largest `min(votes at or below level a,
votes at or above level a + gap)` over every level `a`, divided by all the votes. One rater out
of twenty single-rater organisations gives 5%; a room split in two halves gives 50%. Unlike a
distance from the median, it also catches an even split (half at 1, half at 3, median 2).
"""

from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class OrganisationView:
    """One organisation's ratings of one item: how many of its raters rated it, and their median."""

    name: str
    raters: int
    median: float


def organisation_key(name: str) -> str:
    """Spellings of one organisation that differ only in case or spacing are one organisation."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def by_organisation(ratings: Sequence[tuple[str, int]]) -> tuple[OrganisationView, ...]:
    """(organisation, score) pairs grouped by organisation, sorted by name; the first spelling names it."""
    groups: dict[str, tuple[str, list[int]]] = {}
    for name, score in ratings:
        groups.setdefault(organisation_key(name), (name, []))[1].append(score)
    views = (OrganisationView(name, len(scores), float(statistics.median(scores))) for name, scores in groups.values())
    return tuple(sorted(views, key=lambda view: (organisation_key(view.name), view.name)))


def weighted_score(views: Sequence[OrganisationView]) -> float | None:
    """The median of the organisations' medians; None when no organisation rated the item."""
    return float(statistics.median(view.median for view in views)) if views else None


def votes(ratings: Sequence[tuple[str, int]]) -> list[tuple[int, Fraction]]:
    """Each score with its weight: 1 / (raters from the same organisation), so each organisation totals 1."""
    sizes: dict[str, int] = {}
    for name, _score in ratings:
        sizes[organisation_key(name)] = sizes.get(organisation_key(name), 0) + 1
    return [(score, Fraction(1, sizes[organisation_key(name)])) for name, score in ratings]


def disagreement(ratings: Sequence[tuple[str, int]], gap: int, levels: Sequence[int] = (0, 1, 2, 3)) -> float | None:
    """The share of votes on the smaller side of a gap of `gap` levels or more; None with no ratings."""
    weighted = votes(ratings)
    total = sum((weight for _score, weight in weighted), Fraction(0))
    if not total:
        return None
    smaller = Fraction(0)
    for level in range(min(levels), max(levels) - gap + 1):
        low = sum((weight for score, weight in weighted if score <= level), Fraction(0))
        high = sum((weight for score, weight in weighted if score >= level + gap), Fraction(0))
        smaller = max(smaller, min(low, high))
    return float(smaller / total)


def at_least(share: float | None, threshold: float) -> bool:
    """`share >= threshold`, forgiving the rounding of a threshold such as 0.2 written in a file."""
    return share is not None and share >= threshold - 1e-9
