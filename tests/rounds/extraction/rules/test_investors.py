from __future__ import annotations

import pytest

from rounds.extraction.rules.investors import read_investors


def investors(sentence):
    leads, participants, _ = read_investors(sentence, 0, lambda: None)
    return [n for n, _, _ in leads], [n for n, _, _ in participants]


def test_joined_by_lists_participants_after_the_lead():
    assert investors(
        "Vantora raised $300 million in a Series C round led by Halden Holdings, "
        "and joined by Mira Solberg’s Brekke Investment Management group, Ostara and others."
    ) == (["Halden Holdings"], ["Brekke Investment Management", "Ostara"])


def test_the_investor_who_pours_money_into_a_company_participates():
    assert investors("Halden Capital poured $250 million into Vantora.") == (
        [],
        ["Halden Capital"],
    )


def test_with_others_also_taking_part_lists_participants():
    assert investors(
        "Halden Capital and Ostara led the Series F round, with Brekke Global, "
        "Quill Catalyst, Index Pines, and Arden Partners also taking part."
    ) == (
        ["Halden Capital", "Ostara"],
        ["Brekke Global", "Quill Catalyst", "Index Pines", "Arden Partners"],
    )


def test_the_other_participants_were_lists_participants():
    assert investors(
        "The other participants were Ostara Life Sciences Capital and Brekke University Partners."
    ) == ([], ["Ostara Life Sciences Capital", "Brekke University Partners"])


def test_a_list_is_not_cut_at_along_with():
    assert investors(
        "Ostara Capital, along with existing investors Brekke and e-commerce baby products "
        "company TinyCart also participated in the funding round."
    ) == ([], ["Ostara Capital", "Brekke", "TinyCart"])


def test_a_list_is_not_cut_at_as_well_as_and_its_description_is_no_name():
    assert investors(
        "An investment cooperative comprising Halden and Ostara Asset as well as venture "
        "capital Yellow Pines and Brekke Holdings participated in the funding."
    ) == ([], ["Halden", "Ostara Asset", "Yellow Pines", "Brekke Holdings"])


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        (
            "Vantora raised $10m from Orbit Capital and Incubator Group (OCIG) and Lumen.",
            ["Orbit Capital and Incubator Group", "Lumen"],
        ),
        (
            "Vantora raised $10m from State Growth and Investment, Halden Capital and an "
            "investment unit owned by Ostara Group.",
            ["State Growth and Investment", "Halden Capital", "Ostara Group"],
        ),
    ],
)
def test_and_inside_a_name_does_not_split_it(sentence, names):
    assert investors(sentence) == ([], names)


def test_investors_of_the_round_including_lists_participants():
    assert investors(
        "Other investors of the C plus round are also from state-backed institutions, "
        "including Ostara Jia Cheng Investment Management Company and Brekke Capital."
    ) == ([], ["Ostara Jia Cheng Investment Management Company", "Brekke Capital"])


def test_an_investor_named_before_which_agreed_to_invest():
    assert investors(
        "Halden Capital agreed to pump in 200 million yuan while Ostara Partners, which agreed "
        "to invest 50 million yuan, joined later."
    )[1][:2] == ["Halden Capital", "Ostara Partners"]


def test_a_demonym_that_begins_an_institutions_name_is_kept():
    assert investors(
        "Vantora received an angel round of 10 million yuan from the Chinese Academy of Sciences."
    ) == ([], ["Chinese Academy of Sciences"])


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        (
            "Rounding out the syndicate was the Halden Fund and a group coordinated by Ostara SIM.",
            ["Halden Fund", "Ostara SIM"],
        ),
        (
            "L'opération a été menée avec l'appui de Halden, ainsi qu'avec la société "
            "d'investissement Ostara et la société d'ingénierie Brekke.",
            ["Halden", "Ostara", "Brekke"],
        ),
    ],
    ids=["rounding-out", "avec-l-appui"],
)
def test_more_ways_of_naming_participants(sentence, names):
    assert investors(sentence) == ([], names)


def test_german_federfuehrend_names_the_leads_after_the_verb():
    assert investors(
        "Federführend investiert haben die finnische Nordlicht Partners und die "
        "kalifornische Redwood Capital."
    ) == (["Nordlicht Partners", "Redwood Capital"], [])


@pytest.mark.parametrize(
    "sentence",
    [
        "Ebenso ziehen bestehende Investoren wie der Start-up-Finanzierer Alpenfonds, "
        "Bergwerk Partners oder Eisen Ventures mit.",
        "Eine Gruppe neuer Geldgeber – Alpenfonds, Bergwerk Partners und Eisen Ventures – "
        "sind ebenfalls mit an Bord.",
    ],
)
def test_german_investors_such_as_and_in_dashes_participate(sentence):
    assert investors(sentence) == (
        [],
        ["Alpenfonds", "Bergwerk Partners", "Eisen Ventures"],
    )
