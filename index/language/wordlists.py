"""Hand-written word lists: number words, months, titles, hedges, units, opposites and synonyms, and the
capitalised words that are no names."""

from __future__ import annotations

from index.language.stopwords import STOPWORDS

# Pairs of word groups with opposite meanings (each word is stemmed where it is used); a claim word
# from one side and an evidence word from the other clash.
OPPOSITE_PAIRS: tuple[tuple[str, str], ...] = (
    (
        "accept agree approve embrace heed welcome endorse",
        "reject refuse dismiss ignore disregard decline deny oppose veto spurn rebuff",
    ),
    # Voters and lawmakers: "backed the measure" against "defeated the measure".
    ("back support favor favour", "oppose reject defeat"),
    (
        "rise rose increase climb gain grow grew grown jump soar surge higher raise hike",
        "fall fell decrease drop decline shrink shrank shrunk plunge slump lower cut reduce tumble",
    ),
    ("strengthen intensify", "weaken dissipate"),
    ("capture seize conquer", "lose lost retreat surrender withdraw abandon"),
    ("win won beat defeat victory", "lose lost"),
    ("positive", "negative"),
    ("open reopen resume", "close shut halt suspend pause"),
    ("continue keep", "stop cease end quit"),
    ("allow permit legalize", "ban prohibit forbid outlaw"),
    ("pass passed", "fail failed"),
    ("hire hired", "fire fired"),
    ("buy bought purchase acquire", "sell sold"),
    ("acquit acquitted", "convict convicted"),
    ("more most", "less least fewer"),
    ("high highest", "low lowest"),
    ("alive survive survived", "dead die died"),
    ("guilty", "innocent"),
    ("widen widened", "narrow narrowed"),
    ("double doubled", "halve halved"),
    ("above", "below"),
    ("uphold upheld affirm", "overturn overturned reverse"),
)


# Words news copy uses for one another; a claim word counts as found when a synonym is in the sentence.
SYNONYM_GROUPS = (
    "beat defeat",
    "kid child children",
    "people person persons resident civilian",
    "us american america",
    "lawmaker legislator parliament congress",
    "eat ate devour",
    "game match",
    "woman female",
    "man male",
    "die died death dead killed",
    "buy bought purchase acquire acquiring takeover acquisition",
    "halt halting pause suspend stop",
    "stop eliminate end scrap",
    "offer give provide",
    "east eastern",
    "west western",
    "north northern",
    "south southern",
    "flight service",
    "flee fled escape escaped",
    "soldier troop army military",
    "say said tell told announce announced declare declared state",
    "show reveal unveil",
    "get receive eligible",
    "prime premier",
    "leader head chief",
    "law legislation bill",
    "price cost",
    "fire blaze wildfire",
    "study survey report poll",
    "rise rose increase climb jump soar",
    "fall fell drop decline plunge tumble crash",
    "big large huge",
    "biggest largest",
    "job employee worker staff staffer",
    "record highest",
    "start begin launch",
    "raise lift boost hike",
    "pay wage wages salary",
    "home residence household",
)


IRREGULAR_PAST = frozenset(
    [
        "won",
        "beat",
        "lost",
        "took",
        "hit",
        "shot",
        "sent",
        "met",
        "led",
        "left",
        "sold",
        "bought",
        "told",
        "fought",
        "caught",
    ]
)


NEGATION_LEAD_INS = frozenset(
    ["not", "n't", "n’t", "no", "never", "did", "does", "do", "was", "were", "is", "has", "have", "had"]
)


NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}


SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


# A bound states only one side: "more than 5" holds for 7, "up to 22" for 15.
LOWER_BOUNDS = frozenset(["over", "more than", "at least", "just over", "above"])


UPPER_BOUNDS = frozenset(["less than", "fewer than", "up to", "under", "just under", "below"])


MONEY_UNITS = {"dollar": "$", "euro": "€", "cent": "$", "pound": "£"}


MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


NEGATIONS = frozenset(["not", "cannot", "no", "never", "n't", "n’t", "neither", "nor", "none", "nobody"])


VERB_NEGATIONS = frozenset(["not", "cannot", "never", "n't", "n’t"])


# Negations that open a noun phrase: "no impeached president", "none of the juries".
NOUN_NEGATIONS = frozenset(["no", "neither", "none", "nobody"])


# The verbs that carry a clause's tense or mood: "no president *has* run again".
AUXILIARIES = frozenset(
    """is are was were be been has have had will would can could did does do may might should shall
    must""".split()  # noqa: SIM905
)


# Lower-case words that open a name: "al Qaeda", "bin Salman", "van Gogh", "de Gaulle".
NAME_PARTICLES = frozenset(["al", "el", "bin", "ibn", "de", "da", "di", "del", "du", "van", "von", "der"])

# A sentence opening with one of these goes on about the last sentence's subject: "He was 68."
BACK_REFERENCES = frozenset(["he", "she", "it", "they"])


# Words that open a clause of its own: a negation before one turns round the verb it follows, not the
# clause ("does not yet know how the animals escaped" says nothing against "the animals escaped").
CLAUSE_OPENERS = frozenset(["how", "why", "what", "whether", "where", "when", "who", "which", "that", "if"])


# Words that turn a statement round, in any of its forms: "no change", "is yet to reach", "voted against".
POLARITY_CUES = NEGATIONS | frozenset(
    [
        "without",
        "yet",
        "against",
        "failed",
        "fail",
        "fails",
        "refused",
        "refuse",
        "unable",
        "unless",
        "instead",
    ]
)

# Verbs of taking sides: "against" after one of them turns round what follows ("voted against
# abolishing"); after anything else it only links ("charges against the deputy").
STANCE_VERBS = frozenset(
    # A word list reads better as one string.
    """vote voted votes voting rule ruled rules ruling decide decided decides argue argued argues sided
    sides turn turned turns campaign campaigned lobby lobbied speak spoke spoken testify testified warn
    warned advise advised come came go went move moved act acted push pushed fight fought protest
    protested rally rallied stand stood""".split()  # noqa: SIM905
)

# Words too common to show that two sentences talk about the same thing (beyond BM25's stop words).
FUNCTION_WORDS = frozenset(
    [
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "estimated",
        "about",
        "above",
        "after",
        "again",
        "also",
        "among",
        "around",
        "because",
        "been",
        "before",
        "being",
        "both",
        "can",
        "cannot",
        "did",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "here",
        "how",
        "into",
        "its",
        "itself",
        "just",
        "least",
        "more",
        "most",
        "much",
        "must",
        "now",
        "off",
        "once",
        "only",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "should",
        "since",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "too",
        "under",
        "until",
        "upon",
        "very",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "would",
        "you",
        "your",
        "said",
        "says",
        "say",
        "told",
        "per",
        "percent",
        "percentage",
        "point",
        "points",
        "cent",
        "cents",
        "dollar",
        "dollars",
        "euro",
        "euros",
        "pound",
        "pounds",
        "according",
        "also",
        "just",
        "including",
        # Pronouns stand for the claim's names; light words say nothing a sentence must repeat.
        "he",
        "she",
        "her",
        "his",
        "him",
        "hers",
        "we",
        "past",
        "really",
        "actually",
        "get",
        "gets",
        "got",
    ]
)


# "Rwanda-backed": the name is the first half.
NAME_SUFFIXES = frozenset(["backed", "led", "based", "owned", "run", "born", "made"])


HEDGES = frozenset(
    [
        "may",
        "might",
        "could",
        "would",
        "possible",
        "possibly",
        "potentially",
        "potential",
        "likely",
        "unlikely",
        "expected",
        "expects",
        "plan",
        "plans",
        "planned",
        "planning",
        "considering",
        "considers",
        "exploring",
        "explore",
        "explores",
        "proposed",
        "proposes",
        "threatened",
        "threatens",
        "willingness",
        "willing",
        "seeking",
        "seeks",
        "sought",
        "aims",
        "aiming",
        "aimed",
        "hopes",
        "hoping",
        "hoped",
        "attempts",
        "attempting",
        "attempted",
        "reportedly",
        "allegedly",
        "alleged",
        "suspected",
        "if",
    ]
)


MODALS = frozenset(["may", "might", "could", "would", "if"])


# Words that make a figure after them in their clause a possibility; not "would", which also reports a
# plan as fact ("said it would charge $8").
CONDITIONS = (MODALS - {"would"}) | {"unless", "must"}


# Titles before a name: part of how the claim names someone, not a fact a sentence must repeat.
TITLES = frozenset(
    (  # noqa: SIM905
        "president prime minister mr mrs ms dr gov governor sen senator rep gen general "
        "king queen prince pope judge chief secretary vice director chairman chairwoman "
        "commissioner ambassador mayor chancellor professor"
    ).split()
)


QUESTION_WORDS = frozenset(["what", "which", "who", "whom", "whose", "how", "when", "where", "why"])


# Capitalised words that name no one by themselves, for the answerers and the fact-checker alike: stop
# words and question words (capitalised as a sentence's first word), months and weekdays, titles and
# compass points before a name ("President", "North"), the wire's own words ("CNN", "Breaking"), and a
# year's quarters ("Q2" is the second quarter, not a name another can stand in for).
NOT_NAMES = (
    STOPWORDS
    | QUESTION_WORDS
    | TITLES
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | frozenset(
        # A word list reads better as one string.
        """i new former first according said says day week year time cnn breaking north south east west
        northern southern eastern western q1 q2 q3 q4""".split()  # noqa: SIM905
    )
)
