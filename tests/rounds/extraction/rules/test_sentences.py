from __future__ import annotations

from rounds.extraction.rules.sentences import MAX_SENTENCE, split_sentences


def texts(text):
    return [text[start:end] for start, end in split_sentences(text)]


def test_split_sentences_keeps_abbreviations_inside_sentences():
    text = (
        "Acme Corp. is raising money. It was founded by Dr. Jones in the U.S. market."
    )

    assert texts(text) == [
        "Acme Corp. is raising money.",
        "It was founded by Dr. Jones in the U.S. market.",
    ]


def test_split_sentences_treats_headline_lines_as_sentences():
    text = "Acme raises $5M\nAcme, a Lisbon startup, said it raised $5 million."

    assert texts(text) == [
        "Acme raises $5M",
        "Acme, a Lisbon startup, said it raised $5 million.",
    ]


def test_split_sentences_joins_hard_wrapped_lines():
    lines = [
        "Lisbon (Newsdesk) - Acme Robotics is in talks to raise up to $30 million at",
        "a valuation of $200 million, people familiar with the matter said on",
        "Monday, adding that the terms of the deal were still being discussed by",
        "the parties involved in the negotiations.",
        "A spokesperson for the company declined to comment on the report and the",
        "figures that were published by the newspaper earlier in the week.",
    ]

    sentences = texts("\n".join(lines))

    assert len(sentences) == 2
    assert "$30 million at\na valuation" in sentences[0]


def test_split_sentences_bounds_sentence_length():
    spans = split_sentences("word " * 2000)

    assert all(end - start <= MAX_SENTENCE for start, end in spans)
