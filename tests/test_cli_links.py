"""The command line: where the reports' "Learn more" links lead (--base-url, the book's configuration, a local build)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from _cli import DESIGNS, design, no_course_repository, run  # noqa: F401
from ict4d_training.files.book_links import book_base_url

# --- where "Learn more" leads ----------------------------------------------------------

LEARN_MORE_URL = re.compile(r"Learn more: (\S+)|\]\(([^\s)]+)\)|href=\"([^\"]+)\"")


def course_repository(root: Path, config: str = "", built: Path | None = None) -> Path:
    """A checkout of the course as the command line sees it: _config.yml, _toc.yml and maybe _build/html."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(f"title: A course\n{config}", encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    if built is not None:
        (root / "_build").mkdir()
        (root / "_build" / "html").symlink_to(built)
    return root


def use_repository(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    monkeypatch.setattr("ict4d_training.cli.main.repository_root", lambda: root)
    monkeypatch.setattr("ict4d_training.cli.trainer.repository_root", lambda: root)


def learn_more_urls(text: str) -> list[str]:
    return [next(group for group in match.groups() if group) for match in LEARN_MORE_URL.finditer(text)]


def follow(url: str) -> str:
    """Open a file:// learn-more link: the page must exist and hold the anchor it names."""
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    page = Path(unquote(parts.path))
    assert page.is_file(), url
    html = page.read_text(encoding="utf-8")
    assert f'id="{parts.fragment}"' in html, url
    return html


def test_base_url_comes_from_the_option_then_config_then_the_local_build(tmp_path: Path) -> None:
    built = tmp_path / "site"
    built.mkdir()
    (built / "index.html").write_text("<!DOCTYPE html><title>Course</title>", encoding="utf-8")
    published = course_repository(tmp_path / "published", "html:\n  baseurl: https://course.example/ict4d\n", built)
    local = course_repository(tmp_path / "local", "html:\n  use_issues_button: false\n", built)
    unbuilt = course_repository(tmp_path / "unbuilt")
    broken = course_repository(tmp_path / "broken", "html: [unclosed\n", built)
    assert book_base_url("https://mine.example/book", published) == "https://mine.example/book/"
    assert book_base_url("", published) == "https://course.example/ict4d/"
    assert book_base_url("", local) == built.resolve().as_uri() + "/"
    assert book_base_url("", broken) == built.resolve().as_uri() + "/"
    assert book_base_url("", unbuilt) == ""
    assert book_base_url("", None) == ""


def test_without_a_book_reports_say_where_each_page_is() -> None:
    _, out, _ = run("score", design("no-outcomes.yaml"))
    assert "Learn more: book/elements/objectives.html#development-outcomes in the course book" in out
    assert "The course book's address was not known when this report was made" in out
    assert "--base-url" in out


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_reports_link_to_the_local_built_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    # A tiny built book: the one page the report is checked against, as Sphinx writes it.
    built = tmp_path / "html"
    (built / "book" / "elements").mkdir(parents=True)
    (built / "index.html").write_text("<!DOCTYPE html><title>Course</title>", encoding="utf-8")
    (built / "book" / "elements" / "objectives.html").write_text(
        '<!DOCTYPE html><section id="development-outcomes"><h2>Development outcomes</h2></section>', encoding="utf-8")
    use_repository(monkeypatch, course_repository(tmp_path / "course", built=built))
    _, out, _ = run("score", design("no-outcomes.yaml"), "-f", fmt)
    urls = learn_more_urls(out)
    expected = (built / "book" / "elements" / "objectives.html").resolve().as_uri() + "#development-outcomes"
    assert expected in urls
    assert "Development outcomes" in follow(expected)
    assert all(url.startswith(built.resolve().as_uri() + "/book/") for url in urls)
    assert "address was not known" not in out


@pytest.mark.book
def test_every_learn_more_link_of_every_report_opens_a_page_of_the_built_book(
        built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_repository(monkeypatch, course_repository(tmp_path / "course", built=built_site))
    followed: set[str] = set()
    for name in ("no-outcomes.yaml", "minimal-valid.yaml", "ppp-only.yaml"):
        for fmt in ("text", "html", "markdown"):
            _, out, _ = run("score", design(name), "-f", fmt)
            followed.update(learn_more_urls(out))
    dashboard = tmp_path / "cohort.html"
    run("cohort", DESIGNS.parent / "cohort-demo", "--html", dashboard)
    cohort_urls = learn_more_urls(dashboard.read_text(encoding="utf-8"))
    assert cohort_urls
    followed.update(cohort_urls)
    for url in sorted(followed):
        follow(url)
    assert len({url.split("#")[0] for url in followed}) >= 8  # pages of every element, not one page
