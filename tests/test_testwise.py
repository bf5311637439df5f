"""The test-wise test: a reader who never opened the course must not beat chance on the knowledge checks.

Each strategy below is a habit that test-wise guessers use on badly written multiple-choice items
(Haladyna, Downing & Rodriguez 2002): always take the first, last or middle option, the longest or
the shortest, the one that repeats the question's words, the most hedged one, the one most like
the others. Every strategy ranks the options of an item without knowing the answer; a single-answer
item is scored on its top pick, a multiple-answer item on its top k picks (k told for free, which
only helps the guesser). Ties are shared out, so a strategy's score is what a guesser breaking ties
at random would expect. If any strategy beats chance by more than ten points, the items leak their
answers through their form, and the test says which strategy and by how much.

The same strategies run twice: on the question data (fast, no build) and on the rendered
``<form class="kc-question">`` markup of the built pages, and on the course assessment's
``<div class="as-question">`` blocks, so what a reader sees is what is judged.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from math import comb
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ict4d_training.core.questions import load_question_set, question_set_names

MARGIN = 0.10  # how far above chance any strategy may score, as a share of items
LONG_RIGHT = 1.5  # a right option this many times the median distractor's length gives itself away
MULTI_RIGHT_SHORTER = 1.2  # mean right-option length over mean distractor length, across multiple-answer items


@dataclass(frozen=True)
class Item:
    where: str
    prompt: str
    options: tuple[str, ...]
    correct: frozenset[int]
    kind: str


STOPWORDS = frozenset(re.findall(r"\S+", """
a an the and or but of to in on at by for from with as is are was were be been being it its this
that these those which who whom what when where why how not no do does did has have had will would can could should
may might must shall than then so if into out up over about their they them he she his her we our you your i
one all any some each best next most more first"""))
HEDGES = ("may", "might", "could", "can", "usually", "often", "generally", "typically", "some", "sometimes",
          "where", "when", "unless", "if", "likely", "possibly", "perhaps", "enough", "as far as", "for example",
          "depending", "where possible", "in most", "tends", "partly", "mainly", "reasonable")
ABSOLUTES = ("always", "never", "only", "all", "every", "none", "must", "entirely", "completely", "immediately")
CATCH_ALLS = re.compile(r"\b(all|none|both|neither) of the above\b|^(all|none|both|neither) of (these|them|those)\b", re.I)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def content(text: str) -> set[str]:
    """A text's content words, crudely stemmed so 'partner', 'partners' and 'partnering' meet."""
    return {word[:6] for word in words(text) if word not in STOPWORDS and len(word) > 2}


def count_phrases(text: str, phrases: tuple[str, ...]) -> int:
    padded = f" {' '.join(words(text))} "
    return sum(padded.count(f" {phrase} ") for phrase in phrases)


# A strategy gives each option a score from what a guesser can see; the guesser takes the highest.
Strategy = Callable[[Item], list[float]]


def overlap_with_question(item: Item) -> list[float]:
    asked = content(item.prompt)
    return [len(content(option) & asked) for option in item.options]


def likeness_to_the_others(item: Item) -> list[float]:
    """Convergence: the right answer is often the option that shares most with the rest."""
    sets = [content(option) for option in item.options]
    return [sum(len(mine & other) for j, other in enumerate(sets) if j != i) for i, mine in enumerate(sets)]


def odd_one_out(item: Item) -> list[float]:
    return [-score for score in likeness_to_the_others(item)]


# On a multiple-answer item each strategy takes its top k options, so "always first" is "tick the first k".
# Inverses ("fewest words shared", "odd one out") are here because a writer who avoids one tell often
# leans the other way, for example by making every distractor echo the question.
STRATEGIES: dict[str, Strategy] = {
    "always first": lambda item: [-i for i in range(len(item.options))],
    "always second": lambda item: [1.0 if i == 1 else 0.0 for i in range(len(item.options))],
    "always last": lambda item: list(range(len(item.options))),
    "middle option": lambda item: [-abs(i - (len(item.options) - 1) / 2) for i in range(len(item.options))],
    "longest": lambda item: [len(option) for option in item.options],
    "shortest": lambda item: [-len(option) for option in item.options],
    "most words": lambda item: [len(words(option)) for option in item.options],
    "most words shared with the question": overlap_with_question,
    "fewest words shared with the question": lambda item: [-s for s in overlap_with_question(item)],
    "most hedged wording": lambda item: [count_phrases(option, HEDGES) for option in item.options],
    "avoid absolutes": lambda item: [-count_phrases(option, ABSOLUTES) for option in item.options],
    "most clauses (commas, 'and')": lambda item: [option.count(",") + count_phrases(option, ("and",))
                                                   for option in item.options],
    "most like the other options": likeness_to_the_others,
    "odd one out": odd_one_out,
}


def expected_hit(scores: list[float], correct: frozenset[int]) -> float:
    """The chance a guesser taking the top len(correct) options by score chooses exactly the right set.

    Options tied at the cut are drawn at random, so a strategy that cannot tell options apart
    scores chance, not the luck of whichever tie-break the test happened to use.
    """
    k = len(correct)
    ranked = sorted(set(scores), reverse=True)
    above: set[int] = set()
    for level in ranked:
        tier = {i for i, s in enumerate(scores) if s == level}
        if len(above) + len(tier) < k:
            above |= tier
            continue
        need = k - len(above)
        if not above <= correct:
            return 0.0
        right_in_tier = len(tier & correct)
        if right_in_tier < len(correct) - len(above):
            return 0.0
        return 1 / comb(len(tier), need) if right_in_tier == need else 0.0
    return 0.0


def chance(items: list[Item]) -> float:
    return statistics.mean(1 / comb(len(item.options), len(item.correct)) for item in items)


def strategy_scores(items: list[Item]) -> dict[str, float]:
    return {name: statistics.mean(expected_hit(rank(item), item.correct) for item in items)
            for name, rank in STRATEGIES.items()}


def leaks(items: list[Item]) -> list[str]:
    if not items:
        return []
    base = chance(items)
    return [f"{name}: {score:.0%} right against chance {base:.0%}"
            for name, score in strategy_scores(items).items() if score > base + MARGIN]


# --- the items, from the data and from the built pages ---------------------------------------------------------------

def data_items() -> list[Item]:
    items = []
    for name in question_set_names():
        for question in load_question_set(name).questions:
            items.append(Item(f"{name}/{question.id}", " ".join(question.prompt.split()),
                              tuple(" ".join(option.text.split()) for option in question.options),
                              frozenset(i for i, option in enumerate(question.options) if option.correct),
                              question.kind))
    return items


def site_items(site: Path) -> list[Item]:
    items = []
    for path in sorted(site.rglob("*.html")):
        if "_static" in path.parts:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        # The page checks are forms; the course assessment's questions are blocks in its one form.
        for form in soup.select("form.kc-question, form.as-form .as-question"):
            legend = form.select_one("legend")
            assert legend is not None, f"{path}: {form.get('id')} has no legend"
            for extra in legend.select(".kc-number, .kc-hint"):
                extra.extract()
            inputs = form.select(".kc-option input")
            labels = [form.select_one(f"label[for='{field['id']}']") for field in inputs]
            assert all(labels), f"{path}: {form.get('id')}: an option without a label"
            items.append(Item(f"{path.relative_to(site)}#{form['id']}", " ".join(legend.get_text(" ").split()),
                              tuple(" ".join(label.get_text(" ").split()) for label in labels if label),
                              frozenset(i for i, field in enumerate(inputs) if field.get("data-correct") == "true"),
                              str(form.get("data-kind"))))
    return items


def singles(items: list[Item]) -> list[Item]:
    return [item for item in items if item.kind == "single"]


def multiples(items: list[Item]) -> list[Item]:
    return [item for item in items if item.kind == "multiple"]


# --- the checks, shared by the data and the site ------------------------------------------------------------------

def single_answer_problems(items: list[Item]) -> list[str]:
    problems = [f"single-answer, {leak}" for leak in leaks(singles(items))]
    # Per option count too: a course could balance 3-option items against 4-option ones and still leak within each.
    by_count: dict[int, Counter[int]] = {}
    for item in singles(items):
        by_count.setdefault(len(item.options), Counter()).update(item.correct)
    for count, positions in sorted(by_count.items()):
        total = sum(positions.values())
        if total < count * 3:
            continue  # too few items with this many options for shares to mean anything
        for position in range(count):
            share = positions[position] / total
            if share > 1 / count + MARGIN + 0.05 or share < 1 / count - MARGIN - 0.05:
                problems.append(f"{count}-option single-answer items: the right answer is option "
                                f"{'ABCDE'[position]} in {positions[position]} of {total} ({share:.0%})")
    return problems


def multiple_answer_problems(items: list[Item]) -> list[str]:
    group = multiples(items)
    problems = [f"multiple-answer, {leak}" for leak in leaks(group)]
    for item in group:
        k = len(item.correct)
        if item.correct == frozenset(range(k)):
            problems.append(f"{item.where}: the right answers are a block starting at A")
        if not (2 <= k <= 3 and 4 <= len(item.options) <= 5):
            problems.append(f"{item.where}: {k} right of {len(item.options)} (the standard is 2-3 right of 4-5)")
    if group:
        # Each position should be right about as often as options are right overall.
        overall = sum(len(item.correct) for item in group) / sum(len(item.options) for item in group)
        for position in range(max(len(item.options) for item in group)):
            present = [item for item in group if position < len(item.options)]
            share = sum(position in item.correct for item in present) / len(present)
            if abs(share - overall) > 0.25:
                problems.append(f"multiple-answer items: option {'ABCDE'[position]} is right in {share:.0%} "
                                f"of items, against {overall:.0%} of all options")
    return problems


def wording_problems(items: list[Item]) -> list[str]:
    problems = []
    for item in items:
        for text in item.options:
            if CATCH_ALLS.search(text):
                problems.append(f"{item.where}: a catch-all option: {text!r}")
        wrong = [len(text) for i, text in enumerate(item.options) if i not in item.correct]
        for i in item.correct:
            if len(item.options[i]) > LONG_RIGHT * statistics.median(wrong):
                problems.append(f"{item.where}: right option {'ABCDE'[i]} is {len(item.options[i])} characters, "
                                f"over {LONG_RIGHT}x the median distractor ({statistics.median(wrong):.0f})")
    group = multiples(items)
    if group:
        right = statistics.mean(len(item.options[i]) for item in group for i in item.correct)
        wrong_mean = statistics.mean(len(text) for item in group for i, text in enumerate(item.options)
                                     if i not in item.correct)
        if right > MULTI_RIGHT_SHORTER * wrong_mean:
            problems.append(f"multiple-answer items: right options average {right:.0f} characters, distractors "
                            f"{wrong_mean:.0f}; a guesser ticks the long ones")
    return problems


def all_problems(items: list[Item]) -> list[str]:
    return single_answer_problems(items) + multiple_answer_problems(items) + wording_problems(items)


# --- on the data ----------------------------------------------------------------------------------------------------

def test_the_strategies_can_tell_a_leaky_course_from_a_fair_one() -> None:
    """The scorer itself: a course where the right answer is always first and longest fails, a balanced one passes."""
    leaky = [Item(f"q{n}", "Which one?", ("the right and rather long answer", "short", "brief", "tiny"),
                  frozenset({0}), "single") for n in range(8)]
    assert any(problem.startswith("single-answer, always first:") for problem in all_problems(leaky))
    assert any(problem.startswith("single-answer, longest:") for problem in all_problems(leaky))
    assert any("over 1.5x the median distractor" in problem for problem in all_problems(leaky))
    fair = [Item(f"q{n}", "Which one?", ("apple pie", "pear cake", "plum tart", "fig roll"),
                 frozenset({n % 4}), "single") for n in range(8)]
    assert all_problems(fair) == []
    block = [Item(f"m{n}", "Which?", ("one a", "two b", "three", "four d"), frozenset({0, 1}), "multiple")
             for n in range(4)]
    problems = all_problems(block)
    assert any("block starting at A" in problem for problem in problems)
    assert any(problem.startswith("multiple-answer, always first:") for problem in problems)
    catch_all = Item("c1", "Which?", ("a plan", "a budget", "a broker", "All of the above."), frozenset({3}), "single")
    assert "c1: a catch-all option: 'All of the above.'" in wording_problems([catch_all])


def test_expected_hit_shares_out_ties() -> None:
    assert expected_hit([1, 1, 1, 1], frozenset({2})) == 0.25
    assert expected_hit([3, 1, 1, 0], frozenset({0})) == 1.0
    assert expected_hit([3, 1, 1, 0], frozenset({0, 2})) == 0.5
    assert expected_hit([0, 0, 0, 0], frozenset({1, 3})) == 1 / 6
    assert expected_hit([3, 2, 1, 0], frozenset({0, 2})) == 0.0


def test_the_course_has_the_checks_it_had() -> None:
    items = data_items()
    assert len(singles(items)) >= 51 and len(multiples(items)) >= 15


def test_no_strategy_beats_chance_on_single_answer_items() -> None:
    problems = single_answer_problems(data_items())
    assert not problems, "\n".join(problems)


def test_multiple_answer_items_spread_their_right_answers() -> None:
    problems = multiple_answer_problems(data_items())
    assert not problems, "\n".join(problems)


def test_no_catch_alls_and_no_giveaway_lengths() -> None:
    problems = wording_problems(data_items())
    assert not problems, "\n".join(problems)


def test_every_option_says_why() -> None:
    for name in question_set_names():
        for question in load_question_set(name).questions:
            for index, option in enumerate(question.options):
                assert len(option.feedback.split()) >= 6, f"{name}/{question.id} option {'ABCDE'[index]}: feedback"


# Who a scenario is about and where it happens. The issue's complaint was three checks built on one "ministry plus
# operator, add civil society" story; two prompts with the same cast of organisations in the same place are that.
ACTORS = {"government": r"ministr|department|government", "operator": r"operator|telecoms",
          "regulator": r"regulator", "company": r"compan|firm|provider|supplier",
          "civil society": r"civil society|ngo|association|union|federation|cooperative|church|club|group",
          "university": r"universit", "local government": r"council|county|municipal|district|provinc|authority",
          "funder": r"donor|foundation|funder|bank"}
PLACES = ("caribbean", "pacific", "island", "east africa", "west africa", "southern africa", "south asia",
          "antigua", "australia", "bahamas", "bangladesh", "barbados", "belize", "botswana", "brunei", "cameroon",
          "canada", "cyprus", "dominica", "eswatini", "fiji", "gabon", "gambia", "ghana", "grenada", "guyana", "india",
          "jamaica", "kenya", "kiribati", "lesotho", "malawi", "malaysia", "maldives", "malta", "mauritius",
          "mozambique", "namibia", "nauru", "new zealand", "nigeria", "pakistan", "papua new guinea", "rwanda",
          "saint lucia", "samoa", "seychelles", "sierra leone", "singapore", "solomon islands", "south africa",
          "sri lanka", "tanzania", "togo", "tonga", "trinidad", "tuvalu", "uganda", "united kingdom", "vanuatu",
          "zambia")


def cast(prompt: str) -> tuple[frozenset[str], frozenset[str]]:
    low = prompt.lower()
    return (frozenset(kind for kind, pattern in ACTORS.items() if re.search(pattern, low)),
            frozenset(place for place in PLACES if re.search(rf"\b{place}", low)))


def reused_scenarios(items: list[Item]) -> list[str]:
    seen: dict[tuple[frozenset[str], frozenset[str]], str] = {}
    problems = []
    for item in items:
        key = cast(item.prompt)
        if len(key[0]) < 2:
            continue  # a prompt about one kind of organisation has no cast to repeat
        if key in seen:
            problems.append(f"{seen[key]} and {item.where}: the same cast ({', '.join(sorted(key[0]))}) in the same "
                            f"place ({', '.join(sorted(key[1])) or 'none named'})")
        seen.setdefault(key, item.where)
    return problems


def test_no_scenario_is_reused() -> None:
    problems = reused_scenarios(data_items())
    assert not problems, "\n".join(problems)


def test_prompts_leave_the_hint_to_the_page() -> None:
    """The page and the Quiz widget add 'Choose one' or 'Choose all that apply'; a prompt that says it too says it twice."""
    for item in data_items():
        assert not re.search(r"\bchoose (one|all that apply)\b|\btick every right answer\b", item.prompt, re.I), item.where


# --- on the built pages ---------------------------------------------------------------------------------------------

@pytest.mark.book
def test_the_rendered_checks_give_a_guesser_no_edge(built_site: Path) -> None:
    problems = all_problems(site_items(built_site))
    assert not problems, "\n".join(problems)


@pytest.mark.book
def test_every_question_is_rendered_once(built_site: Path) -> None:
    """The page-level verdict covers the whole course only if every question in the data reached a page."""
    rendered = Counter(item.where.split("#kc-", 1)[1] for item in site_items(built_site))
    expected = Counter(f"{name}-{question.id}" for name in question_set_names()
                       for question in load_question_set(name).questions)
    assert rendered == expected
