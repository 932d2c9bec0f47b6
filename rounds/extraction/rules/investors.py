"""Investors in a statement: its lead investors and its participants, from the ways news names them."""

from __future__ import annotations

import re
from collections.abc import Callable

from rounds.extraction.rules import clauses, lexicon
from rounds.extraction.rules.orgs import (
    Name,
    is_valid_name,
    name_in_phrase,
    unique_names,
)

_RELATIVE_INVESTOR_RE = re.compile(r",\s*(?:which|who)\s+(?:also\s+)?$")
_PRONOUN_END_RE = re.compile(r"\b(?:it|they|which|who)\s*$", re.IGNORECASE)


def read_investors(
    sentence: str, start: int, previous_subject: Callable[[], Name | None]
) -> tuple[list[Name], list[Name], dict[int, str]]:
    """The lead investors and participants a statement names, at their places in the text
    (``start`` is the statement's offset), and the other companies some participants are
    said to invest in (participant start -> company). ``previous_subject`` gives the name
    "it" stands for in "it led the round".

    >>> leads, participants, _ = read_investors(
    ...     "Acme raised $5m in a round led by Foo Capital, with Bar Ventures joining.", 0, lambda: None
    ... )
    >>> [n for n, _, _ in leads], [n for n, _, _ in participants]
    (['Foo Capital'], ['Bar Ventures'])
    """
    if not lexicon.INVESTOR_CONTEXT_RE.search(sentence):
        return [], [], {}
    leads: list[Name] = []
    participants: list[Name] = []
    targets: dict[int, str] = {}
    lowered = sentence.lower()
    for match in clauses.iter_if(
        "by " in lowered
        or "von " in lowered
        or "par " in lowered
        or "por " in lowered
        or "pel" in lowered
        or "federf" in lowered,
        lexicon.LEAD_BY_RE,
        sentence,
    ):
        leads += clauses.shifted_list(sentence, match.end())
    for match in clauses.iter_if(
        "le" in lowered
        or "spearhead" in lowered
        or "anchor" in lowered
        or "exclusive" in lowered,
        lexicon.LEAD_SUBJECT_RE,
        sentence,
    ):
        left = clauses.clause_before(sentence, match.start())
        if re.search(r"\b(?:it|they)\s*$", left, re.IGNORECASE):
            previous = previous_subject()
            if previous is not None:
                leads.append((previous[0], previous[1] - start, previous[2] - start))
            continue
        if lexicon.RELATIVE_ADVERB_END_RE.search(left):
            continue
        leads += clauses.shifted_list(
            sentence, match.start() - len(left), limit=len(left)
        )
    for match in clauses.iter_if("lead" in lowered, lexicon.LEAD_INVESTOR_RE, sentence):
        leads += clauses.shifted_list(sentence, match.end())[:1]
    for match in clauses.iter_if("lead" in lowered, lexicon.LEAD_AFTER_RE, sentence):
        left = clauses.clause_before(sentence, match.start())
        found = name_in_phrase(left)
        if found:
            offset = match.start() - len(left)
            leads.append((found[0], found[1] + offset, found[2] + offset))
    for match in clauses.iter_if(
        "angeführt" in lowered, lexicon.GERMAN_LEAD_RE, sentence
    ):
        group = 1 if match.group(1) else 2
        found = name_in_phrase(match.group(group))
        if found:
            offset = match.start(group)
            leads.append((found[0], found[1] + offset, found[2] + offset))
    for match in clauses.iter_if("co-led" in lowered, lexicon.CO_LED_WITH_RE, sentence):
        # "A co-led the round with B": B leads too
        leads += clauses.shifted_list(sentence, match.end())
    for match in clauses.iter_if("-led" in lowered, lexicon.LED_SUFFIX_RE, sentence):
        if is_valid_name(match.group(1)):
            leads.append((match.group(1), match.start(1), match.end(1)))
    if lexicon.IN_TALKS_RE.search(sentence) is None:
        for match in clauses.iter_if(
            ", with " in lowered, lexicon.LED_BY_WITH_RE, sentence
        ):
            participants += clauses.shifted_list(sentence, match.end())
        for match in lexicon.PARTICIPATION_RE.finditer(sentence):
            participants += clauses.shifted_list(sentence, match.end())
        for match in clauses.iter_if(
            "with " in lowered and "ing" in lowered,
            lexicon.WITH_PARTICIPATING_RE,
            sentence,
        ):
            participants += clauses.shifted_list(
                sentence, match.start(1), limit=len(match.group(1))
            )
        for match in lexicon.PARTICIPATE_SUBJECT_RE.finditer(sentence):
            left = clauses.clause_before(sentence, match.start())
            relative = _RELATIVE_INVESTOR_RE.search(left)
            if relative is not None:
                # "Foo, which agreed to invest $5m, ...": Foo invests
                found = clauses.antecedent(left[: relative.start()])
                if found is not None:
                    offset = match.start() - len(left)
                    participants.append(
                        (found[0], found[1] + offset, found[2] + offset)
                    )
                continue
            if _PRONOUN_END_RE.search(left):
                continue
            named = clauses.shifted_list(
                sentence, match.start() - len(left), limit=len(left)
            )
            target = lexicon.INVESTED_IN_RE.match(sentence, match.end())
            if target is not None and is_valid_name(target.group(1)):
                # "A and B have invested in Parentco": investors of another company
                for name in named:
                    targets[name[1] + start] = target.group(1)
            participants += named
        raise_verbs = lexicon.raise_verbs(sentence)
        if raise_verbs:
            # "raised $5 million in seed funding from A and B": close to the verb
            verb_end = raise_verbs[0][1]
            for match in lexicon.FROM_RE.finditer(sentence, verb_end, verb_end + 90):
                participants += clauses.shifted_list(sentence, match.end())
                break
    if lexicon.SPECULATIVE_RE.search(sentence):
        leads = []
    return (
        clauses.shift_names(unique_names(leads), start),
        clauses.shift_names(unique_names(participants), start),
        targets,
    )
