"""Answerability on synthetic reports: junk is never quoted, off-topic questions abstain, one sentence that
answers is quoted with its citation. The articles and questions are the test's own text."""

from __future__ import annotations

from datetime import date

import pytest

from index.answer.answerability import missing_word_share, name_coverage, question_names, quotable
from index.answer.extractive import ExtractiveAnswerer
from index.desk import Newsdesk
from index.language.asked import asks_about_recent_news
from index.language.dates import names_a_time
from index.language.tokens import whole_words
from index.model import Article, Hit, Retrieval, StoredChunk
from index.store.embeddings import Embedder

QUAKE = Article(
    title="Earthquake shakes the Valdoria highlands",
    text=(
        "A magnitude-6.1 earthquake struck the Valdoria highlands on Tuesday, the national seismic "
        "institute said. At least 41 people were killed when houses collapsed in the mountain town of "
        "Orsk, regional officials reported.\n\n"
        "Rescuers dig through the rubble of a collapsed school in Orsk on Wednesday.\n\n"
        "Mira Kolev/Valdoria Press/Getty Images\n\n"
        "‘We lost everything’\n\n"
        "Why did the walls fall so fast?\n\n"
        "Engineers said most of the houses in Orsk were built of unreinforced brick before 1970. "
        "The government promised to rebuild the school before the winter term."
    ),
    source="Highland Herald",
    url="https://example.org/valdoria-quake",
    published=date(2031, 4, 9),
)
HARBOUR = Article(
    title="Port Wendle opens a floating library",
    text=(
        "The harbour town of Port Wendle opened a floating library on Tuesday, a converted grain barge "
        "holding 12,000 books. Mayor Ilse Varga said the barge will visit six villages along the estuary "
        "each month. Children borrowed more than 900 books on the first day, the library reported."
    ),
    source="Estuary News",
    url="https://example.org/harbour",
    published=date(2031, 3, 2),
)

KARSK_RADIO = Article(
    title="Karsk rebel leader talks fishing quotas on the radio",
    text=(
        "The leader of the Karsk rebels gave a long radio interview on Sunday about fishing quotas in "
        "the northern fjords. He said the Karsk rebels want the quota for herring doubled next season."
    ),
    source="Fjord Radio",
    url="https://example.org/karsk-radio",
    published=date(2031, 4, 2),
)


@pytest.fixture
def news_desk(desk: Newsdesk) -> Newsdesk:
    desk.add([QUAKE, HARBOUR])
    return desk


@pytest.mark.parametrize(
    "question",
    [
        "What did the Karsk rebels do in Valdoria?",
        "How many homes did the Lake Ostrava dam burst flood in Valdoria?",
    ],
)
def test_an_off_topic_question_abstains_though_it_names_a_covered_place(
    news_desk: Newsdesk, question: str
) -> None:
    """Sharing the place name Valdoria with the quake report is not enough when the question is about
    something no report names (the Karsk rebels, Lake Ostrava): the bot says the articles don't cover
    it and quotes nothing."""
    answer = news_desk.ask(question)
    assert answer.abstained, answer.text
    assert answer.sources == []
    assert answer.text.startswith("The articles don't say.")


def test_a_question_one_sentence_answers_gets_that_sentence_with_its_citation(news_desk: Newsdesk) -> None:
    """The sentence holding the death toll is quoted and cited [n] to the quake report."""
    answer = news_desk.ask("How many people were killed in the Valdoria earthquake?")
    assert not answer.abstained
    toll = "At least 41 people were killed when houses collapsed in the mountain town of Orsk"
    assert toll in answer.text
    cited = next(s for s in answer.sources if toll in s.quote)
    assert cited.title == QUAKE.title
    assert f"[{cited.number}]" in answer.text.split(toll, 1)[1][:40]


# Everyday reports of deaths and counts: in an archive, as in the news, "how many people were killed" is
# common wording, and a name like "Karsk" is what a question about it turns on.
EVERYDAY_TOLLS = [
    Article(
        title=f"{place} counts the cost",
        text=(
            f"Officials in {place} said {count} people were killed and many more hurt. Asked how many "
            f"homes were lost, the mayor did not say. Many people did stay with relatives."
        ),
        source="Wire",
        url=f"https://example.org/toll-{count}",
        published=date(2031, 3, count % 28 + 1),
    )
    for place, count in (("Lundby", 3), ("Marrow Bay", 12), ("Tesk", 7), ("Oberhain", 19))
]


def test_a_report_that_never_names_what_is_asked_does_not_answer_though_another_report_names_it(
    news_desk: Newsdesk,
) -> None:
    """The quake report has a death toll in Valdoria but never names the Karsk rebels; a radio report
    names them but kills no one. Each report must name what the question is about itself, so neither
    answers "how many people did the Karsk rebels kill", though between them they name all of it."""
    news_desk.add([KARSK_RADIO, *EVERYDAY_TOLLS])
    answer = news_desk.ask("How many people did the Karsk rebels kill?")
    assert answer.abstained, answer.text
    assert "41 people" not in answer.text


STORM_RESCUES = Article(
    title="Storm Wenna batters the Saltmarsh coast",
    text=(
        "More than 1,600 people have been rescued from Storm Wenna's path along the Saltmarsh coast since "
        "Friday, the coastguard said on Sunday. Storm Wenna brought winds of 150 km/h and flooded 3,000 "
        "homes in Saltmarsh. Power was restored to most of the coast by Monday."
    ),
    source="Coast Times",
    url="https://example.org/wenna-rescues",
    published=date(2031, 5, 3),
)
STORM_TOLL = Article(
    title="Storm Wenna death toll rises",
    text=(
        "The number of people killed along the Saltmarsh coast by Storm Wenna rose to at least 23 on "
        "Tuesday, officials said. Crews were still clearing roads near the harbour."
    ),
    source="Coast Times",
    url="https://example.org/wenna-toll",
    published=date(2031, 5, 4),
)


def test_people_rescued_do_not_answer_how_many_died(desk: Newsdesk) -> None:
    """Asked how many died, the bot does not quote the 1,600 people rescued as the answer: with only the
    rescue report it gives no count as the answer, and once the toll is reported it leads with the toll."""
    desk.add([STORM_RESCUES])
    question = "How many people died in Storm Wenna?"
    rescued = desk.ask(question)
    assert rescued.abstained or rescued.short is None, rescued.text
    desk.add([STORM_TOLL])
    answer = desk.ask(question)
    assert not answer.abstained
    opening = answer.text.split("\n")[0]
    assert "at least 23" in opening and "1,600" not in opening, answer.text
    assert answer.sources[0].title == STORM_TOLL.title


PREMIER = Article(
    title="Mara Quist takes over as premier",
    text=(
        "Mara Quist became Estland's premier on Monday, replacing Tomas Varga, who resigned in March. "
        "Quist replaces Varga at a difficult time for the coalition. Quist, 51, led the finance ministry "
        "for six years."
    ),
    source="Estland Herald",
    url="https://example.org/quist",
    published=date(2031, 6, 2),
)


def test_a_sentence_telling_the_deed_of_others_does_not_answer(desk: Newsdesk) -> None:
    """Asked who replaced Quist, the bot quotes neither "Quist replaces Varga" (Quist did the replacing)
    nor "replacing Tomas Varga" (another was replaced), and gives no short answer line; asked who
    replaced Varga, it leads with those sentences."""
    desk.add([PREMIER])
    answer = desk.ask("Who replaced Mara Quist as premier?")
    assert answer.short is None
    assert "replac" not in answer.text, answer.text
    answer = desk.ask("Who replaced Tomas Varga as premier?")
    assert not answer.abstained
    assert "replac" in answer.text.split("\n")[0], answer.text


CUP_FINAL = Article(
    title="Brazil win the Orbis Cup",
    text=(
        "Brazil won the Orbis Cup on Sunday for the first time, beating Chile in front of 12,000 fans. "
        "The final was played in heavy rain."
    ),
    source="Orbis Sport",
    url="https://example.org/orbis-cup",
    published=date(2031, 6, 3),
)

CHAMPIONS = Article(
    title="Champions at last",
    text=(
        "Brazil are Orbis Cup champions after defeating Chile in the final on Sunday. Their coach said "
        "the title was the country's first in twenty years."
    ),
    source="Orbis Sport",
    url="https://example.org/orbis-final",
    published=date(2031, 6, 3),
)

PREMIERS = Article(
    title="Estland's premiers",
    text=(
        "Mara Quist became premier of Estland in 2029, promising to cut the budget deficit. Quist resigned "
        "in March 2031 after losing a confidence vote. Tomas Varga, her finance minister, was sworn in as "
        "premier a week later."
    ),
    source="Estland Herald",
    url="https://example.org/estland-premiers",
    published=date(2031, 3, 20),
)


def test_no_short_answer_names_a_doer_of_a_deed_the_sentence_does_not_tell(desk: Newsdesk) -> None:
    """Asked who scored the winning goal, the bot does not answer "Brazil" on its short line: the
    sentence tells who won the cup, not who scored. Asked who won, it does: of the two teams the
    sentence names, Brazil is the one that won."""
    desk.add([CUP_FINAL])
    assert desk.ask("Who scored the winning goal in the Orbis Cup final?").short is None
    assert desk.ask("Who won the Orbis Cup?").short == "Brazil"


def test_a_sentence_not_telling_the_deed_asked_is_told_as_the_closest_the_articles_come(
    desk: Newsdesk,
) -> None:
    """Asked who scored the winning goal, the bot may quote the sentence on who won the cup, but as
    what may not answer the question; asked who won, that sentence is the answer."""
    desk.add([CUP_FINAL])
    scored = desk.ask("Who scored the winning goal in the Orbis Cup final?")
    assert scored.abstained or scored.unsure, scored.text
    won = desk.ask("Who won the Orbis Cup?")
    assert not won.unsure and not won.abstained, won.text


def test_the_short_line_names_who_did_the_deed_of_a_participle(desk: Newsdesk) -> None:
    """ "Brazil are Orbis Cup champions after defeating Chile" names two teams; Brazil did the defeating,
    so "Who won the Orbis Cup final?" is answered by Brazil alone."""
    desk.add([CHAMPIONS])
    assert desk.ask("Who won the Orbis Cup final?").short == "Brazil"


def test_the_one_the_question_names_does_not_answer_who_else_did_the_deed(desk: Newsdesk) -> None:
    """Asked who became premier after Mara Quist resigned, the answer does not open with "Mara Quist
    became premier": the question asks for someone else, and the sentence naming Tomas Varga answers."""
    desk.add([PREMIERS])
    answer = desk.ask("Who became premier after Mara Quist resigned?")
    assert "Tomas Varga" in answer.text.split("[1]")[0], answer.text


def test_captions_credits_headings_and_quoted_questions_are_never_quoted(news_desk: Newsdesk) -> None:
    """Asked about the rubble, the school and the walls, the answer quotes none of the photo caption, its
    credit, the section heading or the rhetorical question, though they share the question's words."""
    junk = (
        "Rescuers dig through the rubble",
        "Getty Images",
        "We lost everything",
        "Why did the walls fall so fast?",
    )
    for question in (
        "Why did the walls of the school in Orsk fall?",
        "What were rescuers doing in the rubble of the school in Orsk?",
    ):
        answer = news_desk.ask(question)
        quoted = " ".join(s.quote for s in answer.sources)
        assert not any(part in quoted for part in junk), quoted


@pytest.mark.parametrize(
    ("sentence", "after", "expected"),
    [
        ("The barge will visit six villages along the estuary.", None, True),
        ("Kanye West’s Twitter account was locked for a week", None, True),  # a headline
        ("Mira Kolev/Valdoria Press/Getty Images", None, False),  # a credit line
        ("Rescuers dig through the rubble in Orsk on Wednesday.", "Mira Kolev/Getty Images", False),
        ("Noah Lind/AP Firefighters cut a line near the town on Monday.", None, False),  # credit-led
        ("‘We lost everything’", None, False),  # a section heading
        ("Rise of an economic power", None, False),
        ("Born: August 15, 1950", None, False),
        ("What did I do to you?”", None, False),  # a bare quoted question
        ("He declined.", None, False),  # a fragment
        ("Visit example.com for more news, features and videos.", None, False),
        ("More:Food prices climb, consumers paying more for beef and bacon", None, False),  # a link
        ("►More: Safer baby swings to replace your recalled rocker", None, False),
        ("Live updates:First lady Jill Biden tests positive for COVID-19", None, False),
        ("Grocery store shelves bare?:These products may be hard to find", None, False),
        ("Video Ad Feedback Why stores are short of baby formula 01:58 - Source: CNN Business", None, False),
        ("The vote, at 10:30 on Monday, went 7:2 for the plan.", None, True),
        ("Her message was simple: Vote early and bring a friend.", None, True),
        ("Sign up for our trending newsletter to get the latest news of the day", None, False),
        ("View the full list of winners here", None, False),
        ("More than 5,100 migrants have arrived in the capital since April.", None, True),
        ("Subscribers to the newsletter doubled, the paper said.", None, True),
        ("Officials speak at a news conference in Washington, U.S., June 15, 2022.", None, False),  # caption
        ("The ruling came on Tuesday, June 14, 2022.", None, True),
        ("The law took effect on January 1, 2023.", None, True),
    ],
)
def test_quotable_keeps_statements_and_drops_junk(sentence: str, after: str | None, expected: bool) -> None:
    """Statements and headlines are quotable; credits, captions, headings, questions, fragments and a
    page's calls to action are not."""
    assert quotable(sentence, after) is expected


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What did the M23 rebels do?", ["M23"]),
        ("What did the Bank of Japan say about the yen?", ["Bank of Japan"]),
        ("Who won the Nobel Prize in Chemistry?", ["Nobel Prize", "Chemistry"]),
        ("The FBI searched Donald Trump’s Mar-a-Lago estate. Why?", ["FBI", "Donald Trump", "Mar-a-Lago"]),
        ("How do I bake sourdough bread on Monday?", []),
    ],
)
def test_question_names_are_the_capitalised_phrases_past_each_sentence_start(
    question: str, names: list[str]
) -> None:
    """Names are read as phrases ("Bank of Japan"), a possessive ends one, question words are not names."""
    assert question_names(question) == names


def hit_on(text: str) -> Hit:
    chunk = StoredChunk("a:0", text, "a", "Report", "", "", "", 0, len(text))
    return Hit(chunk, 1.0, 0.5, 0.5)


def test_a_missing_rare_name_costs_its_share_of_the_question() -> None:
    """Names the reports hold cost nothing; a missing name costs its weight's share of the question's;
    a name whose words only appear apart costs half of that."""
    hits = [hit_on("The Bank of Valdoria raised rates; Japan's yen fell.")]

    def weight(name: str) -> float:
        return {"M23": 6.0, "Bank of Japan": 4.0, "Valdoria": 2.0}[name]

    assert name_coverage(["Valdoria"], hits, weight, 10.0) == 1.0
    assert name_coverage(["M23"], hits, weight, 10.0) == pytest.approx(0.4)
    assert name_coverage(["Bank of Japan"], hits, weight, 10.0) == pytest.approx(1 - 4.0 * (1 - 0.5) / 10)


def test_initials_with_and_without_full_stops_are_the_same_name() -> None:
    """A question's "US" or "UN" is found in a report that writes "U.S." or "U.N.", and the reverse."""
    hits = [hit_on("Kinshasa is exploring U.S. support; the UN mission stays.")]

    def weight(name: str) -> float:
        return 5.0

    assert name_coverage(["US", "U.N"], hits, weight, 10.0) == 1.0
    assert name_coverage(["USA"], hits, weight, 10.0) == pytest.approx(0.5)


def test_the_rarest_question_word_no_report_uses_is_its_share_of_the_question() -> None:
    """Only missing words count, the heaviest one decides, and words outside `counted` are let go."""
    weights = {"flood": 3.0, "pakistan": 2.0, "peopl": 1.0}
    reports = {"pakistan", "peopl", "earthquak"}
    assert missing_word_share(weights, reports, counted=lambda stem: True) == pytest.approx(0.5)
    assert missing_word_share(weights, reports | {"flood"}, counted=lambda stem: True) == 0.0
    assert missing_word_share(weights, reports, counted=lambda stem: stem != "flood") == 0.0


def test_a_question_about_floods_is_not_answered_from_an_earthquake_report(embedder: Embedder) -> None:
    """The quake report matches the place and the killing, not the floods: when the index uses the word
    "floods" elsewhere, the bot abstains; when no article uses it, it may be the asker's own word for
    what the report says, and the report is quoted."""
    question = "How many people were killed by the floods in Valdoria?"
    retrieval = Retrieval(question, [hit_on(QUAKE.text)])

    def rarity(stem: str) -> float:
        return 3.0 if stem == "flood" else 1.0

    knows_floods = ExtractiveAnswerer(embedder, idf=rarity, indexed=lambda stem: True)
    assert knows_floods.answer(retrieval).abstained
    never_saw_floods = ExtractiveAnswerer(embedder, idf=rarity, indexed=lambda stem: stem != "flood")
    answer = never_saw_floods.answer(retrieval)
    assert not answer.abstained
    assert "At least 41 people were killed" in answer.text


def test_a_question_about_this_weeks_news_trusts_a_report_from_months_before_it_less(
    news_desk: Newsdesk,
) -> None:
    """Asked "this week", the quake report is trusted less five months later than the week it was
    filed; asked without "this week", the report answers whenever the question is asked."""
    this_week = "How many people were killed in the Valdoria earthquake this week?"
    that_week, months_later = date(2031, 4, 10), date(2031, 9, 1)
    fresh = news_desk.ask(this_week, as_of=that_week)
    stale = news_desk.ask(this_week, as_of=months_later)
    assert not fresh.abstained
    assert stale.confidence < fresh.confidence
    any_time = "How many people were killed in the Valdoria earthquake?"
    assert not news_desk.ask(any_time, as_of=months_later).abstained


@pytest.mark.parametrize(
    ("question", "about_recent_news"),
    [
        ("Which company announced layoffs this week?", True),
        ("Who was recently named coach of the Lakers?", True),
        ("What is the latest death toll in Valdoria?", True),
        ("How many people were killed in the Valdoria earthquake?", False),
        ("Who won the 2022 World Cup final?", False),
    ],
)
def test_a_question_about_recent_news_is_told_by_its_words(question: str, about_recent_news: bool) -> None:
    """ "this week", "recently" and "the latest" ask about the last days' news; a question without such
    words may be about any time."""
    assert asks_about_recent_news(question) is about_recent_news


def estuary_news(title: str, text: str, day: int) -> Article:
    """A report of Estuary News, published on that day of March 2031."""
    return Article(title=title, text=text, source="Estuary News", published=date(2031, 3, day))


def test_the_short_answer_is_written_as_the_sentence_writes_it(desk: Newsdesk) -> None:
    """The short line gives "$4.99", not the recogniser's "4.99", and a "when" question answered by a
    sentence that names no time ("aged 89") gets the report's date, marked as such."""
    petrol = "A gallon of petrol in Port Wendle now costs $4.99, the motoring club said on Friday."
    desk.add(
        [
            estuary_news("Petrol prices climb again", petrol, 7),
            estuary_news(
                "Actor Ilse Varga dies", "The actor Ilse Varga has died aged 89, her family said.", 9
            ),
        ]
    )
    assert desk.ask("How much does a gallon of petrol cost in Port Wendle?").short == "$4.99"
    assert desk.ask("When did the actor Ilse Varga die?").short == "reported 9 Mar 2031"


def test_a_count_does_not_answer_how_much(desk: Newsdesk) -> None:
    """ "How much did it cost?" is answered by the sum, not by the museum's four floors."""
    museum = "The new Port Wendle maritime museum cost $12 million to build and has four floors."
    desk.add([estuary_news("Maritime museum opens", museum, 7)])
    assert desk.ask("How much did the Port Wendle maritime museum cost?").short == "$12 million"


def test_a_count_listed_with_another_answers_with_both(desk: Newsdesk) -> None:
    """ "killed 19 residents and two firefighters" answers "How many people ..." with both counts, and
    "How many residents ..." with its own; "one farmer" is a count too."""
    storm = "The storm killed 19 residents and two firefighters in Port Wendle, the mayor said."
    flood = "The flood killed 12 sheep and one farmer near Ashby Marsh, the council said."
    desk.add([estuary_news("Storm toll rises", storm, 7), estuary_news("Marsh floods", flood, 8)])
    assert desk.ask("How many people did the storm kill in Port Wendle?").short == (
        "19 residents and two firefighters"
    )
    assert desk.ask("How many residents did the storm kill in Port Wendle?").short == "19"
    assert desk.ask("How many were killed in the Ashby Marsh flood?").short == "12 sheep and one farmer"


def test_a_place_and_where_it_lies_answer_where_as_one(desk: Newsdesk) -> None:
    """ "in Nara, Japan" is one place, written with where it lies: the short line gives both; two places
    apart ("from Paris to Rome") leave the choice to the reader."""
    shot = "Former premier Taro Ito was shot during a speech in Nara, Japan, on Friday, police said."
    flight = "The Estuary Air flight from Paris to Rome was delayed by five hours on Friday."
    desk.add([estuary_news("Ito shot", shot, 7), estuary_news("Flight delayed", flight, 8)])
    assert desk.ask("Where was former premier Taro Ito shot?").short == "Nara, Japan"
    assert desk.ask("Where was the delayed Estuary Air flight going?").short is None


def test_a_sentence_looking_ahead_does_not_tell_when_it_was_done(desk: Newsdesk) -> None:
    """Asked when Mara Quist was appointed, a report that she "will be named premier on Monday" is told
    as the closest the articles come, with no short line; asked when she will be named, it answers."""
    ahead = "Mara Quist will be named Estland's new premier by the ruling party on Monday."
    desk.add([estuary_news("Estland to name new premier", ahead, 7)])
    done = desk.ask("When was Mara Quist appointed premier of Estland?")
    assert done.abstained or (done.unsure and done.short is None), done.text
    to_come = desk.ask("When will Mara Quist be named premier of Estland?")
    assert not to_come.abstained and not to_come.unsure, to_come.text


def test_a_weekday_answering_when_comes_with_the_reports_date(desk: Newsdesk) -> None:
    """ "Thursday" alone does not say which Thursday, nor "today" which day: the short line gives the
    report's weekday and date beside it, so the reader can tell; a full date is given as written."""
    bridge = "The Port Wendle harbour bridge reopened on Thursday after repairs, the council said."
    ferry = "The last Port Wendle ferry sailed on 2 March 2031, the operator said."
    lighthouse = "The Port Wendle lighthouse was switched off for good today, the harbour master said."
    desk.add(
        [
            estuary_news("Harbour bridge reopens", bridge, 7),
            estuary_news("Ferry service ends", ferry, 7),
            estuary_news("Lighthouse goes dark", lighthouse, 11),
        ]
    )
    reopened = desk.ask("When did the Port Wendle harbour bridge reopen?").short
    assert reopened == "Thursday, in a report of Friday 7 Mar 2031"
    assert desk.ask("When did the last Port Wendle ferry sail?").short == "2 March 2031"
    dark = desk.ask("When was the Port Wendle lighthouse switched off for good?").short
    assert dark == "today, in a report of Tuesday 11 Mar 2031"


def test_a_time_ahead_beside_the_day_it_was_said_gives_no_short_line(desk: Newsdesk) -> None:
    """ "on Monday pledged to make Port Wendle carbon-free in the next 25 years": "By when?" is not answered
    by the day of the pledge, and which time answers is for the reader to see."""
    pledge = "Premier Osk on Monday pledged to make Port Wendle carbon-free in the next 25 years."
    desk.add([estuary_news("Premier makes climate pledge", pledge, 7)])
    answer = desk.ask("By when will Premier Osk make Port Wendle carbon-free?")
    assert not answer.abstained and answer.short is None


@pytest.mark.parametrize(
    ("text", "span", "written"),
    [("topped $5 a gallon", "5", "$5"), ("Chick-fil-A has the slowest", "Chick", "Chick-fil-A"),
     ("Adele's residency", "Adele", "Adele"), ("in Orsk.", "Orsk", "Orsk"), ("no such", "Oslo", "Oslo")],
)  # fmt: skip
def test_whole_words_widens_a_span_to_the_words_it_cuts(text: str, span: str, written: str) -> None:
    """A currency sign before and a hyphenated rest after are the span's; a possessive or a full stop
    is not."""
    assert whole_words(text, span) == written


def test_a_time_is_a_month_a_weekday_a_year_or_a_day_word() -> None:
    """ "Monday", "September 19", "2021" and "yesterday" say when; "age 89" and "decades" do not."""
    assert all(names_a_time(t) for t in ("Monday", "September 19", "in 2021", "yesterday"))
    assert not any(names_a_time(t) for t in ("age 89", "decades", "a few weeks"))
