"""A design as text: YAML or JSON that `parse_design` reads back to the same design. Pure functions."""

from __future__ import annotations

import io
import json
from typing import Any

from ruamel.yaml import YAML

from ict4d_training.core.model import Design

FORMATS = ("yaml", "json")


def dump_text(data: dict[str, Any], fmt: str = "yaml") -> str:
    """Design data as text that `parse_design` reads back to the same design."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    # Keep the contract's field order, which is the order a reader expects.
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def design_text(design: Design, fmt: str = "yaml") -> str:
    return dump_text(design.to_dict(), fmt)
