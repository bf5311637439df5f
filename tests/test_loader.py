"""Loading designs (loader.py, _schema.py): schema problems, cross-field rules, what a valid design becomes."""

from __future__ import annotations

import json

import pytest

from _loading import DESIGNS, MINIMAL_YAML, PROBLEM_LINE, error_of, parse_error
from ict4d_training import Design, DesignError, Problem, design_from_data, load_design, parse_design
from ict4d_training.core import model
from ict4d_training.core.documents import format_path, line_of, parse_tree
from ict4d_training.core.model import Context, Environment, Monitoring, Outcome, Partner
from ict4d_training.core.schema import load_schema, register_schema, validate

# --- schema problems ------------------------------------------------------------------


def test_unknown_key_suggests_the_nearest_field() -> None:
    error = error_of(DESIGNS / "typo-in-key.yaml")
    source = str(DESIGNS / "typo-in-key.yaml")
    assert [str(problem) for problem in error.problems] == [
        f"{source}:8: partners[0].leader_engagd: unknown field 'leader_engagd'; did you mean 'leader_engaged'?",
        f"{source}:10: champoin: unknown field 'champoin'; did you mean 'champion'?",
    ]


def test_unknown_key_far_from_any_field_lists_the_allowed_fields() -> None:
    error = parse_error(MINIMAL_YAML + "budget: 1000\n")
    message = error.problems[0].message
    assert message.startswith("unknown field 'budget'; allowed fields: schema_version, title, summary, analysis, "
                               "not_recorded, context, environment, partners, champion")
    assert error.problems[0].line == 7


def test_enum_error_lists_the_allowed_values() -> None:
    error = error_of(DESIGNS / "unknown-sector.yaml")
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert (problem.line, problem.path) == (10, "partners[1].sector")
    assert problem.message == ("'ngo' is not allowed; use one of: government, regulator, private, "
                               "business_association, civil_society, community, academia, donor, multilateral")


def test_enum_error_suggests_a_close_value() -> None:
    error = parse_error(MINIMAL_YAML + "context:\n  community_involvement: codesigned\n")
    assert str(error) == ("design.yaml:8: context.community_involvement: 'codesigned' is not allowed "
                          "(did you mean 'co_designed'?); use one of: none, informed, consulted, co_designed, "
                          "community_led")


@pytest.mark.parametrize(("section", "value", "allowed"), [
    ("environment:\n  policy", "hostile", "supportive, neutral, obstructive"),
    ("environment:\n  infrastructure", "good", "adequate, partial, absent"),
    ("champion:\n  level", "king", "head_of_state, minister, senior_official, organisational, none"),
    ("monitoring:\n  starts_at", "later", "concept, design, implementation, never"),
    ("management:\n  structure", "ceo", "none, committee, office, broker, office_and_broker"),
    ("trust:\n  decision_making", "vote", "consensus, majority, lead_partner"),
])
def test_every_enum_lists_its_values(section: str, value: str, allowed: str) -> None:
    error = parse_error(MINIMAL_YAML + f"{section}: {value}\n")
    assert error.problems[0].message.endswith(f"use one of: {allowed}")
    assert error.problems[0].line == 8


def test_missing_required_fields_are_named() -> None:
    error = parse_error("summary: nothing else\n")
    assert [str(problem) for problem in error.problems] == [
        "design.yaml:1: missing required field 'schema_version'",
        "design.yaml:1: missing required field 'title'",
        "design.yaml:1: missing required field 'partners'",
    ]


HEAD = "schema_version: 1\ntitle: A design\n"
ONE_PARTNER = "partners:\n  - {id: ngo, name: An NGO, sector: civil_society}\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("schema_version: 3\ntitle: x\n" + ONE_PARTNER, "design.yaml:1: schema_version: 3 is not allowed; use one of: 1, 2"),
    ("schema_version: 1\ntitle: '  '\n" + ONE_PARTNER, "design.yaml:2: title: must not be empty"),
    (HEAD + "partners: []\n", "design.yaml:3: partners: needs at least 1 item"),
    (HEAD + "partners:\n  - {id: Bad Id, name: X, sector: private}\n",
     "design.yaml:4: partners[0].id: 'Bad Id' must use only lower-case letters, digits, '_' or '-'"),
    (HEAD + "partners:\n  - {id: a, sector: private}\n", "design.yaml:4: partners[0]: missing required field 'name'"),
    (HEAD + "partners: one\n", "design.yaml:3: partners: must be a list, not text 'one'"),
    (HEAD + ONE_PARTNER + "monitoring:\n  review_every_months: six\n",
     "design.yaml:6: monitoring.review_every_months: must be a whole number, not text 'six'"),
    (HEAD + ONE_PARTNER + "outcomes:\n  - statement: s\n    agreed_by: everyone\n",
     "design.yaml:7: outcomes[0].agreed_by: 'everyone' is not allowed; 'all', or the ids of the partners who "
     "agreed this outcome."),
    (HEAD + ONE_PARTNER + "ethics:\n  transparency: open books\n",
     "design.yaml:6: ethics.transparency: must be a list, not text 'open books'"),
    (HEAD + ONE_PARTNER + "context: consulted\n", "design.yaml:5: context: must be a mapping of fields, not text"),
])
def test_schema_problem_messages(text: str, expected: str) -> None:
    error = parse_error(text)
    assert len(error.problems) == 1, str(error)
    assert str(error).startswith(expected)


def test_all_problems_are_reported_at_once() -> None:
    path = DESIGNS / "several-problems.yaml"
    error = error_of(path)
    lines = str(error).splitlines()
    # schema_version: 2 (line 2) is a supported version since design format 2: six problems remain.
    assert len(lines) == len(error.problems) == 6
    matches = [PROBLEM_LINE.match(line) for line in lines]
    assert all(matches), lines
    assert {match["file"] for match in matches if match} == {str(path)}
    found = [(int(match["line"]), match["path"]) for match in matches if match]
    assert found == [(5, "context.community_involvement"), (7, "environment.policy"),
                     (11, "partners[0].sector"), (12, "partners[1].id"), (16, "monitoring.review_every_months"),
                     (17, "champoin")]


def test_json_problems_carry_lines_too() -> None:
    text = '{\n  "schema_version": 1,\n  "title": "x",\n  "partners": [\n    {"id": "a", "name": "A", "sector": "ngo"}\n  ]\n}\n'
    error = parse_error(text, source="d.json")
    assert str(error).startswith("d.json:5: partners[0].sector: 'ngo' is not allowed")


# --- cross-field rules ----------------------------------------------------------------


def test_partner_ids_must_be_unique() -> None:
    error = error_of(DESIGNS / "duplicate-partner-ids.yaml")
    assert [(problem.line, problem.path, problem.message) for problem in error.problems] == [
        (11, "partners[2].id", "partner id 'moict' is already used by partners[0]")]


def test_agreed_by_ids_must_be_declared_partners() -> None:
    error = error_of(DESIGNS / "agreed-by-unknown-partner.yaml")
    assert [(problem.line, problem.path, problem.message) for problem in error.problems] == [
        (15, "outcomes[0].agreed_by[1]", "'unicef' is not a partner id in this design (partners: moict, ngo)")]


def test_review_every_100_months_is_refused() -> None:
    error = error_of(DESIGNS / "review-every-100-months.yaml")
    assert [(problem.line, problem.path, problem.message) for problem in error.problems] == [
        (12, "monitoring.review_every_months", "must be between 1 and 60, not 100")]


@pytest.mark.parametrize(("months", "valid"), [(0, False), (1, True), (12, True), (60, True), (61, False), (-3, False)])
def test_review_every_months_range(months: int, valid: bool) -> None:
    text = MINIMAL_YAML + f"monitoring:\n  review_every_months: {months}\n"
    if valid:
        assert parse_design(text).monitoring.review_every_months == months
    else:
        assert parse_error(text).problems[0].path == "monitoring.review_every_months"


def test_cross_field_problems_come_with_schema_problems() -> None:
    text = ("schema_version: 1\ntitle: x\npartners:\n  - {id: a, name: A, sector: nope}\n"
            "  - {id: a, name: B, sector: private}\noutcomes:\n  - statement: s\n    agreed_by: [a, zz]\n")
    error = parse_error(text)
    assert [problem.path for problem in error.problems] == ["partners[0].sector", "partners[1].id",
                                                            "outcomes[0].agreed_by[1]"]


# --- what a valid design becomes ------------------------------------------------------


def test_json_and_yaml_give_equal_designs() -> None:
    from_yaml = load_design(DESIGNS / "strong-multi-stakeholder.yaml")
    from_json = load_design(DESIGNS / "strong-multi-stakeholder.json")
    assert from_yaml == from_json
    assert from_yaml.to_dict() == from_json.to_dict()


def test_json_text_without_json_file_name_is_read_as_json() -> None:
    text = (DESIGNS / "strong-multi-stakeholder.json").read_text(encoding="utf-8")
    assert parse_design(text, source="<widget>") == load_design(DESIGNS / "strong-multi-stakeholder.yaml")


def test_missing_optional_fields_are_none_or_empty() -> None:
    design = load_design(DESIGNS / "minimal-valid.yaml")
    assert design.summary is None
    assert design.context == Context()
    assert design.context.community_involvement is None
    assert design.environment == Environment()
    assert design.outcomes == ()
    assert design.monitoring == Monitoring()
    assert design.ethics.transparency == ()
    assert design.trust.practices == ()
    assert design.partners == (Partner(id="ngo", name="A community organisation", sector="civil_society"),)
    assert design.partners[0].contributes == ()
    assert design.partners[0].leader_engaged is None


def test_lists_become_tuples_and_values_are_kept() -> None:
    design = load_design(DESIGNS / "strong-multi-stakeholder.yaml")
    assert isinstance(design, Design)
    assert design.partner_ids == ("moa", "telco", "farmers", "uni")
    assert design.schema_version == 2
    assert design.partners[2].contributes == ("community_access", "training")
    assert design.partners[2].expects == ("mission",)
    assert design.outcomes[0] == Outcome(
        statement="Farmers in the region use market-price information weekly",
        indicator="share of farm households using the service weekly", baseline="8% (2025 household survey)",
        target="40% by 2029", agreed_by="all", kind="outcome")
    assert design.outcomes[1].agreed_by == ("moa", "telco", "farmers", "uni")
    assert design.monitoring.review_every_months == 6
    assert design.environment.sites_checked is True and design.context.scope == "national"
    assert design.champion.commitment == model.Commitment(role="Opens the annual review and clears obstacles between "
                                                    "ministries.", days_per_month=1, in_agreement=True)
    assert design.capacity_building[0] == model.CapacityBuilding(group="Extension officers who gather prices",
                                                           provider="moa", when="before_launch", funded=True)
    assert design.beneficiaries.groups == ("smallholder farming households", "women farmers")
    assert design.sustainability.running_costs == model.RunningCosts(payer="moa", amount_per_year=42000, currency="USD",
                                                               committed=True)
    assert (design.sustainability.handover.to, design.sustainability.pilot.review_before_scale) == ("farmers", True)
    assert design.trust.practices == ("regular_joint_meetings", "shared_reporting")


def test_design_is_frozen() -> None:
    design = load_design(DESIGNS / "minimal-valid.yaml")
    with pytest.raises(AttributeError):
        design.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("name", ["strong-multi-stakeholder.yaml", "minimal-valid.yaml", "ppp-only.yaml",
                                  "no-outcomes.yaml", "html-in-partner-name.yaml"])
def test_to_dict_round_trips_through_design_from_data(name: str) -> None:
    design = load_design(DESIGNS / name)
    data = design.to_dict()
    assert design_from_data(json.loads(json.dumps(data))) == design


def test_to_dict_keeps_contract_order_and_leaves_out_missing_fields() -> None:
    data = load_design(DESIGNS / "strong-multi-stakeholder.yaml").to_dict()
    assert list(data) == ["schema_version", "title", "summary", "context", "environment", "partners", "champion",
                          "outcomes", "beneficiaries", "capacity_building", "monitoring", "resourcing", "ethics",
                          "management", "sustainability", "trust", "alternatives"]
    assert list(data["sustainability"]) == ["planned_from_start", "funding_after_launch", "scale_plan", "exit_strategy",
                                            "running_costs", "pilot", "handover"]
    minimal = load_design(DESIGNS / "minimal-valid.yaml").to_dict()  # a v1 file: migrated to format 2
    assert minimal == {"schema_version": 2, "title": "A minimal design",
                       "partners": [{"id": "ngo", "name": "A community organisation", "sector": "civil_society"}]}


def test_to_dict_keeps_false_values() -> None:
    design = parse_design(MINIMAL_YAML + "    leader_engaged: false\nresourcing:\n  framework_agreed: false\n")
    data = design.to_dict()
    assert data["partners"][0]["leader_engaged"] is False
    assert data["resourcing"] == {"framework_agreed": False}


def test_an_empty_agreed_by_list_means_nobody_agreed_and_round_trips() -> None:
    design = parse_design(MINIMAL_YAML + "outcomes:\n  - statement: s\n    agreed_by: []\n")
    assert design.outcomes[0].agreed_by is None
    assert design_from_data(design.to_dict()) == design


# --- Problem, DesignError and the helpers behind them ---------------------------------


@pytest.mark.parametrize(("problem", "text"), [
    (Problem("d.yaml", 3, "partners[0].sector", "bad"), "d.yaml:3: partners[0].sector: bad"),
    (Problem("d.yaml", None, "title", "bad"), "d.yaml: title: bad"),
    (Problem("d.yaml", 7, "", "YAML syntax error: x"), "d.yaml:7: YAML syntax error: x"),
    (Problem("<widget>", None, "", "the file is empty"), "<widget>: the file is empty"),
])
def test_problem_str_formats(problem: Problem, text: str) -> None:
    assert str(problem) == text


def test_design_error_lists_every_problem_one_per_line() -> None:
    problems = [Problem("a.yaml", 1, "title", "one"), Problem("a.yaml", None, "", "two")]
    error = DesignError(problems)
    assert isinstance(error, ValueError)
    assert error.problems == tuple(problems)
    assert str(error) == "a.yaml:1: title: one\na.yaml: two"
    assert error.args == ("a.yaml:1: title: one\na.yaml: two",)


def test_parse_design_default_source_names_the_design() -> None:
    with pytest.raises(DesignError) as caught:
        parse_design("title: x\n")
    assert all(problem.source == "<design>" for problem in caught.value.problems)


@pytest.mark.parametrize(("path", "text"), [
    ((), ""), (("title",), "title"), (("partners", 2, "sector"), "partners[2].sector"),
    (("outcomes", 0, "agreed_by", 1), "outcomes[0].agreed_by[1]"), ((0, "a"), "[0].a"),
])
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


def test_line_of_falls_back_to_the_nearest_enclosing_value() -> None:
    lines = {(): 1, ("partners",): 4, ("partners", 0): 5}
    assert line_of(lines, ("partners", 0, "name")) == 5
    assert line_of(lines, ("partners", 3, "name")) == 4
    assert line_of(lines, ("title",)) == 1
    assert line_of({}, ("title",)) is None


def test_parse_tree_records_the_line_of_every_value() -> None:
    data, lines = parse_tree(MINIMAL_YAML, "d.yaml")
    assert data["partners"][0]["sector"] == "civil_society"
    assert lines[("title",)] == 2
    assert lines[("partners", 0)] == 4
    assert lines[("partners", 0, "sector")] == 6


def test_parse_tree_of_json_locates_values_lazily() -> None:
    data, lines = parse_tree('{\n  "a": [\n    1,\n    2\n  ]\n}\n', "x.json")
    assert data == {"a": [1, 2]}
    assert lines.get(("a", 1)) == 4
    assert ("a",) in lines


def test_validate_returns_nothing_for_valid_data() -> None:
    data = {"schema_version": 1, "title": "x", "partners": [{"id": "a", "name": "A", "sector": "donor"}]}
    assert validate(data, "design.schema.json", {}, "<d>") == []


def test_validate_without_lines_still_names_paths() -> None:
    data = {"schema_version": 1, "title": "x", "partners": [{"id": "a", "name": "A", "sector": "bank"}]}
    problems = validate(data, "design.schema.json", {}, "<d>")
    assert [(problem.line, problem.path) for problem in problems] == [(None, "partners[0].sector")]


def test_registered_schema_is_used_by_name() -> None:
    register_schema("test-colour", {"type": "object", "additionalProperties": False,
                                    "properties": {"colour": {"enum": ["red", "green"]}}})
    assert load_schema("test-colour")["properties"]["colour"]["enum"] == ["red", "green"]
    problems = validate({"colour": "blue"}, "test-colour", {("colour",): 3}, "c.yaml")
    assert [str(problem) for problem in problems] == ["c.yaml:3: colour: 'blue' is not allowed; use one of: red, green"]
    # Registering a changed schema under the same name replaces the compiled validator.
    register_schema("test-colour", {"type": "object", "properties": {"colour": {"enum": ["blue"]}}})
    assert validate({"colour": "blue"}, "test-colour", {}, "c.yaml") == []


def test_packaged_design_schema_lists_every_top_level_field() -> None:
    schema = load_schema("design.schema.json")
    assert schema["required"] == ["schema_version", "title", "partners"]
    assert schema["additionalProperties"] is False
    # The schema lists the top-level fields in the order Design.to_dict writes them.
    assert list(schema["properties"]) == list(model._FIELD_ORDER)


# --- design format 2: v1 files migrate; new fields, references and not_recorded are checked ------------------

V2_HEAD = "schema_version: 2\ntitle: A design\n"


@pytest.mark.parametrize(("text", "line", "path"), [
    ("context:\n  scope: national\n", 8, "context.scope"),
    ("champion:\n  commitment: {days_per_month: 2}\n", 8, "champion.commitment"),
    ("beneficiaries:\n  cost_to_user: free\n", 7, "beneficiaries"),
    ("sustainability:\n  pilot: {planned: true}\n", 8, "sustainability.pilot"),
])
def test_a_v1_file_using_a_v2_field_is_told_to_set_schema_version_2(text: str, line: int, path: str) -> None:
    assert str(parse_error(MINIMAL_YAML + text)) == (
        f"design.yaml:{line}: {path}: is new in design format 2: set schema_version: 2 to use it")
    assert parse_design(MINIMAL_YAML.replace("schema_version: 1", "schema_version: 2") + text).schema_version == 2


def test_business_association_is_a_v2_sector() -> None:
    text = "title: A design\npartners:\n  - {id: fed, name: Traders, sector: business_association}\n"
    assert str(parse_error("schema_version: 1\n" + text)) == ("design.yaml:4: partners[0].sector: business_association "
                                                              "is new in design format 2: set schema_version: 2 to use it")
    assert parse_design("schema_version: 2\n" + text).partners[0].sector == "business_association"


@pytest.mark.parametrize(("text", "line", "path"), [
    ("environment:\n  mitigations:\n    - {gap: policy, action: Lobby, owner: zz}\n", 7, "environment.mitigations[0].owner"),
    ("capacity_building:\n  - group: teachers\n    provider: zz\n", 7, "capacity_building[0].provider"),
    ("sustainability:\n  running_costs:\n    payer: zz\n", 7, "sustainability.running_costs.payer"),
    ("sustainability:\n  handover:\n    to: zz\n", 7, "sustainability.handover.to"),
])
def test_a_named_organisation_must_be_a_partner(text: str, line: int, path: str) -> None:
    error = parse_error(V2_HEAD + ONE_PARTNER + text)
    assert str(error) == f"design.yaml:{line}: {path}: 'zz' is not a partner id in this design (partners: ngo)"
    assert parse_design(V2_HEAD + ONE_PARTNER + text.replace("zz", "ngo")).partners[0].id == "ngo"
    if path.endswith("payer"):  # users, paying fees, are the one payer that is not a partner
        assert parse_design(V2_HEAD + ONE_PARTNER + text.replace("zz", "users")).sustainability.running_costs.payer


def test_the_service_cannot_be_handed_over_to_users() -> None:
    assert "'users' is not a partner id" in str(parse_error(V2_HEAD + ONE_PARTNER + "sustainability:\n  handover: {to: users}\n"))


def test_a_not_recorded_path_with_a_value_is_an_error_outside_list_items() -> None:
    analysed = V2_HEAD + "analysis:\n  of: A past partnership\n  sources: [Its evaluation]\n" + ONE_PARTNER
    error = parse_error(analysed + "not_recorded: [monitoring.baseline_study]\nmonitoring:\n  baseline_study: false\n")
    assert str(error) == ("design.yaml:8: not_recorded[0]: monitoring.baseline_study is marked not recorded but also "
                          "has a value: keep one")
    # A field of list items may be known for some items and unrecorded for the rest.
    text = analysed + "  - {id: gov, name: A ministry, sector: government, leader_engaged: true}\n"
    assert parse_design(text + "not_recorded: [partners.leader_engaged]\n").not_recorded == ("partners.leader_engaged",)


def test_not_recorded_without_an_analysis_is_an_error() -> None:
    error = parse_error(V2_HEAD + ONE_PARTNER + "not_recorded: [trust]\n")
    assert [(problem.line, problem.path) for problem in error.problems] == [(5, "not_recorded")]
    assert error.problems[0].message.startswith("is only for analyses of past partnerships")
