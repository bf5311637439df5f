"""Score multi-stakeholder ICT4D partnership designs against a transparent rubric.

The public API (book/technical/contract.md): `load_design`, `parse_design`, `score`, `DesignError`
(one of the `InputError`s, one per kind of file), plus the rubric, the resource ledger and the
partnership-or-contract decision aid. Everything imported here is pure Python, so it runs in the
browser (Pyodide) too.

The package has three layers (tests/test_layers.py keeps them apart):

- `core/`: parse, validate and score, with no file access and no user interface;
- `files/`: reading inputs from disk, walking folders, writing reports whole or not at all;
- the faces: `cli/` (the command line), `widgets/` (the exercises' forms), `render/` (reports and
  the book's tables), which use the two layers below and are never used by them.
"""

from ict4d_training.core.advice import Advice, advise, parse_answers
from ict4d_training.core.errors import (
    AnswersError,
    DesignError,
    HealthCheckError,
    InputError,
    Problem,
    QuestionBankError,
    RubricError,
)
from ict4d_training.core.ledger import ResourceLedger, resource_ledger
from ict4d_training.core.loader import design_from_data, parse_design
from ict4d_training.core.model import Design, Partner
from ict4d_training.core.report import ScoreReport
from ict4d_training.core.rubric import Rubric, default_rubric, parse_rubric
from ict4d_training.core.scoring import score
from ict4d_training.files.loading import load_answers, load_design, load_rubric

__version__ = "0.1.0"

__all__ = [
    "Advice",
    "AnswersError",
    "Design",
    "DesignError",
    "HealthCheckError",
    "InputError",
    "Partner",
    "Problem",
    "QuestionBankError",
    "ResourceLedger",
    "Rubric",
    "RubricError",
    "ScoreReport",
    "__version__",
    "advise",
    "default_rubric",
    "design_from_data",
    "load_answers",
    "load_design",
    "load_rubric",
    "parse_answers",
    "parse_design",
    "parse_rubric",
    "resource_ledger",
    "score",
]
