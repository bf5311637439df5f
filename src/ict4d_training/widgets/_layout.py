"""Layouts that fit a phone as well as a wide notebook, with no style sheet of their own.

Most trainees read on a phone. A fixed 58/42 split left a form 200 pixels wide there, its
inputs hidden behind their labels. A wrapping flex row gives two columns where both fit and
one column where they do not, in JupyterLab, JupyterLite and on the book's static pages alike,
because the rule travels in the widgets' own layout rather than in a page's CSS.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

# Below about 38em of room (two bases side by side), the side column wraps under the main one.
MAIN_BASIS = "22em"
SIDE_BASIS = "16em"


def two_columns(main: list[Any], side: list[Any], css_class: str = "") -> Any:
    """An HBox of a main column and a side column (form and score) that stacks when narrow."""
    # min_width 0: a wide table in a column must not stop it from shrinking to the screen.
    left = widgets.VBox(main, layout=widgets.Layout(flex=f"58 1 {MAIN_BASIS}", min_width="0"))
    right = widgets.VBox(side, layout=widgets.Layout(flex=f"42 1 {SIDE_BASIS}", min_width="0", padding="0 0 0 4px"))
    row = widgets.HBox([left, right], layout=widgets.Layout(flex_flow="row wrap", width="100%"))
    if css_class:
        row.add_class(css_class)
    return row


def wrapping_row(children: list[Any]) -> Any:
    """Inputs side by side while they fit, one under another when they do not."""
    return widgets.HBox(children, layout=widgets.Layout(flex_flow="row wrap", width="100%"))


def flexible(basis: str) -> Any:
    """The layout of one input in a `wrapping_row`: at least `basis` wide, sharing what is left."""
    return widgets.Layout(flex=f"1 1 {basis}", width="auto", min_width="0")
