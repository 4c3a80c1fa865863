"""Read article files into clean `Article` records.

Formats: the seed format (title line, summary, body, "Original Source: ...", author bio and comment-form
boilerplate), plain .txt/.md (first line is the title) and .jsonl (one article per line with title, url,
published, source, text). Trailing boilerplate is dropped here so that it can never be indexed or quoted.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.errors import ArticleError
from index.language.dates import parse_date
from index.model import Article


@dataclass
class LoadResult:
    """Articles read from a batch of paths, and the problems met on the way."""

    articles: list[Article] = field(default_factory=list)
    problems: list[ArticleError] = field(default_factory=list)


ARTICLE_SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")

_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)
_BOILERPLATE_START = re.compile(r"^[ \t]*(Original Source:|View all posts by|Leave a Reply)", re.MULTILINE)
_ORIGINAL_SOURCE = re.compile(r"^[ \t]*Original Source:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
_AUTHOR = re.compile(r"^[ \t]*View all posts by[ \t]+(.+?)[ \t]*→?[ \t]*$", re.MULTILINE)


# Reference marks copied from wikis and papers ("opened in 1932.[3]", "[citation needed]"): an answer's
# own [n] markers cite its sources, so a quote must not carry marks that look like them.
_REFERENCE_MARK = re.compile(
    r"[ \t]?\[(?:\d{1,3}(?:[,–-][ \t]?\d{1,3})*|citation needed|clarification needed|when\?|who\?)\]",
    re.IGNORECASE,
)


# A first line longer than this is a paragraph, not a headline: it is shown cut, as every answer and
# abstention names its article by title.
MAX_TITLE_CHARS = 300


def tidied(article: Article) -> Article:
    """The article as it is indexed: no reference marks in its text (they could pass for an answer's
    citations), and a title cut to MAX_TITLE_CHARS at a word."""
    text = _REFERENCE_MARK.sub("", article.text)
    title = article.title
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—") + "…"
    return (
        article
        if (text, title) == (article.text, article.title)
        else replace(article, text=text, title=title)
    )


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
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Windows editors' "Unicode"
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{path}: this looks like a binary file, not article text")
    charset = _declared_charset(data) if path.suffix.lower() in HTML_SUFFIXES else "utf-8-sig"
    try:
        text = data.decode(charset)
    except (UnicodeDecodeError, LookupError) as error:
        where = f" (byte {error.start})" if isinstance(error, UnicodeDecodeError) else ""
        shown = "UTF-8" if charset == "utf-8-sig" else charset
        raise ArticleError(
            f"{path}: not valid {shown} text{where}; save it as UTF-8 and index it again"
        ) from None
    if not text.strip():
        raise ArticleError(f"{path}: the file is empty; nothing to index")
    return text


def _declared_charset(html: bytes) -> str:
    """The charset a saved web page declares in its head (`<meta charset="iso-8859-1">`), else UTF-8."""
    declared = _CHARSET.search(html[:4096])
    return declared.group(1).decode("ascii") if declared else "utf-8-sig"


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
    # The file is known by its full path: "data/a.txt" and "./data/a.txt" are one article, updated.
    origin = str(path.resolve())
    if path.suffix.lower() == ".jsonl":
        yield from iter_jsonl(text, origin)
        return
    if path.suffix.lower() in HTML_SUFFIXES:
        yield from _read_html(text, origin)
        return
    try:
        yield parse_text_article(text, origin, is_markdown=path.suffix.lower() == ".md")
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
