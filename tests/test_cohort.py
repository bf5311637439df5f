"""The cohort dashboard (cohort.py, render/cohort.py): collecting files, scoring and aggregating, the CSV and HTML reports."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from _cohort import COLUMNS, FIXTURES, GOOD, rows_of
from ict4d_training import InputError, load_design, score
from ict4d_training.core.cohort import BIN_LABELS, CohortEntry, CohortResult, distribution
from ict4d_training.core.rubric import BAND_ORDER, ELEMENT_KEYS, LESSON_KEYS
from ict4d_training.files.folders import collect_files, score_cohort
from ict4d_training.render.cohort import heat_colours, render_cohort_html, render_cohort_text, render_csv

# --- collecting files --------------------------------------------------------------------


def test_collect_files_takes_yaml_yml_and_json_at_the_top_only(cohort: Path) -> None:
    (cohort / ".hidden.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    listing = collect_files(cohort)
    assert [path.name for path in listing.files] == GOOD
    assert listing.root == cohort.resolve()


def test_collect_files_recursive_descends_into_sub_folders(cohort: Path) -> None:
    names = [path.relative_to(cohort).as_posix() for path in collect_files(cohort, recursive=True).files]
    assert names == sorted([*GOOD, "sub/nested-design.yaml"], key=lambda name: tuple(name.split("/")))


def test_a_linked_folder_is_not_followed_and_reported_if_it_leads_outside(cohort: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(FIXTURES / "good" / "ppp-only.yaml", outside / "secret.yaml")
    (cohort / "linked-outside").symlink_to(outside, target_is_directory=True)
    (cohort / "linked-inside").symlink_to(cohort / "sub", target_is_directory=True)
    listing = collect_files(cohort, recursive=True)
    names = [path.relative_to(cohort).as_posix() for path in listing.files]
    assert names == sorted([*GOOD, "sub/nested-design.yaml"], key=lambda name: tuple(name.split("/")))
    assert [bad.file for bad in listing.refused] == ["linked-outside/"]
    assert "outside" in listing.refused[0].reasons[0]
    assert collect_files(cohort).refused == ()  # without --recursive, folders are not looked at


def test_collect_files_accepts_upper_case_suffixes(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "good" / "ppp-only.yaml", tmp_path / "PPP.YAML")
    assert [path.name for path in collect_files(tmp_path).files] == ["PPP.YAML"]


@pytest.mark.parametrize("make", [lambda tmp: tmp / "missing", lambda tmp: _file(tmp / "a-file.yaml")])
def test_collect_files_refuses_a_missing_folder_or_a_file(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    with pytest.raises(InputError) as caught:
        collect_files(make(tmp_path))
    assert len(caught.value.problems) == 1


def _file(path: Path) -> Path:
    path.write_text("x: 1\n", encoding="utf-8")
    return path


# --- scoring and aggregating -------------------------------------------------------------


def test_every_entry_is_the_score_of_its_file(cohort: Path) -> None:
    result = score_cohort(cohort, recursive=True)
    assert result.all_scored
    assert len(result.entries) == len(GOOD) + 1
    for entry in result.entries:
        assert entry.report == score(load_design(cohort / entry.file))


def test_entries_are_ranked_best_first(cohort: Path) -> None:
    overall = [entry.report.overall for entry in score_cohort(cohort).entries]
    assert overall == sorted(overall, reverse=True)


def test_common_gaps_count_the_designs_that_miss_each_criterion(cohort: Path) -> None:
    result = score_cohort(cohort)
    for gap in result.common_gaps:
        unmet = [e for e in result.entries if not next(f for f in e.report.findings if f.criterion == gap.criterion).met]
        assert gap.designs == len(unmet)
        assert gap.share == pytest.approx(len(unmet) / len(result.entries))
        assert gap.learn_more.startswith("book/")
    counts = [gap.designs for gap in result.common_gaps]
    assert counts == sorted(counts, reverse=True)


def test_distribution_counts_every_design_once_by_band_and_by_bin(cohort: Path) -> None:
    result = score_cohort(cohort)
    bands = dict(result.distribution.bands)
    assert list(bands) == ["do_not_start", *BAND_ORDER]  # the blocked band first, below every score band
    assert sum(bands.values()) == sum(result.distribution.bins) == len(result.entries)
    for entry in result.entries:
        assert bands[entry.report.band] >= 1
    # Ranked best first (the cohort's designs are v1 files, so none reaches 100 under rubric v2).
    assert result.entries[0].report.overall == max(entry.report.overall for entry in result.entries)
    assert result.distribution.bins[9] == sum(round(e.report.overall, 1) >= 90 for e in result.entries)  # 100 too


def test_bins_follow_the_score_as_displayed() -> None:
    base = score(load_design(FIXTURES / "good" / "ppp-only.yaml"))
    entries = [CohortEntry(f"{value}.yaml", replace(base, overall=value)) for value in (0.0, 9.96, 79.99999, 80.0, 100.0)]
    assert distribution(entries).bins == (1, 1, 0, 0, 0, 0, 0, 0, 2, 1)
    assert len(BIN_LABELS) == 10


def test_element_means_are_the_means_of_the_entries(cohort: Path) -> None:
    result = score_cohort(cohort)
    for (key, _), mean in zip(result.elements, result.element_means, strict=True):
        scores = [entry.report.element(key).score for entry in result.entries]
        assert mean == pytest.approx(sum(scores) / len(scores))


# --- CSV ---------------------------------------------------------------------------------


def test_csv_has_the_columns_and_values_of_score(cohort: Path) -> None:
    result = score_cohort(cohort, recursive=True)
    text = render_csv(result)
    assert text.splitlines()[0].split(",") == COLUMNS
    rows = rows_of(text)
    assert [row["file"] for row in rows] == sorted(entry.file for entry in result.entries)
    for row in rows:
        report = score(load_design(cohort / row["file"]))
        expected = report.to_dict()
        assert row["title"].removeprefix("'") == report.title
        assert float(row["overall"]) == expected["overall"]
        assert row["band"] == expected["band"]
        for key in ELEMENT_KEYS:
            assert float(row[key]) == expected["elements"][key]["score"]
        for key in LESSON_KEYS:
            assert float(row[key]) == expected["lessons"][key]["score"]
        assert row["blockers"] == ";".join(blocker["code"] for blocker in expected["blockers"])


def test_csv_joins_several_blockers_with_semicolons(cohort: Path) -> None:
    row = next(row for row in rows_of(render_csv(score_cohort(cohort))) if row["file"] == "minimal-valid.yml")
    assert row["blockers"] == "single_partner;no_outcome"


def test_csv_neutralises_a_title_a_spreadsheet_would_run_as_a_formula(cohort: Path) -> None:
    row = next(row for row in rows_of(render_csv(score_cohort(cohort))) if row["file"] == "formula-in-title.yaml")
    assert row["title"].startswith("'=HYPERLINK(")


# --- HTML --------------------------------------------------------------------------------


@pytest.fixture
def dashboard(cohort: Path) -> tuple[CohortResult, str]:
    (cohort / "malformed-yaml.yaml").write_bytes((FIXTURES / "bad" / "malformed-yaml.yaml").read_bytes())
    result = score_cohort(cohort)
    return result, render_cohort_html(result)


def test_html_escapes_every_title(dashboard: tuple[CohortResult, str]) -> None:
    result, html = dashboard
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#39;cohort&#39;)&lt;/script&gt; Telecentres &amp; libraries" in html
    ranking = BeautifulSoup(html, "html.parser").find(id="ranking")
    assert ranking is not None
    for entry in result.entries:
        assert entry.report.title in ranking.get_text()


def test_html_heatmap_has_a_cell_for_every_element_of_every_design(dashboard: tuple[CohortResult, str]) -> None:
    result, html = dashboard
    soup = BeautifulSoup(html, "html.parser")
    for key in ELEMENT_KEYS:
        cells = soup.select(f'table.heatmap td.heat[data-element="{key}"]')
        assert len(cells) == len(result.entries)
        for cell, entry in zip(cells, result.entries, strict=True):
            score_text = f"{entry.report.element(key).score:.0f}"
            assert cell.get_text() == score_text  # the number is in the cell, not only the colour
            assert heat_colours(entry.report.element(key).score)[0] in str(cell["style"])


def test_html_lists_bad_files_with_their_reasons(dashboard: tuple[CohortResult, str]) -> None:
    result, html = dashboard
    section = BeautifulSoup(html, "html.parser").find(id="bad-files")
    assert section is not None
    assert "malformed-yaml.yaml" in section.get_text()
    assert 'malformed-yaml.yaml:3: title: the quote (") that opens this text is never closed' in section.get_text()
    assert result.bad_files[0].reasons[0] in section.get_text()


def test_html_is_self_contained(dashboard: tuple[CohortResult, str]) -> None:
    _, html = dashboard
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "link", "img", "iframe", "object"])
    assert "@import" not in html and "url(" not in html
    assert len(soup.find_all("svg")) == 2
    assert not soup.find_all("a")  # no book address given: pages are named, not linked relatively
    linked = BeautifulSoup(render_cohort_html(dashboard[0], "https://b.example/"), "html.parser")
    assert linked.find_all("a")
    assert all(str(a["href"]).startswith("https://b.example/book/") for a in linked.find_all("a"))


def test_html_shows_common_gaps_with_learn_more_links(dashboard: tuple[CohortResult, str]) -> None:
    result, html = dashboard
    gaps = BeautifulSoup(html, "html.parser").find(id="common-gaps")
    assert gaps is not None
    items = gaps.find_all("li")
    assert len(items) == min(10, len(result.common_gaps))
    assert f"Learn more: {result.common_gaps[0].learn_more} in the course book" in items[0].get_text()
    linked = BeautifulSoup(render_cohort_html(result, "file:///srv/book"), "html.parser").find(id="common-gaps")
    assert linked is not None
    link = linked.find_all("li")[0].find("a")
    assert link is not None and link["href"] == "file:///srv/book/" + result.common_gaps[0].learn_more


def test_text_summary_ranks_every_design(cohort: Path) -> None:
    result = score_cohort(cohort)
    text = render_cohort_text(result)
    for entry in result.entries:
        assert entry.file in text
    assert text.index("strong-multi-stakeholder.yaml") < text.index("minimal-valid.yml")


def test_unknown_areas_are_left_out_of_means_gaps_and_csv() -> None:
    from _designs import BASE_V2, design_with
    from ict4d_training.core.cohort import summarise
    from ict4d_training.core.rubric import default_rubric

    silent = score(design_with(("analysis", {"of": "A past partnership", "sources": ["src1"]}),
                               ("not_recorded", ["ethics", "trust"]), base=BASE_V2))
    known = score(load_design(FIXTURES / "good" / "ppp-only.yaml"))
    result = summarise("c", [CohortEntry("silent.yaml", silent), CohortEntry("known.yaml", known)], [], default_rubric())
    ethics = [key for key, _ in result.elements].index("ethics")
    assert result.element_means[ethics] == pytest.approx(known.element("ethics").score)  # not halved by a zero
    assert all(gap.criterion != "transparency" or gap.designs == 1 for gap in result.common_gaps)
    assert dict(result.distribution.bands)["do_not_start"] == 1
    row = next(row for row in rows_of(render_csv(result)) if row["file"] == "silent.yaml")
    assert row["ethics"] == "" and row["band"] == "do_not_start"
    assert "?" in render_cohort_html(result) and "Unknown — not recorded" in render_cohort_html(result)
