"""The knowledge checks' manifest, as the book's Sphinx extension writes it at build time.

`book/_ext/knowledge_checks.py` writes `knowledge-checks.json` at the root of the built site: every
page knowledge check (its form id, page, order on the page and number of options) and the course
assessment (page, pass mark, questions). The extension's module docstring holds the markup
contract and this format; the build tools read the questions from here, never from the HTML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "knowledge-checks.json"
SUPPORTED_VERSION = 1


class ManifestError(ValueError):
    """The manifest is missing, of another version, or not in the expected shape."""


@dataclass(frozen=True)
class Check:
    id: str  # the form's id on the page, e.g. "kc-elements-objectives-1"
    page: str  # the page's path in the site, e.g. "book/elements/objectives.html"
    order: int  # its place among the page's questions, from 0
    options: int


@dataclass(frozen=True)
class AssessmentQuestions:
    page: str
    pass_mark: int  # percent
    questions: tuple[Check, ...]

    @property
    def most_options(self) -> int:
        return max((question.options for question in self.questions), default=0)


@dataclass(frozen=True)
class KnowledgeManifest:
    checks: tuple[Check, ...]
    assessment: AssessmentQuestions | None

    def on_page(self, page: str) -> list[Check]:
        """The page's knowledge checks in the order the page shows them."""
        return sorted((check for check in self.checks if check.page == page), key=lambda check: check.order)


def _check(item: Any, page: str | None = None) -> Check:
    try:
        found = Check(str(item["id"]), str(page if page is not None else item["page"]), int(item["order"]),
                      int(item["options"]))
    except (KeyError, TypeError, ValueError) as error:
        raise ManifestError(f"a question entry lacks or misstates {error}: {item!r}") from None
    if not found.id or found.options < 1 or found.order < 0:
        raise ManifestError(f"a question entry needs an id, an order from 0 and at least one option: {item!r}")
    return found


def parse_manifest(data: Any) -> KnowledgeManifest:
    """The manifest from its JSON data (see the module's docstring)."""
    if not isinstance(data, dict):
        raise ManifestError("the manifest is not a JSON object")
    if data.get("version") != SUPPORTED_VERSION:
        raise ManifestError(f"manifest version {data.get('version')!r}; this tool reads version {SUPPORTED_VERSION}")
    items = data.get("questions")
    if not isinstance(items, list):
        raise ManifestError("the manifest has no list of questions")
    checks = tuple(_check(item) for item in items)
    ids = [check.id for check in checks]
    if len(set(ids)) != len(ids):
        raise ManifestError(f"question ids repeat: {sorted({qid for qid in ids if ids.count(qid) > 1})}")
    assessment = None
    raw = data.get("assessment")
    if raw is not None:
        try:
            page, mark, questions = str(raw["page"]), int(raw["pass_mark"]), raw["questions"]
        except (KeyError, TypeError, ValueError) as error:
            raise ManifestError(f"the assessment entry lacks or misstates {error}") from None
        assessment = AssessmentQuestions(page, mark, tuple(sorted((_check(item, page) for item in questions),
                                                                  key=lambda check: check.order)))
    return KnowledgeManifest(checks, assessment)


def read_manifest(site: Path) -> KnowledgeManifest:
    """The manifest of a built site."""
    path = site / MANIFEST
    if not path.is_file():
        raise ManifestError(f"{site} has no {MANIFEST}: build the book again (book/_ext/knowledge_checks.py writes it)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ManifestError(f"{path}: {error}") from None
    return parse_manifest(data)
