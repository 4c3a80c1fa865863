"""Turn a web page into an `Article` with trafilatura, or refuse it with the reason it is not one.

Pages that are not articles (login walls, empty pages, binary files) are refused here, so they never
reach the index as junk.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

from index.errors import ArticleError
from index.ingest.fetch import Page
from index.language.dates import parse_date
from index.model import Article

# Shorter extracted text is a teaser, a navigation page or an error page, not an article.
MIN_ARTICLE_CHARS = 200
# A login wall shows a little text around its form; a real article with a comment login form has more.
_LOGIN_WALL_MAX_CHARS = 1500
_PASSWORD_FIELD = re.compile(rb"<input[^>]+type\s*=\s*[\"']?password", re.IGNORECASE)
_PAYWALL_PHRASES = re.compile(
    r"(sign|log) ?in to (continue|read)|subscribe to (continue|read)"
    r"|create an? (free )?account to (continue|read)"
    r"|this (content|article) is (only )?(available|for) (to )?(subscribers|members)",
    re.IGNORECASE,
)


class NotAnArticleError(ArticleError):
    """The page was fetched but holds no article Newsdesk should index."""


def page_to_article(page: Page, origin: str = "") -> Article:
    """The article on a fetched page, keyed by the page's (normalised, final) URL."""
    return parse_html_article(page.body, origin or page.url, url=page.url)


def parse_html_article(html: bytes | str, origin: str, url: str = "") -> Article:
    """Extract title, body, author, site name and date; raise NotAnArticleError for non-articles."""
    raw = html.encode("utf-8", "replace") if isinstance(html, str) else html
    where = url or origin
    if b"\x00" in raw[:8192]:
        raise NotAnArticleError(f"{where}: this is a binary file, not a web page")
    document = trafilatura.bare_extraction(
        raw, url=url or None, with_metadata=True, include_comments=False, include_tables=False
    )
    text = _paragraphs(document.text or "") if isinstance(document, Document) else ""
    if not isinstance(document, Document) or not text:
        raise NotAnArticleError(f"{where}: no article text found on the page")
    if len(text) <= _LOGIN_WALL_MAX_CHARS and (_PASSWORD_FIELD.search(raw) or _PAYWALL_PHRASES.search(text)):
        raise NotAnArticleError(f"{where}: the page asks to log in or subscribe; the article is not readable")
    title = (document.title or "").strip()
    text = _without_title(text, title)
    if len(text) < MIN_ARTICLE_CHARS:
        raise NotAnArticleError(f"{where}: only {len(text)} characters of text; too little to be an article")
    return Article(
        title=title or text.split("\n", 1)[0][:120],
        text=text,
        source=(document.sitename or _site_of(url)).strip(),
        url=url,
        published=parse_date(document.date),
        author=(document.author or "").strip(),
        origin=origin,
    )


def _paragraphs(text: str) -> str:
    """trafilatura puts one paragraph per line; Newsdesk separates paragraphs by a blank line."""
    return "\n\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _without_title(text: str, title: str) -> str:
    """Drop the headline trafilatura keeps as the first line: it is the title, not body text."""
    first, _, rest = text.partition("\n\n")
    return rest if title and first.strip() == title else text


def _site_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
