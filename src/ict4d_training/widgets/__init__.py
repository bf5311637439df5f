"""Notebook widgets for the course: design builder, scorecard, decision aid, quiz, resource ledger, health-check form.

Imported on their own (`from ict4d_training.widgets import DesignBuilder`), never by
`import ict4d_training`, so the core, the command line and the scorer do not need
ipywidgets. Pure Python throughout, so they run in JupyterLite (Pyodide) too.
"""

from ._drafts import draft_file, drafts_folder, shown_path
from ._rater_files import health_check_folder
from .advisor import ContractAdvisor
from .builder import DesignBuilder
from .health_rater import HealthCheckRater
from .ledger_view import ResourceLedger
from .quiz import Quiz
from .scorecard import ScoreCard

__all__ = ["ContractAdvisor", "DesignBuilder", "HealthCheckRater", "Quiz", "ResourceLedger", "ScoreCard", "draft_file",
           "drafts_folder", "health_check_folder", "shown_path"]
