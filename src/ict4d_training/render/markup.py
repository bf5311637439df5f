"""The one place HTML is escaped: `html(template, ...)` escapes every value it puts in.

Reports, widgets and the book's extensions build HTML from text a trainee typed (partner names,
reasons, file names): untrusted, so every value is escaped, in text and in attributes alike
(quotes too). Only the template itself, a literal in the code, and values that are already
`Markup` (made by `html`, `join` or `Markup(...)` around HTML the code wrote) go in as they are.
So a fragment can be built from smaller fragments without escaping anything twice.

    >>> html('<a href="{}">{}</a>', "?a=1&b=2", "<b>Fish & chips</b>")
    Markup('<a href="?a=1&amp;b=2">&lt;b&gt;Fish &amp; chips&lt;/b&gt;</a>')

Pure Python on purpose: it runs in the browser (Pyodide), where markupsafe is not shipped.
`Markup` has an `__html__` method, so Jinja2 templates (the command line's reports) and
markupsafe take it as safe too.
"""

from __future__ import annotations

import html as _html
import string
from collections.abc import Iterable
from typing import Any

__all__ = ["Markup", "html", "join", "text"]


class Markup(str):
    """Text that is already HTML: `html` and `join` put it in unescaped.

    Wrap only HTML the code itself wrote, never text that came from a user or a file.
    Adding plain text to `Markup` escapes the text.
    """

    __slots__ = ()

    def __html__(self) -> Markup:
        return self

    def __add__(self, other: str) -> Markup:
        return Markup(str.__add__(self, text(other)))

    def __radd__(self, other: str) -> Markup:
        return Markup(str.__add__(text(other), self))

    def __repr__(self) -> str:
        return f"Markup({str.__repr__(self)})"


def text(value: Any) -> Markup:
    """One value as HTML: `Markup` (or anything with `__html__`) unchanged, the rest escaped, quotes too."""
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(_html.escape(str(value), quote=True))


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Markup) or hasattr(value, "__html__"):
            return text(value)
        return text(format(value, format_spec))

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        # "{!r}" and "{!s}" turn any value into plain text, which is then escaped like the rest.
        return value if conversion is None else str(super().convert_field(value, conversion))


_FORMATTER = _Formatter()


def html(template: str, /, *values: Any, **named: Any) -> Markup:
    """`template.format(...)` with every value escaped unless it is `Markup`.

    Format specs work as in `str.format` (`{:.1f}`); the template is trusted, the values are not.
    """
    return Markup(_FORMATTER.vformat(template, values, named))


def join(parts: Iterable[Any], separator: str = "") -> Markup:
    """The parts one after another, each escaped unless it is `Markup`; the separator is trusted HTML."""
    return Markup(separator.join(text(part) for part in parts))
