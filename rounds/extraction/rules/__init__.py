"""The rule-based reader, stage by stage: sentences, mentions, frames, rounds, candidates.

``sentences`` splits the text; ``lexicon`` holds the words and patterns of funding news;
``orgs`` recognises organisation names, ``stages`` round types, ``money_roles`` what each
amount is and ``dates`` the days a sentence names; ``clauses`` finds subjects and objects;
``document`` is one article as the stages read it; ``frames`` reads one frame per financing
statement; ``grouping`` gathers frames into rounds across sentences; ``candidates`` turns
rounds into ``RoundCandidate``s with evidence; ``reader`` runs the stages in order.
"""
