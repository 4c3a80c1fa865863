"""Read article files into clean `Article` records.

Formats: the seed format (title line, summary, body, "Original Source: ...", author bio and comment-form
boilerplate), plain .txt/.md (first line is the title) and .jsonl (one article per line with title, url,
published, source, text). Trailing boilerplate is dropped here so that it can never be indexed or quoted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from index.errors import ArticleError
from index.language.dates import parse_date
from index.model import Article, LoadResult

ARTICLE_SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")

_BOILERPLATE_START = re.compile(r"^[ \t]*(Original Source:|View all posts by|Leave a Reply)", re.MULTILINE)
_ORIGINAL_SOURCE = re.compile(r"^[ \t]*Original Source:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
_AUTHOR = re.compile(r"^[ \t]*View all posts by[ \t]+(.+?)[ \t]*→?[ \t]*$", re.MULTILINE)


def _clean_text(text: str) -> str:
    """Normalise line endings and blank runs; keep paragraphs separated by one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _boilerplate_start(raw: str) -> int:
    """Where the trailing source line, author bio and comment form begin (len(raw) if absent)."""
    marker = _BOILERPLATE_START.search(raw)
    cut = marker.start() if marker else len(raw)
    author = _AUTHOR.search(raw)
    if author:
        # The bio starts at its "About NAME" heading, which names the same author.
        bio = re.search(rf"^[ \t]*About {re.escape(author.group(1))}[ \t]*$", raw, re.MULTILINE)
        if bio:
            cut = min(cut, bio.start())
    return cut


def parse_text_article(raw: str, origin: str, is_markdown: bool = False) -> Article:
    """Parse the seed format or plain text: first non-empty line is the title."""
    cut = _boilerplate_start(raw)
    tail, content = raw[cut:], raw[:cut]
    lines = content.replace("\r\n", "\n").strip().split("\n", 1)
    title = lines[0].strip()
    if is_markdown:
        title = title.lstrip("#").strip()
    text = _clean_text(lines[1] if len(lines) > 1 else "")
    if not title or not text:
        raise ArticleError(f"{origin}: no article text found (expected a title line, then the body)")
    source_match = _ORIGINAL_SOURCE.search(tail)
    author_match = _AUTHOR.search(tail)
    return Article(
        title=title,
        text=text,
        source=source_match.group(1) if source_match else "",
        author=author_match.group(1) if author_match else "",
        origin=origin,
    )


def parse_json_article(record: object, origin: str) -> Article:
    """Parse one JSONL record with the fields title, url, published, source, text."""
    if not isinstance(record, dict):
        raise ArticleError(f"{origin}: expected a JSON object with title and text")
    title = str(record.get("title") or "").strip()
    text = _clean_text(str(record.get("text") or ""))
    if not text:
        raise ArticleError(f"{origin}: the record has no text")
    if not title:
        title = text.split("\n", 1)[0][:120]
    return Article(
        title=title,
        text=text,
        source=str(record.get("source") or ""),
        url=str(record.get("url") or ""),
        published=parse_date(record.get("published")),
        author=str(record.get("author") or ""),
        origin=origin,
        ref=str(record.get("id") or ""),
    )


def check_size(where: object, size: int, max_bytes: int, setting: str, what: str = "file") -> None:
    """An ArticleError when a file or document is over its size limit: every size check says it so."""
    if size > max_bytes:
        raise ArticleError(
            f"{where}: the {what} is {size / 1e6:.2g} MB, over the {max_bytes / 1e6:g} MB limit "
            f"(split it, or raise {setting})"
        )


def _read_text_file(path: Path, max_bytes: int) -> str:
    size = path.stat().st_size
    if size == 0:
        raise ArticleError(f"{path}: the file is empty; nothing to index")
    check_size(path, size, max_bytes, "NEWSDESK_MAX_FILE_MB")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{path}: this looks like a binary file, not article text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleError(
            f"{path}: not valid UTF-8 text (byte {error.start}); save it as UTF-8 and index it again"
        ) from None
    if not text.strip():
        raise ArticleError(f"{path}: the file is empty; nothing to index")
    return text


def iter_jsonl(text: str, origin: str) -> Iterator[Article | ArticleError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield ArticleError(f"{where}: not valid JSON ({error.msg}); fix or remove that line")
            continue
        try:
            article = parse_json_article(record, where)
        except ArticleError as problem:
            yield problem
            continue
        # With a url the url is the article's key; without one, its line is.
        yield replace(article, origin=origin if article.url else where)


def read_file(path: Path, max_bytes: int) -> Iterator[Article | ArticleError]:
    """Articles (or problems) in one file; never raises for a bad file."""
    try:
        text = _read_text_file(path, max_bytes)
    except ArticleError as problem:
        yield problem
        return
    except OSError as error:
        yield ArticleError(f"{path}: cannot be read ({error.strerror})")
        return
    if path.suffix.lower() == ".jsonl":
        yield from iter_jsonl(text, str(path))
        return
    if path.suffix.lower() in HTML_SUFFIXES:
        yield from _read_html(text, str(path))
        return
    try:
        yield parse_text_article(text, str(path), is_markdown=path.suffix.lower() == ".md")
    except ArticleError as problem:
        yield problem


def _read_html(html: str, origin: str) -> Iterator[Article | ArticleError]:
    # Imported here: extraction needs trafilatura, which plain-text indexing never loads.
    from index.ingest.extract import parse_html_article

    try:
        yield parse_html_article(html, origin)
    except ArticleError as problem:
        yield problem


def find_files(paths: Iterable[Path]) -> Iterator[Path | ArticleError]:
    """Expand folders into their article files, sorted; a missing path is a problem."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
        elif path.is_file():
            yield path
        else:
            yield ArticleError(f"{path}: no such file or folder")


def load_articles(paths: Iterable[Path], max_bytes: int) -> LoadResult:
    """Read every article under `paths`; bad files are reported, the rest still load."""
    result = LoadResult()
    for found in find_files(paths):
        if isinstance(found, ArticleError):
            result.problems.append(found)
            continue
        for item in read_file(found, max_bytes):
            if isinstance(item, ArticleError):
                result.problems.append(item)
            else:
                result.articles.append(item)
    return result
