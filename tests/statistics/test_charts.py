"""The bar chart of the statistics (templates/components/chart.html, issue #24 point 4), rendered in
both languages: one picture to assistive technology, named by its title and its one-sentence
summary; to the eye a bar for each shown figure, each labelled in words with its name and its figure,
so that colour tells nothing apart; a hidden figure draws no bar and says why; no script, and no
inline style, which the Content-Security-Policy would block."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string

from portal.security import CONTENT_SECURITY_POLICY
from tests.pagecheck import parse

LANGS = ["kk", "ru"]
BARS = {
    "kk": [("Алматы қаласы", 1240, "1 240"), ("Астана қаласы", 620, "620"),
           ("Ұлытау облысы, мүгедектігі бар адамдардың ұзын атауы бар аймағы", None, "10-нан аз"),
           ("Абай облысы", 0, "0")],
    "ru": [("город Алматы", 1240, "1 240"), ("город Астана", 620, "620"),
           ("Улытауская область, регион с длинным названием для лиц с инвалидностью", None, "менее 10"),
           ("область Абай", 0, "0")],
}
SUMMARY = {"kk": "Көмекші құралдарды ең көп күтетіндер Алматы қаласында: 1 240.",
           "ru": "Больше всего людей ждут средства реабилитации в городе Алматы: 1 240."}


def render(app, lang: str, bars, chart_id: str = "waiting-chart"):
    with app.test_request_context(f"/{lang}/"):
        html = render_template_string(
            '{% from "components/chart.html" import bar_chart %}'
            '<!DOCTYPE html><html lang="{{ lang }}"><title>t</title><main>'
            '{{ bar_chart(chart_id, title, summary, bars) }}</main>',
            lang=lang, chart_id=chart_id, title="Chart title " + lang, summary=SUMMARY[lang], bars=bars)
    return html, parse(html)


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def elements(tree, name: str) -> list:
    return [element for element in tree.iter() if isinstance(element.tag, str) and local(element.tag) == name]


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def by_id(tree, wanted: str):
    found = [element for element in tree.iter() if isinstance(element.tag, str) and element.get("id") == wanted]
    assert len(found) == 1, f"one element with id {wanted}"
    return found[0]


@pytest.mark.parametrize("lang", LANGS)
def test_the_chart_is_one_picture_named_by_its_title_and_summary(app, lang):
    _, tree = render(app, lang, BARS[lang])
    [figure] = elements(tree, "figure")
    pictures = [element for element in figure.iter() if isinstance(element.tag, str) and element.get("role") == "img"]
    assert len(pictures) == 1
    names = pictures[0].get("aria-labelledby").split()
    assert [text_of(by_id(tree, name)) for name in names] == ["Chart title " + lang, SUMMARY[lang]]
    [caption] = elements(figure, "figcaption")
    assert text_of(caption) == SUMMARY[lang], "the summary is also shown, as the figure's caption"


@pytest.mark.parametrize("lang", LANGS)
def test_every_label_and_figure_is_written_out_and_hidden_ones_draw_no_bar(app, lang):
    _, tree = render(app, lang, BARS[lang])
    [figure] = elements(tree, "figure")
    words = text_of(figure)
    for label, _, shown in BARS[lang]:
        assert label in words and shown in words
    # A bar for each figure shown above zero: none for the hidden one, none for zero.
    assert len(elements(figure, "rect")) == 2


def test_bars_are_as_long_as_their_figures(app):
    _, tree = render(app, "ru", [("a", 1000, "1000"), ("b", 500, "500"), ("c", 1, "1"), ("d", None, "менее 10")])
    widths = [float(svg.get("width").rstrip("%")) for svg in elements(tree, "svg")]
    assert len(widths) == 3
    assert widths[0] == pytest.approx(2 * widths[1], rel=0.01)
    assert widths[2] > 0, "the smallest figure still draws a bar that can be seen"
    assert max(widths) <= 100


def test_a_chart_of_hidden_figures_draws_no_bar_and_still_says_them(app):
    bars = [("a", None, "менее 10"), ("b", None, "не показано")]
    _, tree = render(app, "ru", bars)
    assert not elements(tree, "rect")
    words = text_of(elements(tree, "figure")[0])
    assert "менее 10" in words and "не показано" in words


def test_the_chart_has_no_script_and_no_inline_style(app):
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    html, tree = render(app, "kk", BARS["kk"])
    assert not elements(tree, "script")
    assert not [element for element in tree.iter() if isinstance(element.tag, str) and element.get("style")]
    assert not re.search(r"\son[a-z]+=", html), "no event handler attributes"
    for svg in elements(tree, "svg"):
        assert svg.get("aria-hidden") == "true" or svg.get("role") == "img"


def test_two_charts_on_a_page_have_ids_of_their_own(app):
    with app.test_request_context("/kk/"):
        html = render_template_string(
            '{% from "components/chart.html" import bar_chart %}'
            '<!DOCTYPE html><html lang="kk"><title>t</title><main>'
            '{{ bar_chart("one", "A", "S", bars) }}{{ bar_chart("two", "B", "T", bars) }}</main>', bars=BARS["kk"])
    ids = [element.get("id") for element in parse(html).iter() if isinstance(element.tag, str) and element.get("id")]
    assert len(ids) == len(set(ids)) >= 4
