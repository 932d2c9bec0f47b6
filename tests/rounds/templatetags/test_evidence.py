"""The evidence of a proposal marked in its article, and quoted from a source."""

from __future__ import annotations

from django.template import Context, Template

from rounds.templatetags.evidence import quotes


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
