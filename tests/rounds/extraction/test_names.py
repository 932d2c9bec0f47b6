from __future__ import annotations

import pytest

from rounds.extraction.names import normalize_name


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("Alibaba Group Holding Ltd.", "alibaba"),
        ("  Redwood   China ", "redwood china"),
        ("Zürich Ventures", "zurich ventures"),
        ("Tallow & Bird GmbH", "tallow and bird"),
        ("The Company", "the company"),
        ("Яндекс", "яндекс"),
        ("Сбер Венчурс", "сбер венчурс"),
        ("СБЕР ЛАБС ООО", "сбер лабс"),
        ("字节跳动", "字节跳动"),
        ("字节跳动有限公司", "字节跳动"),
        ("ガイア", "ガイア"),
        ("Ya\u200bndex", "yandex"),
        ("\u200b\u200d\ufeff", ""),
        ("㎒", "mhz"),
        ("Group Nine Media", "group nine media"),
        ("Quillmoss Robotics Inc.", "quillmoss robotics"),
    ],
)
def test_normalize_name(name, normalized):
    assert normalize_name(name) == normalized
