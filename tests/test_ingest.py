"""Links, documents and .html files into the index, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest

from index.cli.commands import main
from index.desk import Newsdesk
from index.errors import ArticleError
from index.ingest.fetch import BlockedAddressError, Fetcher, FetchError, is_public, normalize_url
from index.ingest.origins import describe_origin
from index.ingest.service import Ingest
from index.settings import Settings
from tests.news_server import NewsServer, article_html

HARBOUR = [
    "The harbour of Lindqvist reopened on Tuesday after eight months of repairs, the port authority said.",
    "Workers replaced 240 metres of quay wall that the winter storms had damaged, at a cost of 12 million "
    "euros paid by the regional government.",
    "The first ship to dock was the ferry Northern Star, carrying 300 passengers from Oskarsvik.",
]
HARBOUR_PAGE = article_html(
    "Lindqvist Harbour Reopens After Repairs",
    HARBOUR,
    author="Ana Ruiz",
    site="Northern Gazette",
    published="2024-05-02T09:30:00Z",
)
BRIDGE_PAGE = article_html(
    "Tolsund Bridge Closes for Inspection",
    [
        "The Tolsund bridge will close for three weeks from 10 June so engineers can inspect its cables, "
        "the roads agency announced.",
        "Drivers are advised to use the coastal road, which adds about twenty minutes to the journey.",
        "The bridge carries around 18,000 vehicles a day and was last inspected in 2016.",
    ],
    site="Coast Herald",
    published="2024-05-20",
)


def test_link_is_indexed_with_metadata_and_answers_questions(ingest: Ingest, news_server: NewsServer) -> None:
    """A fetched article keeps title, author, site, date and its clean URL, and is searchable at once."""
    news_server.serve("/news/harbour", HARBOUR_PAGE)
    added = ingest.add_link(news_server.url("/news/harbour?utm_source=tg&utm_medium=social#comments"))
    record = added.record
    assert record is not None
    assert (record.title, record.author, record.source, record.published) == (
        "Lindqvist Harbour Reopens After Repairs",
        "Ana Ruiz",
        "Northern Gazette",
        "2024-05-02",
    )
    assert record.url == news_server.url("/news/harbour")
    assert added.summary().startswith('Indexed "Lindqvist Harbour Reopens After Repairs" (Northern Gazette')
    assert "Home" not in ingest.desk.store.all_chunks()[0].text  # navigation stays out
    answer = ingest.desk.ask("When did the harbour of Lindqvist reopen?")
    assert not answer.abstained and "Tuesday" in answer.text
    assert answer.sources[0].url == news_server.url("/news/harbour")


def test_same_url_with_other_tracking_parameters_is_indexed_once(
    ingest: Ingest, news_server: NewsServer
) -> None:
    """Tracking parameters and fragments do not make a second article."""
    news_server.serve("/news/harbour", HARBOUR_PAGE)
    ingest.add_link(news_server.url("/news/harbour?utm_campaign=a"))
    again = ingest.add_link(news_server.url("/news/harbour?fbclid=XYZ&gclid=1#top"))
    assert again.summary().startswith("Already indexed, unchanged")
    assert len(ingest.desk.articles()) == 1


def test_same_text_under_another_url_is_indexed_once(ingest: Ingest, news_server: NewsServer) -> None:
    """A mirror of an indexed article is recognised by its content and not indexed again."""
    news_server.serve("/news/harbour", HARBOUR_PAGE)
    news_server.serve("/mirror/harbour-copy", HARBOUR_PAGE)
    ingest.add_link(news_server.url("/news/harbour"))
    mirror = ingest.add_link(news_server.url("/mirror/harbour-copy"))
    assert mirror.summary().startswith(f"Already indexed from {news_server.url('/news/harbour')}")
    assert len(ingest.desk.articles()) == 1


def test_updated_article_replaces_its_old_chunks(ingest: Ingest, news_server: NewsServer) -> None:
    """The same URL with new text replaces the old version: answers use only the new text."""
    news_server.serve("/news/harbour", HARBOUR_PAGE)
    ingest.add_link(news_server.url("/news/harbour"))
    corrected = [HARBOUR[0].replace("Tuesday", "Wednesday"), *HARBOUR[1:]]
    news_server.serve("/news/harbour", article_html("Lindqvist Harbour Reopens After Repairs", corrected))
    updated = ingest.add_link(news_server.url("/news/harbour"))
    assert updated.summary().startswith("Updated")
    assert len(ingest.desk.articles()) == 1
    texts = " ".join(c.text for c in ingest.desk.store.all_chunks())
    assert "Wednesday" in texts and "Tuesday" not in texts
    assert "Wednesday" in ingest.desk.ask("When did the harbour of Lindqvist reopen?").text


def test_redirects_are_followed_up_to_the_limit(ingest: Ingest, news_server: NewsServer) -> None:
    """A short redirect chain lands on the article (indexed under its final URL); a long one is refused."""
    news_server.serve("/news/bridge", BRIDGE_PAGE)
    news_server.redirect("/short/1", "/short/2", 301)
    news_server.redirect("/short/2", news_server.url("/news/bridge"), 307)
    added = ingest.add_link(news_server.url("/short/1"))
    assert added.record is not None and added.record.url == news_server.url("/news/bridge")
    for hop in range(7):
        news_server.redirect(f"/loop/{hop}", f"/loop/{hop + 1}")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        ingest.add_link(news_server.url("/loop/0"))
    assert len(ingest.desk.articles()) == 1


@pytest.mark.parametrize(
    "case",
    [
        (
            "/login",
            "<html><head><title>Sign in</title></head><body><form><input name='user'>"
            "<input type='password' name='pw'><button>Log in</button></form>"
            "<p>Subscribe to continue reading this story.</p></body></html>",
            "text/html",
            "asks to log in or subscribe",
        ),
        (
            "/empty",
            "<html><head><title>Blank</title></head><body></body></html>",
            "text/html",
            "no article text",
        ),
        ("/teaser", article_html("Short", ["Only a teaser sentence."]), "text/html", "too little"),
        ("/photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", "this is image/png"),
        ("/mislabelled", b"GIF89a\x00\x00\x00\x01binary", "text/html", "binary file"),
    ],
)
def test_pages_that_are_not_articles_are_refused_with_a_reason(
    ingest: Ingest, news_server: NewsServer, case: tuple[str, str | bytes, str, str]
) -> None:
    """Login walls, empty pages, teasers and binary files are refused, and nothing is indexed."""
    path, body, content_type, reason = case
    news_server.serve(path, body, content_type)
    with pytest.raises(ArticleError, match=reason):
        ingest.add_link(news_server.url(path))
    assert ingest.desk.articles() == []


@pytest.mark.parametrize("declare_length", [True, False])
def test_a_20_mb_page_is_refused(ingest: Ingest, news_server: NewsServer, declare_length: bool) -> None:
    """The size cap holds whether or not the server announces the length up front."""
    news_server.serve("/huge", b"", behaviour="huge", declare_length=declare_length)
    with pytest.raises(FetchError, match="5 MB limit"):
        ingest.add_link(news_server.url("/huge"))
    assert ingest.desk.articles() == []


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        ("slow", "took longer than 1.5 s"),
        ("stall", "did not answer within 1.5 s"),
        ("broken", "broke off before the page was complete"),
    ],
)
def test_slow_and_broken_downloads_fail_cleanly(
    ingest: Ingest, news_server: NewsServer, behaviour: str, reason: str
) -> None:
    """A dripping, stalled or cut-off download is refused with a reason and leaves the index empty."""
    news_server.serve("/news/bridge", BRIDGE_PAGE, behaviour=behaviour)
    with pytest.raises(FetchError, match=reason):
        ingest.add_link(news_server.url("/news/bridge"))
    assert ingest.desk.articles() == [] and ingest.desk.store.chunk_count() == 0


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:{port}/news/harbour", "internal address"),
        ("http://localhost:{port}/news/harbour", "internal address"),
        ("http://[::1]:{port}/", "internal address"),
        ("http://[::ffff:127.0.0.1]:{port}/", "internal address"),
        ("http://10.1.2.3/", "internal address"),
        ("http://192.168.0.1/admin", "internal address"),
        ("http://169.254.169.254/latest/meta-data/", "internal address"),
        ("http://0.0.0.0:{port}/", "internal address"),
        ("http://2130706433:{port}/", "internal address"),  # 127.0.0.1 as one number
        ("http://0x7f.1:{port}/", "internal address"),  # and in hex shorthand
        ("http://127.1:{port}/", "internal address"),
        ("file:///etc/passwd", "not a web address"),
        ("ftp://example.org/file.txt", "only http and https"),
        ("gopher://example.org/", "only http and https"),
        ("http://no-such-host.invalid/", "no such host"),
    ],
)
def test_internal_addresses_are_refused_without_the_setting(
    news_server: NewsServer, settings: Settings, url: str, reason: str
) -> None:
    """Without NEWSDESK_ALLOW_PRIVATE_URLS no request ever reaches an internal address."""
    news_server.serve("/news/harbour", HARBOUR_PAGE)
    with Fetcher(settings) as fetcher, pytest.raises(FetchError, match=reason):
        fetcher.fetch(url.format(port=news_server.port))
    assert news_server.requests == []


def test_redirect_to_an_internal_address_is_refused(news_server: NewsServer, settings: Settings) -> None:
    """Every redirect hop is checked: a trusted page redirecting inside the network is refused."""
    trusted = ipaddress.ip_address("127.0.0.1")
    news_server.serve("/news/harbour", HARBOUR_PAGE)
    news_server.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    news_server.redirect("/to-loopback", f"http://127.0.0.2:{news_server.port}/news/harbour")
    with Fetcher(settings, address_allowed=lambda a: a == trusted or is_public(a)) as fetcher:
        assert fetcher.fetch(news_server.url("/news/harbour")).status == 200
        for path, address in [("/to-metadata", "169.254.169.254"), ("/to-loopback", "127.0.0.2")]:
            with pytest.raises(BlockedAddressError, match=f"internal address \\({address}\\)"):
                fetcher.fetch(news_server.url(path))


def test_the_connected_address_is_checked_again(news_server: NewsServer, settings: Settings) -> None:
    """A host whose DNS answer changes between the check and the connection (DNS rebinding) is refused
    before the page is read: the policy passes the first look-up and refuses the address connected to."""
    news_server.serve("/news/harbour", HARBOUR_PAGE)
    looked_up: list[str] = []

    def first_answer_only(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        looked_up.append(str(address))
        return len(looked_up) == 1

    with (
        Fetcher(settings, address_allowed=first_answer_only) as fetcher,
        pytest.raises(BlockedAddressError, match="address changed to an internal one"),
    ):
        fetcher.fetch(news_server.url("/news/harbour"))
    assert looked_up == ["127.0.0.1", "127.0.0.1"]


def test_url_normalisation() -> None:
    """Scheme and host are lower-cased, default ports, fragments and tracking parameters dropped."""
    assert (
        normalize_url("HTTPS://News.Example.ORG:443/a/b?utm_source=x&id=3&fbclid=1&Utm_Term=2#part")
        == "https://news.example.org/a/b?id=3"
    )
    assert normalize_url("http://example.org") == "http://example.org/"
    assert normalize_url("http://example.org:8080/x?gclid=1&page=2") == "http://example.org:8080/x?page=2"


def test_html_files_are_indexed_by_index_paths(desk: Newsdesk, tmp_path: Path) -> None:
    """`newsdesk index` reads saved .html pages with trafilatura, keeping author and site."""
    (tmp_path / "harbour.html").write_text(HARBOUR_PAGE, encoding="utf-8")
    (tmp_path / "login.html").write_text("<html><body><p>Log in to read.</p></body></html>", encoding="utf-8")
    report = desk.index_paths([tmp_path])
    assert [a.title for a in report.added] == ["Lindqvist Harbour Reopens After Repairs"]
    assert [str(p) for p in report.problems] == [
        f"{tmp_path / 'login.html'}: the page asks to log in or subscribe; the article is not readable"
    ]
    record = desk.articles()[0]
    assert (record.author, record.source, record.published) == ("Ana Ruiz", "Northern Gazette", "2024-05-02")
    assert describe_origin(record) == "file harbour.html"


def test_documents_keep_their_sender_chat_and_date(ingest: Ingest) -> None:
    """A document sent to the bot is indexed with its provenance; the same name again replaces it."""
    provenance = {"sender": "Ana Ruiz (@ana, 42)", "chat": "Newsroom (-100123)", "date": "2024-06-01T08:00Z"}
    note = "Council Approves Budget\n\nThe town council approved a budget of 48 million euros on Monday."
    report = ingest.add_document("budget.md", note.encode(), "telegram:-100123/budget.md", provenance)
    assert len(report.added) == 1
    record = ingest.desk.articles()[0]
    assert (record.title, record.origin, dict(record.extra)) == (
        "Council Approves Budget",
        "telegram:-100123/budget.md",
        provenance,
    )
    revised = note.replace("48 million", "52 million").encode()
    assert ingest.add_document("budget.md", revised, "telegram:-100123/budget.md", provenance).replaced
    assert "52 million" in ingest.desk.ask("How large is the budget the council approved?").text


def test_jsonl_and_html_documents(ingest: Ingest) -> None:
    """JSONL documents index each line; an .html document goes through extraction."""
    lines = [
        {"title": "Ferry Adds Night Runs", "url": "https://example.org/ferry", "source": "Gazette",
         "published": "2024-05-02", "text": "The ferry line adds night runs from June, the operator said."},
        {"title": "Library Extends Hours", "text": "The city library will open until 22:00 on weekdays."},
    ]  # fmt: skip
    data = "\n".join(json.dumps(line) for line in lines).encode()
    report = ingest.add_document("batch.jsonl", data, "telegram:7/batch.jsonl")
    assert sorted(a.title for a in report.added) == ["Ferry Adds Night Runs", "Library Extends Hours"]
    assert {r.origin for r in ingest.desk.articles()} == {
        "telegram:7/batch.jsonl",
        "telegram:7/batch.jsonl:2",
    }
    html = ingest.add_document("page.html", HARBOUR_PAGE.encode(), "telegram:7/page.html")
    assert [a.author for a in html.added] == ["Ana Ruiz"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.jpg", b"\xff\xd8\xff", "only .txt, .md, .html and .jsonl"),
        ("big.txt", b"Title\n\n" + b"x" * 10_000_001, "over the 10 MB limit"),
        ("blob.txt", b"Title\x00\x01\x02", "binary file"),
        ("latin.txt", "Título\n\nañadido".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_unusable_documents_are_refused(ingest: Ingest, name: str, data: bytes, reason: str) -> None:
    """Wrong types, oversized, binary and mis-encoded documents are refused with the reason."""
    try:
        problems = [str(p) for p in ingest.add_document(name, data, f"telegram:7/{name}").problems]
    except ArticleError as refused:
        problems = [str(refused)]
    assert len(problems) == 1 and reason in problems[0] and name in problems[0]
    assert "newsdesk-doc" not in problems[0]  # the temporary path never reaches the user
    assert ingest.desk.articles() == []


def test_a_document_with_a_name_longer_than_the_file_system_allows_is_indexed(ingest: Ingest) -> None:
    """Telegram allows document names of 300 characters; the article is indexed under that name."""
    name = "minutes-" + "x" * 300 + ".txt"
    report = ingest.add_document(name, b"Council minutes\n\nThe council met on Monday.", f"telegram:7/{name}")
    assert [a.origin for a in report.added] == [f"telegram:7/{name}"] and not report.problems


def test_cli_add_indexes_links_and_reports_refusals(
    news_server: NewsServer,
    web_cli_env: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`newsdesk add` prints what it indexed, one line per link, and exits 3 when a link was refused."""
    news_server.serve("/news/bridge", BRIDGE_PAGE)
    assert main(["add", news_server.url("/news/bridge")]) == 0
    assert capsys.readouterr().out.startswith(
        'Indexed "Tolsund Bridge Closes for Inspection" (Coast Herald, 2024-05-20)'
    )
    assert main(["add", news_server.url("/missing")]) == 3
    assert "skipped: " in (err := capsys.readouterr().err) and "answered 404 Not Found" in err
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE_URLS", "0")
    assert main(["add", news_server.url("/news/bridge")]) == 3
    assert "internal address" in capsys.readouterr().err
