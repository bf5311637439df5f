"""Draw a notebook's widgets as plain HTML, from the widget state saved with the notebook.

On a book page the widgets are frozen: no kernel runs behind them, so a click changes
nothing. Drawing them in the browser took a 4.3 MB widget manager and require.js, loaded
before the page could paint (a phone on a slow link waited half a minute). The same picture
can be drawn once, at build time, as HTML and CSS: this module turns a view's model and its
children into elements with the class names ipywidgets uses (`jupyter-widgets`,
`widget-hbox`, `jupyter-widget-Collapse-header` ...), styled by `static-widgets.css`.

Frozen means read-only: text boxes are `readonly`, choices and buttons `disabled`, so a
reader is not invited to type into something that cannot answer. Accordions and tabs become
`<details>` elements, so every step can be opened with no script at all.

A model this module cannot draw raises `WidgetRenderError` naming it; the extension
(`widget_pages.py`) reports that as a build warning, which the strict build turns into an
error, so a new widget is never dropped from a page without anyone noticing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape
from typing import Any

from ict4d_training.render.markup import Markup, html, join

STATE_MIME = "application/vnd.jupyter.widget-state+json"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
VIEW_SCRIPT = re.compile(r'\s*<script type="application/vnd\.jupyter\.widget-view\+json">(.*)</script>\s*', re.S)
REFERENCE = "IPY_MODEL_"
ROOT_CLASS = "ict4d-static-widget"

# Layout traits that become inline CSS (the rest of ipywidgets' Layout is unused here).
_LAYOUT_CSS = ("width", "height", "min_width", "max_width", "min_height", "max_height", "margin", "padding",
               "border_top", "border_right", "border_bottom", "border_left", "flex", "flex_flow", "align_items",
               "align_content", "align_self", "justify_content", "display", "visibility", "overflow", "order")
_SAFE_CSS_VALUE = re.compile(r"[^;{}<>\"]*")
_BUTTON_STYLES = ("primary", "success", "info", "warning", "danger")
# Font Awesome icons drawn as text, so no icon font is fetched; other icons are left out
# (every button here has a description, the icon only decorates it).
_NO_ATTRIBUTES = Markup()
_ICONS = {"plus": "+", "check": "\u2713", "times": "\u00d7", "close": "\u00d7"}


_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def scrolling_tables(content: str, seen: dict[str, int] | None = None) -> str:
    """Each table in a widget's HTML in a box that scrolls sideways, and that the keyboard reaches.

    A ledger or lessons table is wider than a phone; unboxed, it would widen the whole page.
    The box is named after the table's caption, so a screen reader says what it holds; `seen`
    counts the names used on the page so far, and a repeated name gets a number (a page that
    shows the same ledger twice would otherwise have two regions a reader cannot tell apart).
    """
    seen = {} if seen is None else seen

    def wrap(match: re.Match[str]) -> str:
        caption = _CAPTION.search(match.group(0))
        name = " ".join(unescape(_TAG.sub("", caption.group(1))).split()) if caption else ""
        name = name or "Table"
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} ({seen[name]})"
        return html('<div class="ict4d-table-scroll" role="region" tabindex="0" aria-label="{}">{}</div>', name,
                    Markup(match.group(0)))
    return _TABLE.sub(wrap, content)


class WidgetRenderError(ValueError):
    """A view that cannot be drawn: an unknown model, or a reference to no model."""


def view_model_id(raw_html: str) -> str | None:
    """The model id of a myst-nb widget view (`<script type="...widget-view+json">`), else None."""
    match = VIEW_SCRIPT.fullmatch(raw_html)
    if match is None:
        return None
    # myst-nb escapes "</" inside the script as "<\/", which JSON reads back as "</".
    data = json.loads(match.group(1))
    model_id = data.get("model_id") if isinstance(data, dict) else None
    return str(model_id) if model_id else None


class StaticWidgets:
    """Draws views of one page's widget state; ids are unique within the page."""

    def __init__(self, state: dict[str, Any], id_prefix: str = "w") -> None:
        models = state.get("state")
        if not isinstance(models, dict):
            raise WidgetRenderError(f"the widget state has no 'state' mapping (keys: {', '.join(state)})")
        self.models: dict[str, dict[str, Any]] = models
        self.id_prefix = id_prefix
        self._count = 0
        self._region_names: dict[str, int] = {}
        self._drawers: dict[str, Callable[[dict[str, Any]], Markup]] = {
            "VBoxModel": self._vbox, "HBoxModel": self._hbox, "BoxModel": self._box,
            "HTMLModel": self._html, "HTMLMathModel": self._html, "LabelModel": self._label,
            "TextModel": self._text, "PasswordModel": self._text, "IntTextModel": self._number,
            "FloatTextModel": self._number, "BoundedIntTextModel": self._number,
            "BoundedFloatTextModel": self._number, "TextareaModel": self._textarea,
            "CheckboxModel": self._checkbox, "DropdownModel": self._dropdown, "SelectModel": self._dropdown,
            "RadioButtonsModel": self._radio, "ToggleButtonsModel": self._toggle_buttons,
            "ButtonModel": self._button, "FileUploadModel": self._upload,
            "AccordionModel": self._accordion, "TabModel": self._tabs,
        }

    def render(self, model_id: str) -> str:
        """The HTML of one displayed view, wrapped in a `.ict4d-static-widget` block."""
        return html('<div class="{}">{}</div>', ROOT_CLASS, self._draw(model_id))

    # Models and their traits.

    def _state(self, reference: str) -> dict[str, Any]:
        model_id = reference.removeprefix(REFERENCE)
        model = self.models.get(model_id)
        if model is None:
            raise WidgetRenderError(f"widget model {model_id} is referenced but not in the saved widget state")
        state = dict(model.get("state", {}))
        state.setdefault("_model_name", model.get("model_name", ""))
        return state

    def _draw(self, reference: str) -> Markup:
        state = self._state(reference)
        name = str(state.get("_model_name", ""))
        drawer = self._drawers.get(name)
        if drawer is None:
            raise WidgetRenderError(f"no static rendering for the widget model {name or '(unnamed)'}; "
                                    "add one to book/_ext/static_widgets.py")
        return drawer(state)

    def _new_id(self) -> str:
        self._count += 1
        return f"{self.id_prefix}-{self._count}"

    def _sub(self, state: dict[str, Any], trait: str) -> dict[str, Any]:
        reference = state.get(trait)
        return self._state(reference) if isinstance(reference, str) and reference.startswith(REFERENCE) else {}

    def _layout_css(self, state: dict[str, Any]) -> tuple[list[str], list[str]]:
        """Inline declarations and extra classes from the model's Layout."""
        layout = self._sub(state, "layout")
        css, classes = [], []
        for trait in _LAYOUT_CSS:
            value = layout.get(trait)
            if value in (None, "") or not _SAFE_CSS_VALUE.fullmatch(str(value)):
                continue
            css.append(f"{trait.replace('_', '-')}:{value}")
            if trait == "width" and str(value).strip().endswith("%"):
                # A share of a row: full width on a phone (see static-widgets.css).
                classes.append("ict4d-share")
        if str(layout.get("overflow") or "").startswith(("auto", "scroll")):
            classes.append("ict4d-scrolls")
        return css, classes

    def _open(self, tag: str, state: dict[str, Any], classes: str, extra_css: tuple[str, ...] = (),
              attributes: Markup = _NO_ATTRIBUTES) -> Markup:
        """The opening tag; `attributes` is markup made here (already escaped)."""
        css, more = self._layout_css(state)
        names = " ".join(["jupyter-widgets", classes, *more, *map(str, state.get("_dom_classes") or ())])
        style = ";".join([*css, *extra_css])
        tooltip = state.get("tooltip") or ""
        # A box that scrolls must be reachable from the keyboard (WCAG 2.1.1).
        return html('<{} class="{}"{}{}{}{}>', Markup(tag), names.strip(), html(' style="{}"', style) if style else "",
                    html(' title="{}"', tooltip) if tooltip else "",
                    Markup(' tabindex="0"') if "ict4d-scrolls" in more else "", attributes)

    def _width(self, state: dict[str, Any], trait: str) -> Markup:
        """` style="width:..."` from a trait of the model's style, if it is a plain CSS value."""
        width = str(self._sub(state, "style").get(trait) or "")
        return html(' style="width:{}"', width) if width and _SAFE_CSS_VALUE.fullmatch(width) else Markup()

    def _description(self, state: dict[str, Any], for_id: str | None) -> Markup:
        text = str(state.get("description") or "")
        if not text:
            return Markup()
        shown = Markup(text) if state.get("description_allow_html") else text
        tag = Markup("label" if for_id else "span")
        target = html(' for="{}"', for_id) if for_id else ""
        return html('<{tag} class="widget-label"{}{}>{}</{tag}>', target, self._width(state, "description_width"), shown,
                    tag=tag)

    # Containers.

    def _children(self, state: dict[str, Any]) -> Markup:
        return join(self._draw(child) for child in state.get("children") or ())

    def _container(self, state: dict[str, Any], kind: str) -> Markup:
        box_style = state.get("box_style") or ""
        classes = f"widget-container widget-box {kind}" + (f" mod-{box_style}" if box_style else "")
        return html("{}{}</div>", self._open("div", state, classes), self._children(state))

    def _vbox(self, state: dict[str, Any]) -> Markup:
        return self._container(state, "widget-vbox")

    def _hbox(self, state: dict[str, Any]) -> Markup:
        return self._container(state, "widget-hbox")

    def _box(self, state: dict[str, Any]) -> Markup:
        return self._container(state, "")

    def _sections(self, state: dict[str, Any], kind: str) -> Markup:
        """Accordion and Tab alike: one `<details>` per child, the selected one open."""
        titles = list(state.get("titles") or ())
        selected = state.get("selected_index")
        parts = [self._open("div", state, f"widget-container {kind}")]
        for index, child in enumerate(state.get("children") or ()):
            title = str(titles[index]) if index < len(titles) and titles[index] else f"Part {index + 1}"
            parts.append(html('<details class="jupyter-widgets jupyter-widget-Collapse"{}>'
                              '<summary class="jupyter-widget-Collapse-header">{}</summary>'
                              '<div class="jupyter-widget-Collapse-contents">{}</div></details>',
                              Markup(" open" if index == selected else ""), title, self._draw(child)))
        parts.append(Markup("</div>"))
        return join(parts)

    def _accordion(self, state: dict[str, Any]) -> Markup:
        return self._sections(state, "jupyter-widget-Accordion")

    def _tabs(self, state: dict[str, Any]) -> Markup:
        return self._sections(state, "jupyter-widget-Accordion widget-tab")

    # Output.

    def _html(self, state: dict[str, Any]) -> Markup:
        # The value is the HTML the widget itself shows (the course's widgets escape what a
        # trainee typed before it gets there), so it goes in as it is, as the manager did.
        content = Markup(scrolling_tables(str(state.get("value") or ""), self._region_names))
        return html('{}{}<div class="widget-html-content">{}</div></div>',
                    self._open("div", state, "widget-inline-hbox widget-html"), self._description(state, None), content)

    def _label(self, state: dict[str, Any]) -> Markup:
        return html("{}{}</div>", self._open("div", state, "widget-label-basic"), state.get("value") or "")

    # Inputs, frozen.

    def _field(self, state: dict[str, Any], kind: str, control: Callable[[str], Markup]) -> Markup:
        field_id = self._new_id()
        return html("{}{}{}</div>", self._open("div", state, f"widget-inline-hbox {kind}"),
                    self._description(state, field_id), control(field_id))

    def _aria_label(self, state: dict[str, Any]) -> Markup:
        # A control with no description still needs a name: its tooltip or placeholder.
        if state.get("description"):
            return Markup()
        name = state.get("tooltip") or state.get("placeholder") or ""
        return html(' aria-label="{}"', name) if name else Markup()

    def _text(self, state: dict[str, Any]) -> Markup:
        return self._field(state, "widget-text", lambda field_id: html(
            '<input type="text" id="{}" class="widget-input" value="{}" placeholder="{}" readonly{}>', field_id,
            state.get("value") or "", state.get("placeholder") or "", self._aria_label(state)))

    def _number(self, state: dict[str, Any]) -> Markup:
        value = state.get("value") if state.get("value") is not None else ""
        return self._field(state, "widget-text", lambda field_id: html(
            '<input type="number" id="{}" class="widget-input" value="{}" readonly{}>', field_id, value,
            self._aria_label(state)))

    def _textarea(self, state: dict[str, Any]) -> Markup:
        rows = int(state.get("rows") or 2)
        return self._field(state, "widget-textarea", lambda field_id: html(
            '<textarea id="{}" class="widget-input" rows="{}" placeholder="{}" readonly{}>{}</textarea>', field_id, rows,
            state.get("placeholder") or "", self._aria_label(state), state.get("value") or ""))

    def _checkbox(self, state: dict[str, Any]) -> Markup:
        text = str(state.get("description") or "")
        return html('{}<label class="widget-label-basic"><input type="checkbox" disabled{}{}> <span>{}</span></label></div>',
                    self._open("div", state, "widget-inline-hbox widget-checkbox"),
                    Markup(" checked" if state.get("value") else ""), self._aria_label(state),
                    Markup(text) if state.get("description_allow_html") else text)

    def _dropdown(self, state: dict[str, Any]) -> Markup:
        labels = [str(label) for label in state.get("_options_labels") or ()]
        index = state.get("index")
        options = join(html("<option{}>{}</option>", Markup(" selected" if position == index else ""), label)
                       for position, label in enumerate(labels))
        return self._field(state, "widget-dropdown", lambda field_id: html(
            '<select id="{}" disabled{}>{}</select>', field_id, self._aria_label(state), options))

    def _choice_group(self, state: dict[str, Any], kind: str, items: Callable[[str], Markup]) -> Markup:
        group = self._new_id()
        text = str(state.get("description") or "")
        legend = html('<legend class="widget-label">{}</legend>', text) if text else ""
        name = Markup() if text else self._aria_label(state)
        return html("{}{}{}</fieldset>", self._open("fieldset", state, f"widget-inline-hbox {kind}", attributes=name),
                    legend, items(group))

    def _radio(self, state: dict[str, Any]) -> Markup:
        labels = [str(label) for label in state.get("_options_labels") or ()]
        index = state.get("index")

        def items(group: str) -> Markup:
            return html('<div class="widget-radio-box">{}</div>', join(
                html('<label><input type="radio" name="{}" disabled{}> {}</label>', group,
                     Markup(" checked" if position == index else ""), label) for position, label in enumerate(labels)))
        return self._choice_group(state, "widget-radio", items)

    def _toggle_buttons(self, state: dict[str, Any]) -> Markup:
        labels = [str(label) for label in state.get("_options_labels") or ()]
        tooltips = [str(tip) for tip in state.get("tooltips") or ()]
        index = state.get("index")
        style = self._width(state, "button_width")

        def items(_group: str) -> Markup:
            buttons = []
            for position, label in enumerate(labels):
                pressed = position == index
                tip = html(' title="{}"', tooltips[position]) if position < len(tooltips) else ""
                buttons.append(html('<button type="button" class="widget-toggle-button jupyter-button{}" '
                                    'aria-pressed="{}" disabled{}{}>{}</button>', " mod-active" if pressed else "",
                                    str(pressed).lower(), tip, style, label))
            return html('<div class="widget-toggle-buttons-group">{}</div>', join(buttons))
        return self._choice_group(state, "widget-toggle-buttons", items)

    def _button_like(self, state: dict[str, Any], kind: str, description: str) -> Markup:
        style = str(state.get("button_style") or "")
        modifier = f" mod-{style}" if style in _BUTTON_STYLES else ""
        icon = _ICONS.get(str(state.get("icon") or ""), "")
        shown = html("{}{}", html('<span class="ict4d-icon" aria-hidden="true">{}</span> ', icon) if icon else "",
                     description)
        attributes = html(' type="button" disabled{}', Markup() if description else self._aria_label(state))
        return html("{}{}</button>", self._open("button", state, f"jupyter-button {kind}{modifier}", attributes=attributes),
                    shown)

    def _button(self, state: dict[str, Any]) -> Markup:
        return self._button_like(state, "widget-button", str(state.get("description") or ""))

    def _upload(self, state: dict[str, Any]) -> Markup:
        return self._button_like(state, "widget-upload", str(state.get("description") or "Upload"))
