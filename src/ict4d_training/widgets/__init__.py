"""Notebook widgets for the course: design builder, scorecard, decision aid, quiz, resource ledger, health-check form.

Imported on their own (`from ict4d_training.widgets import DesignBuilder`), never by
`import ict4d_training`, so the core, the command line and the scorer do not need
ipywidgets. Pure Python throughout, so they run in JupyterLite (Pyodide) too.
"""

from ict4d_training.files.drafts import draft_file, drafts_folder, shown_path
from ict4d_training.files.rater_files import health_check_folder
from ict4d_training.widgets.advisor import ContractAdvisor
from ict4d_training.widgets.builder import DesignBuilder
from ict4d_training.widgets.health_rater import HealthCheckRater
from ict4d_training.widgets.ledger_view import LedgerView
from ict4d_training.widgets.quiz import Quiz
from ict4d_training.widgets.scorecard import ScoreCard

__all__ = ["ContractAdvisor", "DesignBuilder", "HealthCheckRater", "LedgerView", "Quiz", "ScoreCard", "draft_file",
           "drafts_folder", "health_check_folder", "shown_path"]
