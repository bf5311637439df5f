"""Speed figures for the library (issue: library foundation). Prints figures; asserts nothing.

Run with `make bench`. Figures are wall-clock on this machine, best of several repeats.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from ruamel.yaml import YAML

from ict4d_training import parse_design, score

ROOT = Path(__file__).resolve().parent.parent
DESIGN = """\
schema_version: 1
title: Market information for smallholder farmers {n}
summary: Weekly crop prices and advice by SMS and voice for farmers in the northern region.
context:
  country: A Commonwealth member state
  sector_focus: agriculture
  target_communities: Smallholder farming households in the northern districts
  local_context_study: true
  community_involvement: co_designed
environment:
  policy: supportive
  infrastructure: partial
  notes: Voice service where data coverage is weak; solar charging at cooperative offices.
partners:
  - id: moa
    name: Ministry of Agriculture
    sector: government
    role: Policy lead and extension officers
    leader_engaged: true
    joins_at: concept
    contributes: [extension officers, price data]
    expects: [higher farm incomes]
  - id: telco
    name: National mobile operator
    sector: private
    leader_engaged: true
    joins_at: design
    contributes: [SMS and voice platform, zero-rated short code]
    expects: [new rural subscribers]
  - id: coops
    name: Farmers' cooperative union
    sector: civil_society
    leader_engaged: true
    joins_at: concept
    contributes: [member networks, trusted messengers]
    expects: [better prices for members]
  - id: uni
    name: Agricultural university
    sector: academia
    leader_engaged: {leader}
    joins_at: design
    contributes: [evaluation]
    expects: [research data]
champion:
  name: Minister of Agriculture
  level: minister
outcomes:
  - statement: Farmers in the region use market-price information weekly
    indicator: share of farm households using the service weekly
    baseline: "8% (2025 household survey)"
    target: "40% by 2029"
    agreed_by: all
monitoring:
  baseline_study: true
  starts_at: design
  review_every_months: {months}
  reviews_partnership_health: true
resourcing:
  framework_agreed: true
  new_partner_mechanism: true
ethics:
  transparency: [published accounts, open minutes]
  conflict_of_interest_policy: true
  grievance_mechanism: true
management:
  structure: broker
  funded: true
sustainability:
  planned_from_start: true
  funding_after_launch: Cooperative subscriptions and operator revenue share
  scale_plan: Add two regions a year
  exit_strategy: Hand the service to the cooperative union
trust:
  partnering_agreement: true
  decision_making: consensus
  practices: [monthly joint meetings, shared reporting]
alternatives:
  contract_considered: true
  why_partnership: No supplier could reach farmers without the cooperatives' trust.
"""


def best_of(function, repeats: int = 5) -> float:  # type: ignore[no-untyped-def]
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    texts = [DESIGN.format(n=n, leader="true" if n % 3 else "false", months=1 + n % 24) for n in range(1000)]
    text = texts[0]
    design = parse_design(text, "bench.yaml")
    score(design)  # warm caches (schema compilation, rubric) as a long-running process would

    runs = 2000
    per_score = best_of(lambda: [score(design) for _ in range(runs)]) / runs
    print(f"score one design:                      {per_score * 1e3:8.3f} ms   (goal: well under 1 ms)")

    yaml = YAML(typ="safe", pure=True)
    bare = best_of(lambda: [yaml.load(text) for _ in range(50)]) / 50
    full = best_of(lambda: [score(parse_design(text, "bench.yaml")) for _ in range(50)]) / 50
    print(f"bare pure-Python YAML parse:           {bare * 1e3:8.3f} ms   ({len(text):,} bytes)")
    print(f"load + validate + score:               {full * 1e3:8.3f} ms   ratio {full / bare:.2f}x (goal: <= 1.5x)")

    # What Pyodide (no libyaml) gets: the pure parser for everything.
    from ict4d_training import _documents

    safe = _documents._c_parser_is_safe
    _documents._c_parser_is_safe = lambda _text: False
    try:
        pure = best_of(lambda: [score(parse_design(text, "bench.yaml")) for _ in range(50)]) / 50
    finally:
        _documents._c_parser_is_safe = safe
    print(f"  ... with the pure parser only:       {pure * 1e3:8.3f} ms   ratio {pure / bare:.2f}x (as in the browser)")

    thousand = best_of(lambda: [score(parse_design(t, f"design-{i}.yaml")) for i, t in enumerate(texts)], 3)
    print(f"1,000 designs loaded and scored:       {thousand:8.3f} s    (goal: under 3 s, one core)")

    code = "import time; t = time.perf_counter(); import ict4d_training; print(time.perf_counter() - t)"
    imports = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                    cwd=ROOT).stdout) for _ in range(7)]
    print(f"import ict4d_training (median of 7):   {statistics.median(imports) * 1e3:8.1f} ms   (goal: under 200 ms)")


if __name__ == "__main__":
    main()
