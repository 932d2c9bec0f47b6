"""``python -m rounds.extraction FILE...``: print each file's round candidates as JSON."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from rounds.extraction import extract_rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rounds.extraction", description=__doc__
    )
    parser.add_argument(
        "files", nargs="+", type=Path, help="text files (or '-' for stdin)"
    )
    parser.add_argument(
        "--published", type=datetime.date.fromisoformat, help="article date, YYYY-MM-DD"
    )
    args = parser.parse_args(argv)
    output = []
    for path in args.files:
        text = (
            sys.stdin.read()
            if str(path) == "-"
            else path.read_text(encoding="utf-8", errors="replace")
        )
        candidates = extract_rounds(text, published=args.published)
        output.append(
            {
                "file": str(path),
                "candidates": [c.to_json() for c in candidates],
            }
        )
    json.dump(output, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
