"""Where a report's "Learn more" links lead.

A report is often read far from the book it links to: mailed, printed, put on a web server.
Links are therefore absolute when the book's address is known (`base_url`, see the command
line's `--base-url`), and when it is not, a report names the page in the course book as
text rather than printing a relative link that is dead wherever the file is opened.
"""

from __future__ import annotations

WHERE = "in the course book"
NOTE = ("The course book's address was not known when this report was made, so each “Learn more” names its page "
        "in the book (book/...). Open that page in your copy of the course, or make the report again with "
        "--base-url set to the address where the course is published.")


def learn_more_url(base_url: str, target: str) -> str | None:
    """The address of a learn-more target, or None when the book's address is unknown."""
    if not base_url:
        return None
    return (base_url if base_url.endswith("/") else base_url + "/") + target
