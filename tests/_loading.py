"""Helpers shared by the tests split out of test_loader.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ict4d_training import DesignError, load_design, parse_design

DESIGNS = Path(__file__).parent / "fixtures" / "designs"
PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<path>[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*): "
                          r"(?P<message>.+)$")

MINIMAL_YAML = "schema_version: 1\ntitle: A design\npartners:\n  - id: ngo\n    name: An NGO\n    sector: civil_society\n"


def error_of(path: Path) -> DesignError:
    with pytest.raises(DesignError) as caught:
        load_design(path)
    return caught.value


def parse_error(text: str, source: str = "design.yaml") -> DesignError:
    with pytest.raises(DesignError) as caught:
        parse_design(text, source=source)
    return caught.value


def nested_list(depth: int) -> str:
    return "[" * depth + "]" * depth
