"""The label catalogues (en, fr, ar) and the locale number formatter."""

from __future__ import annotations

import io
import re
import string
from pathlib import Path
from typing import Any

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

#: The keywords that mark texts for the catalogues (babel's defaults, and the messages').
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "msg": None, "nmsg": (1, 2)}


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    """The catalogue key of a message: its (singular) English text."""
    return msgid if isinstance(msgid, str) else msgid[0]


def _forms(msgstr: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (msgstr,) if isinstance(msgstr, str) else tuple(msgstr)


def _catalogue(lang: str) -> Any:
    from babel.messages.pofile import read_po

    with open(Path(LOCALE_DIR) / lang / "LC_MESSAGES" / "ssestrategy.po", "rb") as f:
        return read_po(f, locale=lang)


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
    source = {_key(m.id): _forms(m.string) for m in po if m.id}
    compiled = {_key(m.id): _forms(m.string) for m in mo if m.id}
    assert compiled == source
    assert all(all(forms) for forms in source.values()), "every label has a draft translation"


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
    extracted = extract_from_dir(str(root), method_map, options_map=options, keywords=KEYWORDS)
    marked = {_key(m[2]) for m in extracted if m[2]}
    assert set(TERMS) <= marked
    assert "{strategy} ranks {rank}" in marked and "{n} violated" in marked  # msg and nmsg
    for lang in ("fr", "ar"):
        with open(Path(LOCALE_DIR) / lang / "LC_MESSAGES" / "ssestrategy.po", "rb") as f:
            ids = {_key(m.id) for m in read_po(f) if m.id}
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


def _placeholders(text: str) -> set[str]:
    """The named placeholders of a text: ``{name}`` (str.format) and ``%(name)s``."""
    braces = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return braces | set(re.findall(r"%\((\w+)\)", text))


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_translations_keep_the_placeholders_of_their_message(lang: str) -> None:
    """A translation names exactly the placeholders of its English text: none lost (a number
    missing from the sentence), none invented (a KeyError at rendering)."""
    catalogue = _catalogue(lang)
    checked = 0
    for m in catalogue:
        if not m.id:
            continue
        ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
        expected = set().union(*(_placeholders(i) for i in ids))
        for form in _forms(m.string):
            assert _placeholders(form) == expected, (lang, _key(m.id), form)
        checked += bool(expected)
    assert checked > 50  # the sentences, not only the labels


def test_placeholder_check_catches_a_lost_or_renamed_placeholder() -> None:
    assert _placeholders("{a} leads {b} by %(gap)s") == {"a", "b", "gap"}
    assert _placeholders("{a} devance {c}") != _placeholders("{a} leads {b}")


def test_arabic_plural_forms_follow_the_count() -> None:
    """Arabic has six plural forms (0, 1, 2, 3-10, 11-99, 100 and more): the catalogue's
    Plural-Forms chooses them and the constraint cell uses each."""
    from ssestrategy.decision.wording import constraints_cell

    cells = {n: constraints_cell(n, 0, "ar") for n in (0, 1, 2, 3, 11, 100)}
    assert cells[0] == "كلها محترمة"  # nothing violated: "all met"
    assert cells[1] == "1 قيد مخروق"
    assert cells[2] == "2 قيدان مخروقان"
    assert cells[3] == "3 قيود مخروقة"
    assert cells[11] == "11 قيدا مخروقا"
    assert cells[100] == "100 قيد مخروق"
    from ssestrategy.i18n.messages import nmsg

    zero = nmsg("{n} violated", "{n} violated", 0).render("ar")
    assert zero == "0 قيود مخروقة"
    assert len({nmsg("{n} violated", "{n} violated", n).render("ar")[-8:] for n in cells}) == 4


def test_french_plural_forms_and_english_unchanged() -> None:
    from ssestrategy.decision.wording import constraints_cell

    assert [constraints_cell(n, 0, "fr") for n in (1, 2)] == ["1 violée", "2 violées"]
    assert constraints_cell(0, 1, "fr") == "aucune violée, 1 indécise"
    assert constraints_cell(0, 3, "fr") == "aucune violée, 3 indécises"
    assert [constraints_cell(n, 0) for n in (1, 3)] == ["1 violated", "3 violated"]


def test_messages_write_numbers_the_way_of_the_language() -> None:
    from ssestrategy.i18n.messages import Join, Num, NumText, Pct, Term, msg

    m = msg(
        "{who}: {x} of {share}; {items}; {word}",
        who="canadian-agency",
        x=Num(1234.5, ",.1f"),
        share=Pct(0.5),
        items=Join((NumText("0.4996"), "a-b")),
        word=Term("violated"),
    )
    assert m.render() == "canadian-agency: 1,234.5 of 50%; 0.4996, a-b; violated"
    assert m.render("fr") == "canadian-agency: 1\u202f234,5 of 50\u00a0%; 0,4996, a-b; violée"
    assert m.render("ar") == "canadian-agency: 1.234,5 of 50%; 0,4996\u060c a-b; مخروق"
    assert str(m) == m.render("en")
