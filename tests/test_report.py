"""The shareable report (content, languages) and the wording of the compare report."""

from __future__ import annotations

import re

import pytest

import ssestrategy as sse
from ssestrategy.i18n import format_money

pytest.importorskip("jinja2")
pytest.importorskip("matplotlib")

from ssestrategy.report import Report, build_report


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(sse.datasets.tiznit(), n_scenarios=24, rng=3, drivers=False)


def test_report_content_follows_the_case(report: Report) -> None:
    case = report.case
    counts = case.count_values()
    assert report.counts == counts
    assert len(report.assumptions) == counts["assumed_with_range"]
    groups = report.findings_by_basis()
    assert sum(len(v) for v in groups.values()) == len(report.diagnosis.findings)
    assert all(f.basis == b for b, fs in groups.items() for f in fs)
    with pytest.raises(sse.errors.ModelError, match="case"):
        Report(case="x", diagnosis=report.diagnosis, comparison=report.comparison)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_html_page(report: Report, lang: str) -> None:
    page = report.to_html(lang=lang)
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page)  # nothing fetched
    assert "@import" not in page
    assert page.count("<svg") == 2  # poles, ranking (drivers off)
    assert "Noto Naskh Arabic" in page
    # every money figure has its unit, formatted per locale
    for m in report.comparison.money().values():
        assert format_money(m["spend"], lang).replace("\u00a0", "&nbsp;") in page or (
            format_money(m["spend"], lang) in page
        )
    # names from the case pass through untouched
    for s in report.comparison.ranking.order:
        assert f"<bdi>{s}</bdi>" in page
    assert report.case.territory.poles[0].name in page


def test_report_labels_are_translated(report: Report) -> None:
    fr, ar = report.to_html(lang="fr"), report.to_html(lang="ar")
    assert "Comparaison des stratégies" in fr and "Comparison of the strategies" not in fr
    assert "مقارنة الاستراتيجيات" in ar and "Comparison of the strategies" not in ar


def test_drivers_section_with_sensitivity() -> None:
    rep = build_report(sse.datasets.tiznit(), n_scenarios=16, rng=0, n_drivers=3)
    assert rep.drivers is not None
    page = rep.to_html()
    assert page.count("<svg") == 3
    top = rep.drivers.drivers()[:3]
    assert all(f"<bdi>{t['name']}</bdi>" in page for t in top)
    assert rep._repr_html_().startswith("\n<main") or "<main" in rep._repr_html_()


def test_compare_report_wording() -> None:
    cmp = sse.compare(sse.datasets.tiznit(), n_scenarios=24, rng=0)
    text = cmp.format_report()
    counts = cmp.case.count_values()
    assert f"{counts['sourced']} sourced, {counts['assumed']:,} assumed" in text
    # one vocabulary: met / violated / undecided
    for old in ("satisfied", "feasible", "infeasible", "fails "):
        assert old not in text, old
    assert "Order: strategies that violate no constraint first" in text
    assert text.count("docs/glossary.md") >= 3
    # every money amount carries its unit
    money_lines = [ln for ln in text.splitlines() if re.search(r"\d{1,3}(,\d{3}){2,}", ln)]
    assert money_lines and all("MAD" in ln for ln in money_lines)
    fr = cmp.format_report(lang="fr")
    assert "contraintes violées" in fr and "rang" in fr
    assert cmp.ranking.order[0] in fr  # ids are not translated


def test_cli_report(tmp_path: object) -> None:
    import io
    from pathlib import Path

    from ssestrategy.cli import main

    out = Path(str(tmp_path)) / "r.html"
    code = main(["report", "--out", str(out), "--scenarios", "16", "--lang", "fr"], io.StringIO())
    assert code == 0
    assert '<html lang="fr" dir="ltr">' in out.read_text(encoding="utf-8")
    assert main(["report", "--out", str(out.with_suffix(".txt"))], io.StringIO()) == 2


#: Fragments of the English sentences of the reports (templates of ssestrategy.i18n messages).
ENGLISH_SENTENCES = (
    " ranks 1;",
    " ranks ahead of ",
    " on the mean composite",
    "the other criteria give",
    "best in 100% of futures",
    "best on every criterion",
    "neither best nor last",
    " vs required ",
    "Design: only",
    " buys ",
    " is the most successful pole",
    " is held back by ",
    " is the weakest factor in ",
    "rests on ",
)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_compare_report_has_no_english_sentence(report: Report, lang: str) -> None:
    """The sentences of the compare report are translated; the names of the case are not."""
    cmp = report.comparison
    english = cmp.format_report()
    text = cmp.format_report(lang=lang)
    present = [s for s in ENGLISH_SENTENCES if s in english]
    assert len(present) >= 5  # the fragments are real: the English report has them
    assert [s for s in present if s in text] == []
    for sid in cmp.ranking.strategies:
        assert sid in text
    best = cmp.ranking.best
    word = {"fr": " est classée 1", "ar": " في الرتبة 1"}[lang]
    assert best + word in text


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_html_prose_is_in_the_language(report: Report, lang: str) -> None:
    """Findings and the leader's sentence in the page's language: no part marked English."""
    from markupsafe import escape

    page = report.to_html(lang=lang)
    assert 'lang="en"' not in page
    findings = report.diagnosis.findings
    assert findings and all(escape(f.render(lang)) in page for f in findings)
    assert not any(escape(f.text) in page for f in findings if f.render(lang) != f.text)
    assert escape(report.comparison.lead().describe(width=None, lang=lang)) in page


def test_english_sentences_are_unchanged_by_the_catalogues(report: Report) -> None:
    """The English rendering of every message is the text the code wrote before (the attribute
    kept for it), so English reports and tests that quote them stay as they were."""
    r = report.comparison.ranking
    assert [r.explanation(s) for s in r.strategies] == list(r.explanations)
    assert all(f.render() == f.render("en") == f.text for f in report.diagnosis.findings)
    ld = report.comparison.lead()
    assert ld.describe(lang="en") == ld.describe()
    with pytest.raises(sse.errors.ModelError, match="strategy"):
        r.explanation("nowhere")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_diagnosis_text_report_in_the_language(report: Report, lang: str) -> None:
    """Headings, table headers and findings of ``ssestrategy diagnose --lang``."""
    d = report.diagnosis
    english, text = d.format_report(), d.format_report(lang=lang)
    assert english == d.format_report(lang="en")
    for heading in ("Key actors", "Poles", "Assets", "Weaknesses", "Opportunities"):
        assert f"\n{heading}\n" in english and f"\n{heading}\n" not in text
    assert all(f.render(lang) in text for f in d.findings)
    assert not any(f.text in text for f in d.findings)
    assert {"fr": "Diagnostic de ", "ar": "تشخيص "}[lang] + d.territory in text
