"""The learning-gain sheet (`ict4d-training gain PRE.csv POST.csv`): its arithmetic, its file errors and its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from ict4d_training.cli.main import app
from ict4d_training.core.gain import GainInputError, ParticipantGain, compare, parse_round, template_csv
from ict4d_training.core.questions import load_question_set

PRE = load_question_set("workshop-pre")
POST = load_question_set("workshop-post")
COUNT = len(PRE.questions)
HEADER = "participant," + ",".join(f"q{n}" for n in range(1, COUNT + 1))
PROBLEM_LINE = re.compile(r"^\S+:\d+: [a-z0-9]+: .+$")
runner = CliRunner()


def key(question_set: object) -> list[str]:
    return ["ABCD"[next(i for i, o in enumerate(q.options) if o.correct)] for q in question_set.questions]  # type: ignore[attr-defined]


def wrong(letter: str) -> str:
    return "B" if letter == "A" else "A"


def letters_row(code: str, answers: list[str]) -> str:
    return ",".join([code, *answers])


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


# --- the arithmetic ---------------------------------------------------------------------------------------------

def test_scores_gain_and_normalised_gain() -> None:
    person = ParticipantGain("P1", 40.0, 70.0)
    assert person.gain == 30.0
    assert person.normalised == pytest.approx(0.5)  # 30 of the 60 points that were there to gain
    assert ParticipantGain("P2", 100.0, 100.0).normalised is None
    assert ParticipantGain("P3", 50.0, 25.0).normalised == pytest.approx(-0.5)


def test_letters_are_marked_against_each_forms_own_key() -> None:
    pre_key, post_key = key(PRE), key(POST)
    assert pre_key != post_key  # the forms' answers sit in different places, so a copied sheet scores badly
    half = [letter if n % 2 == 0 else wrong(letter) for n, letter in enumerate(pre_key)]
    pre = parse_round("\n".join([HEADER, letters_row("A1", pre_key), letters_row("A2", half),
                                 letters_row("A3", [""] * COUNT)]), "pre.csv", PRE)
    post = parse_round("\n".join([HEADER, letters_row("A1", post_key), letters_row("A2", post_key),
                                  letters_row("A3", pre_key)]), "post.csv", POST)
    assert [a.score for a in pre.answers] == [100.0, 50.0, 0.0]
    expected_a3 = 100 * sum(a == b for a, b in zip(pre_key, post_key, strict=True)) / COUNT
    assert post.answers[2].score == pytest.approx(expected_a3)
    result = compare(pre, post, PRE, POST)
    assert [(p.code, p.gain) for p in result.participants] == [("A1", 0.0), ("A2", 50.0), ("A3", expected_a3)]
    assert (result.improved, result.unchanged, result.worse) == (2 if expected_a3 else 1, 1 if expected_a3 else 2, 0)
    # Question 1: right for A1 and A2 before (A2 got the even-numbered ones), for A1 and A2 after.
    first = result.questions[0]
    assert first.right_before == pytest.approx(2 / 3)
    assert result.questions[1].right_before == pytest.approx(1 / 3)
    assert first.pre_id == PRE.questions[0].id and first.post_id == POST.questions[0].id


def test_room_figures_and_participants_in_one_round_only() -> None:
    pre = parse_round("participant,score\nP1,20\nP2,50\nP3,80\nP4,60\n", "pre.csv", PRE)
    post = parse_round("participant,score\nP1,60\nP2,50\nP3,90\nP5,70\n", "post.csv", POST)
    result = compare(pre, post, PRE, POST)
    assert [p.code for p in result.participants] == ["P1", "P2", "P3"]
    assert result.only_pre == ("P4",) and result.only_post == ("P5",)
    assert result.mean("gain") == pytest.approx((40 + 0 + 10) / 3)
    assert result.median("gain") == 10
    assert result.mean("normalised") == pytest.approx((0.5 + 0 + 0.5) / 3)
    assert (result.improved, result.unchanged, result.worse) == (2, 1, 0)
    assert all(q.right_before is None and q.right_after is None for q in result.questions)


def test_semicolon_files_from_a_french_spreadsheet_are_read() -> None:
    text = HEADER.replace(",", ";") + "\n" + ";".join(["P1", *key(PRE)]) + "\n"
    assert parse_round(text, "x.csv", PRE).answers[0].score == 100.0
    assert parse_round("participant;score\nP1;62,5\n", "x.csv", PRE).answers[0].score == 62.5


def test_scores_may_carry_a_percent_sign_and_letters_any_case() -> None:
    assert parse_round("participant,score\nP1,75%\n", "x.csv", PRE).answers[0].score == 75.0
    lower = [letter.lower() for letter in key(PRE)]
    assert parse_round(f"{HEADER}\n{letters_row('P1', lower)}\n", "x.csv", PRE).answers[0].score == 100.0


# --- bad files: one line per problem, FILE:LINE: field: message, exit 2 -----------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    (f"{HEADER}\nP1,E" + "," * (COUNT - 1) + "\n", "pre.csv:2: q1: 'E' is not one of A, B, C, D (or blank)"),
    (f"{HEADER}\n," + "A," * (COUNT - 1) + "A\n", "pre.csv:2: participant: no participant code"),
    (f"{HEADER}\nP1\nP1\n", "pre.csv:3: participant: 'P1' is already on line 2"),
    ("participant,score\nP1,lots\n", "pre.csv:2: score: 'lots' is not a number from 0 to 100"),
    ("participant,score\nP1,120\n", "pre.csv:2: score: 120 is outside 0 to 100 (the percentage right)"),
    ("participant,q1,q2\nP1,A,B\n", "pre.csv:1: q3: missing columns q3,"),
    ("participant,score,q1\n", "pre.csv:1: score: give either the letters"),
    ("name,score\nP1,50\n", "pre.csv:1: name: unknown column"),
])
def test_bad_files_are_reported_line_by_line_with_exit_2(tmp_path: Path, text: str, expected: str) -> None:
    pre = write(tmp_path, "pre.csv", text)
    post = write(tmp_path, "post.csv", "participant,score\nP1,50\n")
    code, out, err = run("gain", pre, post)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert any(line.replace(str(tmp_path) + "/", "").startswith(expected) for line in lines), err
    for line in lines:
        assert PROBLEM_LINE.match(line.replace(str(tmp_path) + "/", "")), line
    assert "Traceback" not in err


def test_every_problem_in_both_files_is_listed_at_once(tmp_path: Path) -> None:
    pre = write(tmp_path, "pre.csv", f"{HEADER}\nP1,X\nP2,Y\n")
    post = write(tmp_path, "post.csv", "participant,score\nP1,-3\n")
    code, _out, err = run("gain", pre, post)
    assert code == 2
    assert len(err.strip().splitlines()) == 3, err


def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    code, _out, err = run("gain", tmp_path / "nope.csv", write(tmp_path, "post.csv", "participant,score\nP1,5\n"))
    assert code == 2 and "nope.csv: file not found" in err
    with pytest.raises(GainInputError, match=r"x.csv:1: the file is empty"):
        parse_round("", "x.csv", PRE)
    with pytest.raises(GainInputError, match=r"no participants"):
        parse_round("participant,score\n", "x.csv", PRE)


def test_gain_needs_both_files() -> None:
    code, _out, err = run("gain")
    assert code == 2 and "--template" in err


# --- the template and the page ----------------------------------------------------------------------------------

def test_the_template_is_the_header_the_reader_accepts(tmp_path: Path) -> None:
    code, out, _err = run("gain", "--template")
    assert code == 0 and out == template_csv() == HEADER + "\n"
    filled = out + letters_row("P1", key(PRE)) + "\n"
    assert parse_round(filled, "filled.csv", PRE).answers[0].score == 100.0


def test_the_html_sheet_escapes_participant_codes(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>&amp, Ltd"
    pre = write(tmp_path, "pre.csv", f'participant,score\n"{hostile}",40\nP2,90\n')
    post = write(tmp_path, "post.csv", f'participant,score\n"{hostile}",70\nP2,80\n')
    page = tmp_path / "gain.html"
    code, out, _err = run("gain", pre, post, "--html", page)
    assert code == 0 and hostile in out  # the terminal shows the code as it is
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html
    soup = BeautifulSoup(html, "html.parser")
    rows = {row.find("td").get_text(): [td.get_text() for td in row.find_all("td")[1:]]
            for row in soup.select("tbody tr")}
    assert rows[hostile] == ["40", "70", "+30", "0.50"]
    assert rows["P2"] == ["90", "80", "-10", "-1.00"]
    room = soup.select_one("section.room").get_text(" ")
    assert "2 participants took both tests" in room and "Improved: 1; unchanged: 0; lower: 1" in room


def test_the_html_sheet_lists_each_question_with_its_topic(tmp_path: Path) -> None:
    pre = write(tmp_path, "pre.csv", f"{HEADER}\n{letters_row('P1', key(PRE))}\n")
    post = write(tmp_path, "post.csv", f"{HEADER}\n{letters_row('P1', key(POST))}\n")
    page = tmp_path / "gain.html"
    assert run("gain", pre, post, "--html", page)[0] == 0
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    questions = soup.find_all("table")[1].select("tbody tr")
    assert len(questions) == COUNT
    assert [td.get_text() for td in questions[0].find_all("td")] == ["1", "Partnership or contract", "100%", "100%"]
