"""The annotated blank design that `ict4d-training template` writes, pointing editors at the schema file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def schema_path() -> Path:
    """Where the installed design schema lives, for editors that validate as you type."""
    return Path(str(resources.files("ict4d_training").joinpath("data").joinpath("design.schema.json")))


def template_text(schema: str | None = None) -> str:
    """The template, its first line pointing editors (VS Code's YAML extension) at the schema."""
    text = resources.files("ict4d_training").joinpath("data").joinpath("template.yaml").read_text(encoding="utf-8")
    return text.replace("{schema}", schema if schema is not None else schema_path().as_uri(), 1)
