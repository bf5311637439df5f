"""Speed figures for the widgets (issue: interactive widgets). Prints figures; asserts nothing.

A change in the form runs its observer synchronously (validate, score, redraw the scorecard,
save the draft), so the time of one `.value` assignment is the time from a change to an
updated scorecard. Goal: under 100 ms on CPython; Pyodide is a few times slower.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from ict4d_training.widgets import DesignBuilder, HealthCheckRater, LedgerView

ROOT = Path(__file__).resolve().parent.parent
DESIGN = ROOT / "tests" / "fixtures" / "designs" / "strong-multi-stakeholder.yaml"
CHANGES = 200


def time_changes(builder: DesignBuilder) -> list[float]:
    """Alternate the kinds of input a trainee touches: a number, a checkbox, a dropdown, text."""
    timings = []
    months = builder.fields["monitoring.review_every_months"]
    funded = builder.fields["management.funded"]
    policy = builder.fields["environment.policy"]
    sector = builder.partner_rows[1].sector
    for n in range(CHANGES):
        widget, value = [
            (months, 1 + n % 24),
            (funded, n % 8 != 1),
            (policy, ("supportive", "neutral")[n % 2]),
            (builder.fields["title"], f"Market prices by text message, version {n}"),
            (sector, ("private", "donor")[n % 2]),
        ][n % 5]
        start = time.perf_counter()
        widget.value = value
        timings.append(time.perf_counter() - start)
    return timings


def report(label: str, timings: list[float]) -> None:
    ms = sorted(t * 1e3 for t in timings)
    print(f"{label:<46} median {statistics.median(ms):7.2f} ms   p95 {ms[int(0.95 * len(ms))]:7.2f} ms   "
          f"max {ms[-1]:7.2f} ms   (goal: median under 100 ms)")


def main() -> None:
    text = DESIGN.read_text(encoding="utf-8")
    start = time.perf_counter()
    builder = DesignBuilder()
    print(f"{'build an empty DesignBuilder':<46} {(time.perf_counter() - start) * 1e3:9.1f} ms (first, cold)")
    start = time.perf_counter()
    builder.import_text(text, DESIGN.name)
    print(f"{'import a 4-partner design into the form':<46} {(time.perf_counter() - start) * 1e3:9.1f} ms")
    report(f"change -> scorecard, no draft ({CHANGES} changes)", time_changes(builder))

    with tempfile.TemporaryDirectory() as folder:
        saving = DesignBuilder(draft_path=Path(folder) / "draft.yaml")
        saving.import_text(text, DESIGN.name)
        report("change -> scorecard + YAML draft saved", time_changes(saving))
        LedgerView(saving)
        report("... with a live LedgerView too", time_changes(saving))
        start = time.perf_counter()
        DesignBuilder(draft_path=Path(folder) / "draft.yaml")
        print(f"{'restore a builder from its draft':<46} {(time.perf_counter() - start) * 1e3:9.1f} ms")

        start = time.perf_counter()
        rater = HealthCheckRater(Path(folder) / "rater.yaml")
        print(f"{'build the health-check form (20 items)':<46} {(time.perf_counter() - start) * 1e3:9.1f} ms")
        rater.rater_name.value, rater.partner_name.value = "Programme coordinator", "Village Network"
        for item_id in rater.scores:
            rater.rate(item_id, 2, "The regulator applies the new licence rules.")
        start = time.perf_counter()
        rater.save()
        print(f"{'save the form, all 20 items rated':<46} {(time.perf_counter() - start) * 1e3:9.1f} ms")
        start = time.perf_counter()
        HealthCheckRater(Path(folder) / "rater.yaml")
        print(f"{'restore the form from its file':<46} {(time.perf_counter() - start) * 1e3:9.1f} ms")


if __name__ == "__main__":
    main()
