"""The one escaping helper: every value escaped in text and attributes, safe markup passed through once."""

from __future__ import annotations

import html as stdlib_html
import re
from pathlib import Path

import pytest

from ict4d_training.render.markup import Markup, html, join, text

HOSTILE = "<img src=x onerror=alert(1)>"
QUOTED = "\"quoted\" & 'apostrophe'"
ROOT = Path(__file__).resolve().parent.parent
# `escape(` or `html.escape(`, but not `select_autoescape(` (Jinja2's switch that turns escaping on).
HAND_ESCAPE = re.compile(r"(?<![\w.])escape\(|\.escape\(")


def test_text_values_are_escaped():
    assert html("<p>{}</p>", "a < b & c > d") == "<p>a &lt; b &amp; c &gt; d</p>"


def test_attribute_values_cannot_break_out_of_their_quotes():
    out = html('<a title="{}" data-x=\'{}\'>x</a>', QUOTED, QUOTED)
    assert out == ('<a title="&quot;quoted&quot; &amp; &#x27;apostrophe&#x27;" '
                   'data-x=\'&quot;quoted&quot; &amp; &#x27;apostrophe&#x27;\'>x</a>')


def test_hostile_partner_name_comes_out_inert():
    out = html('<li data-name="{name}"><strong>{name}</strong></li>', name=HOSTILE)
    assert "<img" not in out
    assert out.count("&lt;img src=x onerror=alert(1)&gt;") == 2
    # Read back as a browser would, the text is the name itself, not an element.
    assert stdlib_html.unescape(re.sub(r"<[^>]+>", "", out)) == HOSTILE


def test_quotes_and_ampersands_come_out_inert_and_round_trip():
    out = html("<td>{}</td>", QUOTED)
    assert '"' not in out[4:-5] and "'" not in out
    assert stdlib_html.unescape(out[4:-5]) == QUOTED


def test_markup_passes_through_unchanged_and_is_not_escaped_twice():
    inner = html("<em>{}</em>", "R&D")
    assert isinstance(inner, Markup)
    assert html("<p>{}</p>", inner) == "<p><em>R&amp;D</em></p>"
    assert html("<div>{}</div>", html("<p>{}</p>", inner)) == "<div><p><em>R&amp;D</em></p></div>"


def test_plain_strings_that_look_like_html_are_still_escaped():
    assert html("{}", "<em>x</em>") == "&lt;em&gt;x&lt;/em&gt;"
    assert html("{}", Markup("<em>x</em>")) == "<em>x</em>"


def test_objects_with_dunder_html_are_trusted():
    class Fragment:
        def __html__(self) -> str:
            return "<b>ok</b>"

    assert html("<p>{}</p>", Fragment()) == "<p><b>ok</b></p>"


def test_format_specs_apply_before_escaping():
    assert html("{:.1f} / {:>4}", 72.345, "&") == "72.3 /    &amp;"
    assert html("{0} {0}", 3) == "3 3"
    assert html("{n:g}%", n=2.50) == "2.5%"


def test_conversions_are_escaped_too():
    assert html("{!r}", "<x>") == "&#x27;&lt;x&gt;&#x27;"


def test_non_string_values_are_formatted_then_escaped():
    assert html("{} {} {}", 3, None, True) == "3 None True"


def test_join_escapes_parts_but_keeps_markup():
    out = join([html("<li>{}</li>", "a&b"), "<li>raw</li>"])
    assert out == "<li>a&amp;b</li>&lt;li&gt;raw&lt;/li&gt;"
    assert isinstance(out, Markup)
    assert join(["a", "b<"], Markup("<br>")) == "a<br>b&lt;"
    assert join([]) == ""


def test_markup_concatenation_escapes_plain_text():
    joined = Markup("<b>") + "x<y" + Markup("</b>")
    assert joined == "<b>x&lt;y</b>" and isinstance(joined, Markup)
    assert "<i>" + Markup("<b>") == "&lt;i&gt;<b>"


def test_text_escapes_one_value():
    assert text("'") == "&#x27;" and text(Markup("'")) == "'"
    assert repr(text("<")) == "Markup('&lt;')"


def test_the_template_is_trusted_and_only_values_are_escaped():
    assert html("<p class=\"x\">{}</p>", "y") == '<p class="x">y</p>'
    with pytest.raises(IndexError):
        html("{} {}", "only one")


def test_markup_is_safe_for_jinja2():
    jinja2 = pytest.importorskip("jinja2")
    template = jinja2.Environment(autoescape=True).from_string("{{ a }}|{{ b }}")
    assert template.render(a=html("<i>{}</i>", "&"), b="<i>") == "<i>&amp;</i>|&lt;i&gt;"


@pytest.mark.parametrize("folder", ["src/ict4d_training/render", "src/ict4d_training/widgets"])
def test_no_hand_escaping_left_in_the_html_faces(folder):
    """Every HTML value goes through markup.py: no `escape(` anywhere else in render/ or widgets/."""
    offenders = [path.relative_to(ROOT).as_posix() for path in sorted((ROOT / folder).glob("*.py"))
                 if path.name != "markup.py" and HAND_ESCAPE.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.parametrize("name", ["static_widgets.py", "accessible_pages.py"])
def test_book_extensions_use_the_helper(name):
    source = (ROOT / "book" / "_ext" / name).read_text(encoding="utf-8")
    assert "from ict4d_training.render.markup import" in source
    assert not HAND_ESCAPE.search(source)


PYODIDE_LIKE = """
import importlib.abc, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in ("jinja2", "markupsafe"):
            raise ImportError(f"{name} is not in the browser bundle")

sys.meta_path.insert(0, Block())
from ict4d_training import advise, load_design, score
from ict4d_training.render.advice import render_advice_html
from ict4d_training.render.html import scorecard_fragment
from ict4d_training.widgets import ContractAdvisor, LedgerView, ScoreCard
report = score(load_design(sys.argv[1]))
card = ScoreCard(report)
assert "ict4d-findings" in card.html and "ict4d-scorecard" in scorecard_fragment(report)
assert "Recommendation" in render_advice_html(advise({})) and ContractAdvisor().output.value
LedgerView(load_design(sys.argv[1]))
print("ok")
"""


def test_the_widgets_and_their_html_need_no_jinja2_or_markupsafe():
    """In the browser (Pyodide) the course ships neither: the helper and everything the widgets draw must do without."""
    import subprocess
    import sys

    design = ROOT / "tests" / "fixtures" / "designs" / "strong-multi-stakeholder.yaml"
    done = subprocess.run([sys.executable, "-c", PYODIDE_LIKE, str(design)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
