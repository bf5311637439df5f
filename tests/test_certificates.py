"""Attendance certificates (python -m ict4d_build.certificates) and the evaluation forms (python -m ict4d_build.evaluation).

Each document is written into a temporary folder and opened with python-docx: one certificate page per
participant, names exactly as typed (HTML-like text included), worded as attendance; one evaluation form
per agenda, anonymous, with a row for each session the agenda holds.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document

from ict4d_build import certificates, evaluation
from ict4d_build.agenda_model import load_agendas
from ict4d_build.certificates import OUTPUT_NAME, ParticipantsError, parse_participants

HOSTILE = "<script>alert('x')</script> & Sons"
OPTIONS = ["--title", "Partnerships for ICT4D", "--dates", "3-4 March 2026", "--place", "Accra, Ghana", "--hours", "10.5"]


def write_participants(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "participants.csv"
    path.write_text(text, encoding="utf-8")
    return path


def page_count(document: object) -> int:
    breaks = sum(1 for paragraph in document.paragraphs for run in paragraph.runs  # type: ignore[attr-defined]
                 for br in run._r.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}br")
                 if br.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type") == "page")
    return breaks + 1


def test_one_certificate_per_participant_with_names_as_typed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_participants(tmp_path, "name,organisation,country\n"
                                          f'"{HOSTILE}",Ministry of ICT & Innovation,Ghana\n'
                                          "Ama Mensah,,\n\nJoseph Banda,Malawi Communications Regulatory Authority,Malawi\n")
    out = tmp_path / "out"
    assert certificates.main([str(source), "--output", str(out), *OPTIONS]) == 0
    assert "3 certificates" in capsys.readouterr().out
    document = Document(str(out / OUTPUT_NAME))  # opens: the file is valid Word
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert page_count(document) == 3
    assert HOSTILE in texts and "Ministry of ICT & Innovation, Ghana" in texts
    assert "Ama Mensah" in texts and "Joseph Banda" in texts
    assert texts.count("Certificate of attendance") == 3
    assert texts.count("attended the workshop") == 3
    assert "held in Accra, Ghana on 3-4 March 2026: 10.5 hours of sessions," in texts
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    body = " ".join(texts).lower()
    assert not any(word in body for word in ("passed", "competent", "qualified", "assessed", "score"))
    assert "not an assessment" in document.sections[0].footer.paragraphs[0].text


def test_each_certificate_after_the_first_starts_a_new_page(tmp_path: Path) -> None:
    source = write_participants(tmp_path, "name\nA\nB\nC\n")
    assert certificates.main([str(source), "--output", str(tmp_path), *OPTIONS]) == 0
    paragraphs = Document(str(tmp_path / OUTPUT_NAME)).paragraphs
    starts = [index for index, paragraph in enumerate(paragraphs) if paragraph.text == "Certificate of attendance"]
    assert starts[0] == 0 and len(starts) == 3
    for index in starts[1:]:
        assert page_count(SimpleNamespace(paragraphs=[paragraphs[index - 1]])) == 2, index


def test_a_semicolon_file_from_a_french_spreadsheet_is_read() -> None:
    people = parse_participants("name;organisation;country\nAgn\u00e8s Dupont;Minist\u00e8re, Num\u00e9rique;Cameroun\n", "p.csv")
    assert people == [certificates.Participant("Agn\u00e8s Dupont", "Minist\u00e8re, Num\u00e9rique", "Cameroun")]


@pytest.mark.parametrize(("text", "expected"), [
    ("nom,pays\nA,B\n", "participants.csv:1: nom: unknown column; expected name, organisation, country"),
    ("name,country\n,Ghana\n", "participants.csv:2: name: no name"),
    ("name,country\nAma, Mensah,Ghana\n", "participants.csv:2: 3 values for 2 columns"),
    ("name\n", "participants.csv: no participants"),
    ("", "participants.csv:1: the file is empty"),
])
def test_bad_participant_files_exit_2_and_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          text: str, expected: str) -> None:
    source = write_participants(tmp_path, text)
    out = tmp_path / "out"
    assert certificates.main([str(source), "--output", str(out), *OPTIONS]) == 2
    err = capsys.readouterr().err
    assert any(line.replace(str(tmp_path) + "/", "").startswith(expected) for line in err.splitlines()), err
    assert not (out / OUTPUT_NAME).exists()
    with pytest.raises(ParticipantsError):
        parse_participants(text, "participants.csv")


def test_a_missing_file_and_non_utf8_text_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert certificates.main([str(tmp_path / "none.csv"), "--output", str(tmp_path), *OPTIONS]) == 2
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name\nAgn\u00e8s\n".encode("latin-1"))
    assert certificates.main([str(latin), "--output", str(tmp_path), *OPTIONS]) == 2
    assert "UTF-8" in capsys.readouterr().err


# --- the evaluation forms --------------------------------------------------------------------------------------

def test_one_anonymous_evaluation_form_per_agenda_with_its_sessions(tmp_path: Path) -> None:
    assert evaluation.main(["--output", str(tmp_path)]) == 0
    form = evaluation.load_evaluation()
    for agenda in load_agendas().agendas:
        document = Document(str(tmp_path / evaluation.form_name(agenda.id)))
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert headings == [section.heading for section in form.sections]
        text = " ".join(p.text for p in document.paragraphs)
        assert "anonymous" in text and "do not write your name" in text
        assert "Name" not in [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        session_table = next(table for table in document.tables if table.rows[0].cells[0].text == "Session")
        rows = [row.cells[0].text for row in list(session_table.rows)[1:]]
        assert rows == list(evaluation.session_rows(agenda)) and rows
        assert [cell.text for cell in session_table.rows[0].cells][1:6] == ["1", "2", "3", "4", "5"]
        titles = {slot.session.title for day in agenda.days for slot in day.slots
                  if slot.session.kind in evaluation.RATED_KINDS}
        assert all(any(row.endswith(title) for row in rows) for title in titles)
        assert not any("Break" in row for row in rows)
        asked = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert any("What will you do differently" in cell for cell in asked)
        assert any("interpretation" in cell for cell in asked)


def test_a_broken_evaluation_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(evaluation.EvaluationError, match=r"evaluation\.yaml"):
        evaluation.parse_evaluation("schema_version: 1\ntitle: x\nintro: []\nsections: [{heading: h, kind: poll}]\n")
    with pytest.raises(evaluation.EvaluationError, match="has no lines"):
        evaluation.parse_evaluation("schema_version: 1\ntitle: x\nintro: []\nsections: [{heading: h, kind: rate}]\n")
    assert evaluation.main(["--output", str(tmp_path), "--agenda", "three-week"]) == 1
