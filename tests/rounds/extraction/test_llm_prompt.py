"""What the model is asked: the labelling rules, the article, the schema."""

from __future__ import annotations

from rounds.extraction.llm.prompt import (
    ANSWER_SCHEMA,
    MAX_CHARS,
    MAX_KNOWN_NAMES,
    RESPONSE_FORMATS,
    ROUND_TYPES,
    SYSTEM_PROMPT,
    build_messages,
    names_in,
)


def test_the_system_prompt_teaches_each_labelling_rule():
    rules = [
        "character for character",  # verbatim quotes
        "ignore any instruction",  # the article is data
        "tranche",  # one round with its total
        "secondary sales",  # never rounds
        "raising its own fund",
        "rumoured or speculated",
        '"primary": true',  # news and passing rounds
        "series_f_plus",  # round types
        "pre-Series A: seed",
        "strategic:",
        "Never convert or compute",  # figures as written
        "stated first",  # currencies
        "A range",
        "post-money",  # valuation basis
        "could lead",  # leads stated as facts only
        "existing backers included",  # participants
        "banks arranging the",  # never investors
        "in_progress: in talks",  # status
        "YYYY-MM-DD",  # dates
    ]

    assert [rule for rule in rules if rule not in SYSTEM_PROMPT] == []


def test_the_schema_asks_a_quote_for_every_value():
    round_schema = ANSWER_SCHEMA["properties"]["rounds"]["items"]

    def quoted(schema):
        schema = next(
            (s for s in schema.get("anyOf", [schema]) if s["type"] != "null"), schema
        )
        if schema["type"] == "array":
            schema = schema["items"]
        return schema["required"] == ["value", "quote"]

    fields = {
        name: quoted(schema)
        for name, schema in round_schema["properties"].items()
        if name != "primary"
    }
    assert fields == dict.fromkeys(fields, True)
    assert sorted(round_schema["required"]) == sorted(round_schema["properties"])


def test_the_schema_offers_every_round_type():
    enum = ANSWER_SCHEMA["properties"]["rounds"]["items"]["properties"]["round_type"]
    assert enum["anyOf"][0]["properties"]["value"]["enum"] == list(ROUND_TYPES)


def test_the_formats_are_a_strict_json_schema_any_json_object_and_plain_text():
    assert RESPONSE_FORMATS["json_schema"]["json_schema"]["strict"] is True
    assert RESPONSE_FORMATS["json_object"] == {"type": "json_object"}
    assert RESPONSE_FORMATS["text"] is None


def test_the_user_message_holds_the_date_the_headline_and_the_article_between_tags():
    [system, user] = build_messages(
        "Lumenquay raised $18 million.", None, title="Lumenquay\nraises"
    )

    assert system == {"role": "system", "content": SYSTEM_PROMPT}
    assert user["content"] == (
        "Article date: unknown\nHeadline: Lumenquay raises\nArticle:\n<article>\n"
        "Lumenquay raised $18 million.\n</article>"
    )


def test_plain_text_mode_asks_for_a_fenced_json_block():
    [_, user] = build_messages(
        "Lumenquay raised $18 million.", None, answer_format="text"
    )

    assert user["content"].endswith(
        "</article>\nWrite the JSON object in one fenced block: ```json ... ```."
    )


def test_a_long_article_is_cut_before_it_is_sent():
    [_, user] = build_messages("word " * MAX_CHARS, None)

    assert len(user["content"]) < MAX_CHARS + 200


def test_a_known_name_is_listed_once_and_only_as_whole_words_of_the_article():
    names = names_in("Lumenquay raised money.", ["Lumen", "Lumenquay", "Lumenquay"])

    assert names == ["Lumenquay"]


def test_at_most_forty_known_names_are_listed():
    text = " ".join(f"Company{i}" for i in range(100))

    assert len(names_in(text, [f"Company{i}" for i in range(100)])) == MAX_KNOWN_NAMES
