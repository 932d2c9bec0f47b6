from __future__ import annotations

import json

from rounds.extraction.__main__ import main


def test_main_prints_candidates_of_each_file_as_json(tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text(
        "Quillpay has raised $12 million in a Series A round led by Northgate Ventures."
    )

    assert main([str(article), "--published", "2024-03-06"]) == 0

    output = json.loads(capsys.readouterr().out)
    assert [
        (c["company"], c["amount"], c["round_type"], c["date"])
        for c in output[0]["candidates"]
    ] == [("Quillpay", "12000000", "series_a", "2024-03-06")]
