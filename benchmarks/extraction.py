"""``python -m benchmarks.extraction``: articles and megabytes per second on generated news.

The corpus is synthetic: invented companies and investors in varied funding-news phrasings,
padded with filler paragraphs, so that the figure does not depend on any stored article.
``--corpus DIR`` reads labelled articles instead (``*.json`` with ``text`` and optional
``published`` and ``title``, the evaluation's format), one pass in this fresh process as the
evaluation times them. Besides the wall-clock rate it prints the CPU time per article, which a
machine busy with other work changes much less, and the load average it ran under.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

from rounds.extraction import extract_rounds

_SYLLABLES = (
    "zor",
    "vex",
    "lum",
    "tra",
    "qui",
    "nov",
    "pel",
    "dax",
    "mir",
    "sol",
    "kin",
    "bra",
)
_KINDS = (
    "fintech",
    "robotics startup",
    "healthtech company",
    "logistics platform",
    "AI startup",
)
_CITIES = ("Lisbon", "Austin", "Nairobi", "Osaka", "Krakow", "Bogota")
_INVESTOR_TAILS = ("Ventures", "Capital", "Partners", "Growth", "Fund")
_STAGES = ("seed", "Series A", "Series B", "Series C", "pre-seed", "growth")
_AMOUNTS = (
    "$12 million",
    "€8.5m",
    "£3.5 million",
    "US$1.2bn",
    "Rs 150 crore",
    "50 million euros",
    "$600M",
)
_TEMPLATES = (
    "{company}, a {city}-based {kind}, has raised {amount} in a {stage} round led by {lead}, with participation from {p1} and {p2}.",
    "{city}-based {kind} {company} said on Tuesday it had closed a {amount} {stage} round. {lead} led the round.",
    "{lead} is leading a round of at least {amount} for {kind} {company} at a valuation of more than $2 billion, people familiar said.",
    "{company} is in talks to raise {amount} from investors including {p1}, according to a report.",
    "{company} secured {amount} in {stage} funding co-led by {lead} and {p1}. Existing investors {p2} also joined.",
)
# Filler mixes plain prose with the numbers and investor talk that surround real deals
_FILLER = (
    "The company plans to use the money to hire engineers and expand into new markets. "
    "Its founders previously worked at large technology groups and started the business three years ago. "
    "Last year it reported revenue of $4.2 million, up from $1.9 million, and it employs 85 people. "
    "Investors have grown more selective about valuations as the funding market cooled in 2023. "
    "Competition in the sector has intensified as customers look for cheaper options. "
)


def generate_corpus(count: int, seed: int = 7) -> list[str]:
    """``count`` synthetic funding articles with invented names."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(
            rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))
        ).capitalize()

    articles = []
    for _ in range(count):
        names = {
            "company": f"{word()}{rng.choice(('', ' Labs', ' AI', 'ly'))}",
            "lead": f"{word()} {rng.choice(_INVESTOR_TAILS)}",
            "p1": f"{word()} {rng.choice(_INVESTOR_TAILS)}",
            "p2": f"{word()} {rng.choice(_INVESTOR_TAILS)}",
            "city": rng.choice(_CITIES),
            "kind": rng.choice(_KINDS),
            "stage": rng.choice(_STAGES),
            "amount": rng.choice(_AMOUNTS),
        }
        body = rng.choice(_TEMPLATES).format(**names)
        paragraphs = [body] + [
            _FILLER * rng.randint(1, 2) for _ in range(rng.randint(2, 5))
        ]
        articles.append("\n\n".join(paragraphs))
    return articles


def read_corpus(directory: Path) -> list[tuple[str, datetime.date | None, str]]:
    """(text, published, title) of every ``*.json`` article in ``directory``, by file name."""
    articles = []
    for path in sorted(directory.glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        published = article.get("published")
        articles.append(
            (
                article["text"],
                datetime.date.fromisoformat(published) if published else None,
                article.get("title") or "",
            )
        )
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.extraction", description=__doc__
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument(
        "--corpus", type=Path, help="a directory of *.json articles instead"
    )
    args = parser.parse_args(argv)
    if args.corpus is not None:
        corpus = read_corpus(args.corpus)
        if not corpus:
            sys.stderr.write(f"no *.json articles in {args.corpus}\n")
            return 2
    else:
        published = datetime.date(2024, 3, 5)
        corpus = [(text, published, "") for text in generate_corpus(args.articles)]
    found = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for text, published, title in corpus:
        found += len(extract_rounds(text, published=published, title=title))
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    megabytes = sum(len(text.encode()) for text, _, _ in corpus) / 1e6
    load = os.getloadavg()[0]
    sys.stdout.write(
        f"{len(corpus)} articles, {megabytes:.2f} MB, {found} candidates in {seconds:.2f} s\n"
        f"{len(corpus) / seconds:,.0f} articles/s, {megabytes / seconds:.2f} MB/s (one process)\n"
        f"{cpu / len(corpus) * 1000:.2f} ms CPU per article; load average {load:.2f}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
