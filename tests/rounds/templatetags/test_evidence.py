"""The evidence of a proposal marked in its article, and quoted from a source."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import Context, Template

from rounds.templatetags.evidence import SENTENCE_LIMIT, citations, quotes, sentence


def render_marked(text, evidence):
    template = Template("{% load evidence %}{% marked_article text evidence %}")
    return template.render(Context({"text": text, "evidence": evidence}))


def test_marked_article_escapes_the_text_and_marks_each_span():
    text = "A <b>raises</b> $5M from B & C."
    evidence = [
        {"field": "company", "start": 0, "end": 1},
        {"field": "amount", "start": 16, "end": 19},
    ]

    html = render_marked(text, evidence)

    assert html == (
        '<mark class="evidence f-company" data-spans="0" title="Company">A</mark>'
        " &lt;b&gt;raises&lt;/b&gt; "
        '<mark class="evidence f-amount" data-spans="1" title="Amount">$5M</mark>'
        " from B &amp; C."
    )


def test_marked_article_cuts_overlapping_spans_and_ignores_bad_offsets():
    text = "Alibaba Group leads"
    evidence = [
        {"field": "lead_investors", "start": 0, "end": 13},
        {"field": "company", "start": 8, "end": 19},
        {"field": "amount", "start": 15, "end": 99},
    ]

    html = render_marked(text, evidence)

    assert html == (
        '<mark class="evidence f-lead_investors" data-spans="0" title="Lead">Alibaba </mark>'
        '<mark class="evidence f-company f-lead_investors" data-spans="0 1" '
        'title="Company, Lead">Group</mark>'
        '<mark class="evidence f-company" data-spans="1" title="Company"> leads</mark>'
    )


def test_quotes_give_the_words_around_each_span_and_skip_bad_ones():
    text = (
        "Earlier news. Acme raised $5M in a seed round led by Brightwater. More text."
    )
    evidence = [
        {"field": "amount", "start": 26, "end": 29},
        {"field": "lead_investors", "start": 53, "end": 9999},
        {"start": "x"},
    ]

    [quote] = quotes(text, evidence)

    assert (quote.field, quote.marked) == ("amount", "$5M")
    assert quote.before.endswith("Acme raised ") and quote.after.startswith(
        " in a seed"
    )


def test_sentence_is_the_whole_sentence_around_a_span():
    text = "Первое. Зорвекс raised $5.5 million from 青山. Later news.\nNext line."

    quote = sentence(text, "amount", 23, 35)

    assert (quote.before, quote.marked, quote.after) == (
        "Зорвекс raised ",
        "$5.5 million",
        " from 青山.",
    )


def test_sentence_stops_at_cjk_punctuation_and_at_the_limit():
    text = "字节跳动完成融资。红杉领投了本轮。" + "x" * 1000

    cjk = sentence(text, "lead_investors", 9, 11)
    long = sentence(text, "amount", 600, 601)

    assert (cjk.before, cjk.marked, cjk.after) == ("", "红杉", "领投了本轮。")
    assert len(long.before) == len(long.after) == SENTENCE_LIMIT


def test_citations_gather_each_fields_sentences_across_sources():
    first = SimpleNamespace(
        article=SimpleNamespace(text="Acme raised $5M. Beta led."),
        evidence=[
            {"field": "amount", "start": 12, "end": 15},
            {"field": "lead_investors", "start": 17, "end": 21},
            {"field": "amount", "start": 90, "end": 99},  # outside the text: ignored
        ],
    )
    second = SimpleNamespace(
        article=SimpleNamespace(text="Acme got $5M."),
        evidence=[{"field": "amount", "start": 9, "end": 12}],
    )

    cited = citations([first, second])

    assert {field: [c.quote.marked for c in cs] for field, cs in cited.items()} == {
        "amount": ["$5M", "$5M"],
        "lead_investors": ["Beta"],
    }
    assert [c.article for c in cited["amount"]] == [first.article, second.article]
