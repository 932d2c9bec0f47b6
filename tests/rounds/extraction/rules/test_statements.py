from __future__ import annotations

from rounds.extraction.amounts import find_money
from rounds.extraction.rules.statements import split_statements


def statements(sentence):
    return [
        (s.kind, " ".join(s.text.split()))
        for s in split_statements(sentence, find_money(sentence))
    ]


def test_an_opening_clause_with_its_own_amount_is_a_statement_of_its_own():
    assert statements(
        "A year after raising $5 million, Vantora is seeking $30 million."
    ) == [
        ("opening", "A year after raising $5 million,"),
        ("main", "Vantora is seeking $30 million."),
    ]


def test_a_relative_clause_with_an_earlier_round_is_a_statement_of_its_own():
    assert statements(
        "Vantora, which raised $5 million in 2022, closed a $30 million Series B."
    ) == [
        ("relative", "Vantora, which raised $5 million in 2022,"),
        ("main", "Vantora closed a $30 million Series B."),
    ]


def test_a_clause_after_while_states_a_second_round():
    assert [
        kind
        for kind, _ in statements(
            "Vantora raised $30 million, while its rival Pellio is in talks for $50 million."
        )
    ] == ["main", "main"]


def test_one_amount_makes_one_statement():
    assert statements("After a slow year, Vantora raised $30 million.") == [
        ("main", "After a slow year, Vantora raised $30 million.")
    ]


def test_statements_keep_the_offsets_of_the_sentence():
    sentence = "A year after raising $5 million, Vantora is seeking $30 million."

    assert {len(s.text) for s in split_statements(sentence, find_money(sentence))} == {
        len(sentence)
    }


def test_examples_joined_by_or_are_statements_of_their_own():
    found = statements(
        "Most were small, like Ribbo adding $2 million to its Series B, or Velta adding "
        "$3 million to its seed round."
    )

    assert [kind for kind, _ in found] == ["main", "main"]
    assert found[1][1].endswith("or Velta adding $3 million to its seed round.")
