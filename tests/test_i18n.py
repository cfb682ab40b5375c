"""The label catalogues (en, fr, ar) and the locale number formatter."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssestrategy.errors import ModelError
from ssestrategy.i18n import (
    LANGS,
    LOCALE_DIR,
    TERMS,
    describe_counts,
    format_money,
    format_number,
    translator,
)

babel = pytest.importorskip("babel")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_compiled_catalogue_is_up_to_date(lang: str) -> None:
    """The shipped .mo is what Babel compiles from the .po source (run pybabel compile)."""
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    folder = Path(LOCALE_DIR) / lang / "LC_MESSAGES"
    with open(folder / "ssestrategy.po", "rb") as f:
        po = read_po(f, locale=lang)
    with open(folder / "ssestrategy.mo", "rb") as f:
        mo = read_mo(f)
    source = {m.id: m.string for m in po if m.id}
    compiled = {m.id: m.string for m in mo if m.id}
    assert compiled == source
    assert all(source.values()), "every label has a draft translation"


def test_every_extracted_label_is_in_the_catalogues() -> None:
    """The .po files hold every label the code and templates mark (pybabel extract)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parent.parent
    method_map = [
        ("src/ssestrategy/**.py", "python"),
        ("src/ssestrategy/report/templates/**.j2", "jinja2"),
    ]
    options = {"src/ssestrategy/report/templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
    marked = {m[2] for m in extract_from_dir(str(root), method_map, options_map=options) if m[2]}
    assert set(TERMS) <= marked
    for lang in ("fr", "ar"):
        with open(Path(LOCALE_DIR) / lang / "LC_MESSAGES" / "ssestrategy.po", "rb") as f:
            ids = {m.id for m in read_po(f) if m.id}
        assert marked - ids == set(), lang


def test_translator_translates_and_passes_unknown_text_through() -> None:
    assert translator("fr")("violated constraints") == "contraintes violées"
    assert translator("ar")("rank") == "الرتبة"
    assert translator("fr")("Coopérative Tafraout") == "Coopérative Tafraout"
    assert translator("en")("rank") == "rank"
    with pytest.raises(ModelError, match="lang"):
        translator("de")


@given(st.floats(-1e12, 1e12, allow_nan=False), st.integers(0, 4))
def test_format_number_agrees_with_babel(x: float, digits: int) -> None:
    """Our formatter writes what CLDR says for en, fr and ar_MA (Arabic as in Morocco)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    for lang, locale in (("en", "en"), ("fr", "fr"), ("ar", "ar_MA")):
        ours = format_number(x, lang, digits)
        # babel rounds half-even on the decimal value; compare on values Python rounds alike
        expected = format_decimal(float(f"{x:.{digits}f}"), pattern, locale=locale)
        expected = expected.replace("\u200e", "").replace("\u061c", "")
        assert ours.lstrip("-") == expected.lstrip("-\u2212")


def test_money_and_counts() -> None:
    assert format_money(1234567.6) == "MAD 1,234,568"
    assert format_money(1234567.6, "fr") == "1\u202f234\u202f568\u00a0MAD"
    counts = {"sourced": 42, "assumed": 5320, "unlabelled": 1, "assumed_with_range": 0}
    assert describe_counts(counts) == "numbers: 42 sourced, 5,320 assumed, 1 unlabelled"
    assert describe_counts(counts, "fr").startswith("nombres : 42 sourcés, 5\u202f320 supposés")
    assert sorted(LANGS) == ["ar", "en", "fr"]


def test_mo_is_readable_by_gettext() -> None:
    import gettext

    with open(Path(LOCALE_DIR) / "ar" / "LC_MESSAGES" / "ssestrategy.mo", "rb") as f:
        t = gettext.GNUTranslations(io.BytesIO(f.read()))
    assert t.gettext("met") == "محترم"
