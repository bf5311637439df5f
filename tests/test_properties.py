"""Properties over generated designs (Hypothesis): determinism, bounds, monotonicity, robust loading."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from _design_strategies import DUMPER, MUTATIONS, Mutation, all_scores, build, design_data
from ict4d_training import Design, DesignError, design_from_data, load_design, parse_design, score

# --- properties of scoring ---------------------------------------------------------------


@given(design_data())
def test_any_valid_design_scores_deterministically_within_bounds_and_round_trips(data: dict[str, Any]) -> None:
    # One generated design serves several properties: generating designs is most of the cost,
    # and the ci profile runs 2000 of them.
    design = build(data)
    assert design.partner_ids == tuple(item["id"] for item in data["partners"])
    report = score(design)

    # Deterministic: the same design, built and scored again, gives an equal report.
    again = score(build(data))
    assert again == report
    assert again.to_dict() == report.to_dict()

    # Bounded: every score within 0..100, points never above their maximum.
    assert 0 <= report.overall <= 100 + 1e-9
    for area in (*report.elements, *report.lessons):
        assert 0 <= area.score <= 100 + 1e-9
        for finding in area.findings:
            assert 0 <= finding.points <= finding.max_points + 1e-9
            assert finding.met is (finding.level == 3)
    assert sum(finding.max_points for finding in report.findings) == pytest.approx(100)
    assert 0 <= report.to_dict()["overall"] <= 100

    # Banded by the thresholds on the score as shown (one decimal); do_not_start whenever blocked.
    thresholds = (("strong", 80), ("developing", 60), ("emerging", 40), ("not_ready", 0))
    unblocked = next(key for key, low in thresholds if round(report.overall, 1) >= low)
    assert report.band == ("do_not_start" if report.blockers else unblocked)

    # to_dict() round-trips (this found `agreed_by: []` loading as () and coming back as None).
    assert design_from_data(json.loads(json.dumps(design.to_dict()))) == design

    # JSON and YAML texts of the same data give the same design.
    assert parse_design(json.dumps(data), source="generated.json") == design
    stream = io.StringIO()
    DUMPER.dump(data, stream)
    try:
        from_yaml: Design | None = parse_design(stream.getvalue(), source="generated.yaml")
    except DesignError:
        from_yaml = None
    if from_yaml != design:
        # ruamel's emitter cannot always write what its own parser reads back (a name ':0', or
        # one holding U+0085): only a text ruamel itself reads back correctly must agree.
        try:
            reread = YAML(typ="safe", pure=True).load(stream.getvalue())
        except YAMLError:
            reread = None
        assert reread != data, f"the YAML text gives {from_yaml}, not {design}"


@given(design_data(), st.permutations(MUTATIONS), st.integers(1, len(MUTATIONS)), st.data())
def test_adding_a_good_practice_never_lowers_any_score(data: dict[str, Any], order: list[Mutation], steps: int,
                                                       draw: st.DataObject) -> None:
    # A chain of different good practices in random order, each compared with the design just
    # before it: every practice meets many kinds of design (bare, half done, nearly complete),
    # which one change per generated design would rarely reach.
    def pick(size: int) -> int:
        return draw.draw(st.integers(0, size - 1))

    current = copy.deepcopy(data)
    before = all_scores(score(build(current)))
    done = []
    for mutation in order[:steps]:
        if mutation(current, pick) is None:  # not applicable: the design is left as it was
            continue
        done.append(mutation.__name__)
        after = all_scores(score(Design.from_dict(current)))
        lowered = {key: (before[key], after[key]) for key in before if after[key] < before[key] - 1e-9}
        assert not lowered, f"{mutation.__name__} (after {done[:-1]}) lowered {lowered}"
        before = after
    build(current)  # the changes still make a valid design


# --- the loader never fails with anything but DesignError ---------------------------------

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
DESIGN_KEYS = ["schema_version", "title", "summary", "context", "environment", "partners", "champion", "outcomes",
               "monitoring", "id", "name", "sector", "statement", "agreed_by", "review_every_months"]
TREES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(DESIGN_KEYS) | st.text(max_size=8), children, max_size=5),
    max_leaves=20,
)


def parses_or_refuses(call: Callable[[], Design]) -> None:
    try:
        design = call()
    except DesignError as error:
        assert error.problems
        assert all(str(problem) for problem in error.problems)
        return
    assert isinstance(design, Design)
    score(design)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=2000), suffix=st.sampled_from([".yaml", ".json"]))
def test_any_bytes_load_or_raise_design_error(tmp_path: Path, raw: bytes, suffix: str) -> None:
    path = tmp_path / f"design{suffix}"
    path.write_bytes(raw)
    parses_or_refuses(lambda: load_design(path))


@given(text=st.text(max_size=2000), source=st.sampled_from(["d.yaml", "d.json", "<widget>"]))
def test_any_text_parses_or_raises_design_error(text: str, source: str) -> None:
    parses_or_refuses(lambda: parse_design(text, source=source))


def _tree_dumper(flow: bool) -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    return yaml


TREE_DUMPERS = {flow: _tree_dumper(flow) for flow in (False, True)}


@given(tree=TREES, flow=st.booleans())
def test_any_yaml_or_json_document_parses_or_raises_design_error(tree: Any, flow: bool) -> None:
    stream = io.StringIO()
    TREE_DUMPERS[flow].dump(tree, stream)
    parses_or_refuses(lambda: parse_design(stream.getvalue(), source="tree.yaml"))
    parses_or_refuses(lambda: parse_design(json.dumps(tree), source="tree.json"))
    parses_or_refuses(lambda: parse_design(json.dumps(tree), source="<widget>"))


def _fixture_data(name: str) -> dict[str, Any]:
    return load_design(Path(__file__).parent / "fixtures" / "designs" / name).to_dict()


# Valid designs to damage: generating one costs more than the damage, and any will do.
VALID_BASES = [_fixture_data(name) for name in ("strong-multi-stakeholder.yaml", "minimal-valid.yaml",
                                                "ppp-only.yaml", "no-outcomes.yaml")]


@given(base=st.sampled_from(VALID_BASES), damage=TREES, key=st.sampled_from(DESIGN_KEYS),
       where=st.sampled_from(["top", "partner", "outcome", "section"]))
def test_damaged_valid_designs_parse_or_raise_design_error(base: dict[str, Any], damage: Any, key: str,
                                                           where: str) -> None:
    data = copy.deepcopy(base)
    if where == "partner":
        data["partners"][0][key] = damage
    elif where == "outcome" and data.get("outcomes"):
        data["outcomes"][0][key] = damage
    elif where == "section":
        data.setdefault("monitoring", {})[key] = damage
    else:
        data[key] = damage
    parses_or_refuses(lambda: design_from_data(data))


PROSE = ("summary", "context.country", "context.sector_focus", "context.target_communities", "environment.notes",
         "champion.name", "champion.commitment.role", "sustainability.funding_after_launch",
         "sustainability.scale_plan", "sustainability.exit_strategy", "alternatives.why_partnership")


@given(design_data(), st.text(min_size=1, max_size=40).filter(str.strip))
def test_prose_alone_never_earns_a_point(data: dict[str, Any], words: str) -> None:
    before = {f.criterion: f.points for f in score(build(data)).findings}
    changed = copy.deepcopy(data)
    for path in PROSE:
        *parents, field = path.split(".")
        node = changed
        for part in parents:
            node = node.setdefault(part, {})
        node[field] = words
    for item in changed["partners"]:
        item.update(name=words, role=words)
        for key in ("contributes", "expects"):
            item[key] = [*item.get(key, []), f"{words} (other wording)"]
    for key, field in (("ethics", "transparency"), ("trust", "practices")):
        changed.setdefault(key, {}).setdefault(field, []).append(f"{words} (other wording)")
    changed.setdefault("beneficiaries", {})["groups"] = [words]
    for item in changed.get("environment", {}).get("mitigations", []):
        item["action"] = words
    for item in changed.get("capacity_building", []):
        item["group"] = words
    assert {f.criterion: f.points for f in score(build(changed)).findings} == before


@given(design_data(), st.sampled_from(["government", "regulator", "private", "business_association", "civil_society",
                                       "community", "academia", "donor", "multilateral"]))
def test_adding_a_partner_with_a_stated_role_never_lowers_stakeholders_or_overall(data: dict[str, Any],
                                                                                   sector: str) -> None:
    before = score(build(data))
    changed = copy.deepcopy(data)
    ids = {item["id"] for item in changed["partners"]}
    new_id = next(f"new-{number}" for number in range(100) if f"new-{number}" not in ids)
    changed["partners"].append({"id": new_id, "name": "A new partner", "sector": sector, "role": "Runs the kiosks"})
    after = score(build(changed))
    assert after.element("stakeholders").score >= before.element("stakeholders").score - 1e-9
    assert after.overall >= before.overall - 1e-9
