"""Write the workshop's pre-test and post-test as printable Word documents, and the trainer's key.

    python -m ict4d_build.workshop_tests --output DIR

Writes ``workshop-pre-test.docx`` and ``workshop-post-test.docx`` (the questions, then an answer
sheet with the participant's code and a grid for the letters; no answers anywhere) and
``workshop-tests-answer-key.docx`` (each form's right letters, with the reason, for the trainer
only). The questions are the packaged question sets ``workshop-pre`` and ``workshop-post``, the
same ones the book's pages exercises/pre-test and exercises/post-test show, so paper and screen
cannot differ. The book runs this while it builds (book/_ext/workshop_documents.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK

from ict4d_training.core.questions import Question, QuestionSet, load_question_set

from .docx_writer import GUIDANCE, add_fields, add_table
from .template_model import Field, Table
from .workshop_docx import COURSE, docx_bytes, new_document, write_bytes

FORMS = (("workshop-pre", "pre-test", "Workshop pre-test"), ("workshop-post", "post-test", "Workshop post-test"))
KEY_FILE = "workshop-tests-answer-key.docx"
LETTERS = "ABCDE"
MINUTES = 20


def paper_name(label: str) -> str:
    return f"workshop-{label}.docx"


def right_letter(question: Question) -> str:
    return LETTERS[next(index for index, option in enumerate(question.options) if option.correct)]


def topic(question: Question) -> str:
    return question.teaches.rsplit("/", 1)[-1].replace("-", " ").capitalize() if question.teaches else ""


def _participant_box(document: DocumentObject) -> None:
    add_fields(document, (Field("Participant code", "The code the facilitator gave you, the same on both tests. "
                                "Do not write your name."), Field("Date")))


def paper_document(question_set: QuestionSet, title: str, course: str = COURSE) -> bytes:
    """The questions, then an answer sheet to hand in: no answer is marked anywhere."""
    count = len(question_set.questions)
    document = new_document(title, f"{count} single-answer questions; an answer sheet with a participant code.",
                            f"{title}. From the open course \u201c{course}\u201d. Not marked for a grade.", course)
    document.add_heading(title, level=0)
    document.add_paragraph(course, style="Subtitle")
    _participant_box(document)
    document.add_paragraph(
        f"There are {count} questions. Each has one best answer. Write the letter of your answer on the answer "
        f"sheet at the end. Allow about {MINUTES} minutes. This is not an examination and nothing depends on your "
        "score: the facilitators compare the room's answers at the start and at the end of the workshop to see what "
        "it taught and what to explain again.", style=GUIDANCE)
    for number, question in enumerate(question_set.questions, start=1):
        document.add_heading(f"Question {number}", level=2)
        document.add_paragraph(" ".join(question.prompt.split()))
        for letter, option in zip(LETTERS, question.options, strict=False):
            document.add_paragraph(f"{letter}.  {' '.join(option.text.split())}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(f"Answer sheet: {title.lower()}", level=1)
    _participant_box(document)
    add_table(document, Table(("Question", "Your answer (A, B, C or D)"),
                              tuple((str(number),) for number in range(1, count + 1)), widths=(1.0, 2.0)))
    return docx_bytes(document)


def answer_key(forms: list[tuple[QuestionSet, str]], course: str = COURSE) -> bytes:
    """Each form's right letters, with the topic and the reason: for the trainer, not for the room."""
    title = "Workshop tests: answer key (for trainers)"
    document = new_document(title, "The right answers of the workshop pre-test and post-test.",
                            f"{title}. From the open course \u201c{course}\u201d. Keep it away from the room.", course)
    document.add_heading(title, level=0)
    document.add_paragraph(course, style="Subtitle")
    document.add_paragraph(
        "Question N of the two tests checks the same point with a different scenario, and the right answers sit at "
        "different letters. Mark each sheet against its own form. To compare the two rounds, type each participant's "
        "letters (or their score, the percentage right) into the answers file and run the learning-gain command "
        "described in the trainers' guide, section \u201cMeasuring learning and closing the day\u201d.", style=GUIDANCE)
    for question_set, label in forms:
        document.add_heading(label, level=1)
        rows = tuple((str(number), right_letter(question), topic(question),
                      " ".join(next(o.feedback for o in question.options if o.correct).split()))
                     for number, question in enumerate(question_set.questions, start=1))
        add_table(document, Table(("Question", "Answer", "Topic", "Why"), rows, widths=(1.2, 1.2, 2.6, 7.0)))
    return docx_bytes(document)


def write_all(output: Path, course: str = COURSE) -> list[Path]:
    """The two test papers and the answer key, written into `output`."""
    paths = []
    forms = []
    for set_name, label, title in FORMS:
        question_set = load_question_set(set_name)
        forms.append((question_set, title))
        paths.append(write_bytes(output / paper_name(label), paper_document(question_set, title, course)))
    paths.append(write_bytes(output / KEY_FILE, answer_key(forms, course)))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, required=True, help="folder to write the .docx files into")
    parser.add_argument("--course", default=COURSE, help="the course title printed on each document")
    args = parser.parse_args(argv)
    for path in write_all(args.output, args.course):
        print(f"{path} ({path.stat().st_size / 1000:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
