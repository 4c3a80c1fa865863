"""spaCy's entity recogniser as questions use it: loaded alone, without the rest of the pipeline."""

from __future__ import annotations

import spacy

from index.language.asked import entities_of
from index.language.names import SPACY_PIPELINE, pipeline

SENTENCES = [
    "Mining run by Alphamin Resources near Walikale stopped, affecting 4,000 workers.",
    "Luiz Inácio Lula da Silva beat Jair Bolsonaro in Brazil's runoff on Oct. 30, 2022.",
    "The Golden State Warriors signed a $40 million deal with Apple in San Francisco last week.",
]


def test_the_recogniser_alone_finds_the_entities_of_the_whole_pipeline() -> None:
    """The other components are left out of the load; the recogniser does not listen to them."""
    assert pipeline().pipe_names == ["ner"]
    whole = spacy.load(SPACY_PIPELINE)
    expected = [
        tuple((e.text, e.label_) for e in doc.ents)
        for doc in whole.pipe(SENTENCES, disable=["parser", "tagger", "attribute_ruler", "lemmatizer"])
    ]
    assert entities_of(SENTENCES) == expected
    assert any(label == "PERSON" for found in expected for _, label in found)
