"""Score multi-stakeholder ICT4D partnership designs against a transparent rubric.

The public API of contract v1: `load_design`, `parse_design`, `score`, `DesignError`,
plus the rubric, the resource ledger and the partnership-or-contract decision aid.
Everything imported here is pure Python, so it runs in the browser (Pyodide) too.
"""

from .advice import Advice, advise, load_answers, parse_answers
from .errors import DesignError, Problem
from .ledger import ResourceLedger, resource_ledger
from .loader import design_from_data, load_design, parse_design
from .model import Design, Partner
from .report import ScoreReport
from .rubric import Rubric, default_rubric, load_rubric, parse_rubric
from .scoring import score

__version__ = "0.1.0"

__all__ = [
    "Advice",
    "Design",
    "DesignError",
    "Partner",
    "Problem",
    "ResourceLedger",
    "Rubric",
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
