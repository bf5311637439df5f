"""Speed and memory of `ict4d-training cohort` on 1,000 designs. Prints figures; asserts nothing.

Goal (issue: cohort scoring): the whole pipeline with both reports under 10 s and 300 MB on 2 cores.
Run with `.venv/bin/python benchmarks/bench_cohort.py`.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ict4d_training.files.folders import collect_files, score_cohort
from ict4d_training.files.writing import write_atomically
from ict4d_training.render.cohort import render_cohort_html, render_csv

DESIGNS = 1_000
BAD_EVERY = 100  # one file in a hundred is broken, as in a real cohort
SECTORS = ["government", "regulator", "private", "civil_society", "community", "academia", "donor", "multilateral"]
FOCUS = ["education", "health", "agriculture", "e-government", "connectivity"]

CLI = """
import sys, typer
from ict4d_training.cli.trainer import register
app = typer.Typer(add_completion=False)
register(app)
app(sys.argv[1:])
"""


class Trainee:
    """A group's design habits: with a higher quality, each good practice is more likely to be there."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.quality: float = rng.random() ** 0.7

    def has(self) -> bool:
        return self.rng.random() < self.quality

    def maybe(self, value: Any) -> Any:
        return value if self.has() else None

    def pick(self, best: str, others: list[str]) -> str:
        return best if self.has() else self.rng.choice(others)


def design(rng: random.Random, number: int) -> dict[str, Any]:
    """A design with a random subset of the format's fields, so scores spread over every band."""
    t = Trainee(rng)
    partners = [{"id": f"p{index}", "name": f"Organisation {number}-{index}",
                 "sector": SECTORS[index % len(SECTORS)] if t.has() else rng.choice(SECTORS[:3]),
                 "leader_engaged": t.maybe(True), "joins_at": t.pick("concept", ["design", "implementation", "scale"]),
                 "contributes": t.maybe(["staff", "funding"]), "expects": t.maybe(["better services"])}
                for index in range(rng.choice([1, 2, 3, 3, 4, 4, 5, 6]))]
    data: dict[str, Any] = {
        "schema_version": 1,
        "title": f"Group {number}: {rng.choice(FOCUS)} partnership in district {rng.randint(1, 40)}",
        "summary": t.maybe("A partnership designed by trainees during the course. " * rng.randint(1, 4)),
        "context": t.maybe({"sector_focus": rng.choice(FOCUS), "local_context_study": t.has(),
                            "community_involvement": t.pick("co_designed", ["none", "informed", "consulted"])}),
        "environment": {"policy": t.pick("supportive", ["neutral", "neutral", "obstructive"]),
                        "infrastructure": t.pick("adequate", ["partial", "partial", "absent"])},
        "partners": [{key: value for key, value in partner.items() if value is not None} for partner in partners],
        "champion": t.maybe({"level": t.pick("minister", ["senior_official", "organisational", "none"])}),
        "outcomes": [{key: value for key, value in {
            "statement": f"Outcome {index} improves lives in the district", "indicator": t.maybe("share of households"),
            "baseline": t.maybe("10%"), "target": t.maybe("40% by 2030"), "agreed_by": t.maybe("all")}.items()
            if value is not None} for index in range(rng.randint(0 if rng.random() < 0.05 else 1, 3))],
        "monitoring": t.maybe({"baseline_study": t.has(), "starts_at": t.pick("design", ["implementation", "never"]),
                               "review_every_months": rng.randint(1, 24), "reviews_partnership_health": t.has()}),
        "resourcing": t.maybe({"framework_agreed": t.has(), "new_partner_mechanism": t.has()}),
        "ethics": t.maybe({"transparency": ["published accounts", "open minutes"], "conflict_of_interest_policy": t.has(),
                           "grievance_mechanism": t.has()}),
        "management": t.maybe({"structure": t.pick("office_and_broker", ["none", "committee", "office"]),
                               "funded": t.has()}),
        "sustainability": t.maybe({"planned_from_start": t.has(), "funding_after_launch": "user fees",
                                   "scale_plan": "two districts a year", "exit_strategy": "hand over to the council"}),
        "trust": t.maybe({"partnering_agreement": t.has(), "decision_making": t.pick("consensus", ["majority",
                                                                                                 "lead_partner"]),
                          "practices": ["monthly meetings"]}),
        "alternatives": t.maybe({"contract_considered": t.has(), "why_partnership": "No supplier could do it alone."}),
    }
    return {key: value for key, value in data.items() if value is not None and value != []}


def to_yaml(data: Any, indent: str = "") -> str:
    """A small YAML writer (JSON scalars are valid YAML), so the designs exercise the YAML parser."""
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:\n{to_yaml(value, indent + '  ')}")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{indent}{key}:")
            for item in value:
                body = to_yaml(item, indent + "    ")
                lines.append(f"{indent}  - {body.lstrip()}")
        else:
            lines.append(f"{indent}{key}: {json.dumps(value)}")
    return "\n".join(lines)


def generate(folder: Path) -> None:
    rng = random.Random(2026)
    for number in range(DESIGNS):
        data = design(rng, number)
        if number % BAD_EVERY == BAD_EVERY - 1:
            data["champoin"] = data.pop("champion", {"level": "minister"})  # a typo: reported, not scored
        if number % 4 == 0:
            (folder / f"group-{number:04}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
        else:
            (folder / f"group-{number:04}.yaml").write_text(to_yaml(data) + "\n", encoding="utf-8")


def pipeline(folder: Path, out: Path) -> tuple[int, int]:
    result = score_cohort(folder, files=collect_files(folder))
    write_atomically(out / "cohort.csv", render_csv(result))
    write_atomically(out / "cohort.html", render_cohort_html(result))
    return len(result.entries), len(result.bad_files)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-cohort-") as temporary:
        folder, out = Path(temporary) / "designs", Path(temporary) / "out"
        folder.mkdir()
        out.mkdir()
        generate(folder)
        size = sum(path.stat().st_size for path in folder.iterdir())
        print(f"generated {DESIGNS:,} designs ({size / 1e6:.1f} MB), one in {BAD_EVERY} deliberately invalid")

        # First, and the only child process, so RUSAGE_CHILDREN's max RSS is this run's.
        start = time.perf_counter()
        completed = subprocess.run([sys.executable, "-c", CLI, "cohort", str(folder), "--csv", str(out / "cli.csv"),
                                    "--html", str(out / "cli.html")], capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"CLI, fresh process:  {elapsed:5.2f} s   peak RSS {child:6.1f} MB   exit code {completed.returncode} "
              "(2: the invalid designs are listed)   goal: under 10 s and 300 MB")
        bands = [line for line in completed.stdout.splitlines() if line.startswith(("Bands:", "Scores:"))]
        print("  " + "\n  ".join(bands))

        start = time.perf_counter()
        scored, bad = pipeline(folder, out)
        elapsed = time.perf_counter() - start
        print(f"in process, cold:    {elapsed:5.2f} s   {scored} scored, {bad} bad; CSV "
              f"{(out / 'cohort.csv').stat().st_size / 1e3:.0f} kB, HTML {(out / 'cohort.html').stat().st_size / 1e6:.2f} MB")
        start = time.perf_counter()
        pipeline(folder, out)
        print(f"in process, warm:    {time.perf_counter() - start:5.2f} s   "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.1f} MB (this process)")


if __name__ == "__main__":
    main()
