"""Translations of the user-facing labels (English, French, Arabic) and locale-aware numbers.

The labels of the command line's reports and of the HTML report (:mod:`ssestrategy.report`)
go through gettext catalogues shipped with the package (``i18n/locale/<lang>/LC_MESSAGES/
ssestrategy.mo``, compiled from the ``.po`` sources with Babel: see ``docs/report.md``). Names
that come from a case (actors, poles, strategies) are never translated. The translations are a
first draft, to be reviewed (``docs/report.md`` says by whom).

Numbers are formatted by a small formatter of ours (no dependency): English ``1,234.5``;
French ``1 234,5`` (narrow no-break space, CLDR ``fr``); Arabic with the conventions of
Morocco (CLDR ``ar_MA``: Western digits, ``1.234,5``), as Moroccan administrations write them.

Examples
--------
>>> from ssestrategy.i18n import format_number, translator
>>> _ = translator("fr")
>>> _("strategy")
'stratégie'
>>> format_number(1234567.891, "fr", 1), format_number(1234567.891, "ar", 1)
('1\\u202f234\\u202f567,9', '1.234.567,9')
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from pathlib import Path

from .._options import Lang
from .._validate import check_choice

__all__ = [
    "LANGS",
    "Lang",
    "describe_counts",
    "direction",
    "format_money",
    "format_number",
    "format_percent",
    "translations",
    "translator",
]


LANGS: tuple[str, ...] = ("en", "fr", "ar")

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "ssestrategy"

# group and decimal separators: CLDR en, fr, ar_MA
_SEPARATORS = {"en": (",", "."), "fr": ("\u202f", ","), "ar": (".", ",")}


@functools.cache
def _translation(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])


def translations(lang: str = "en") -> gettext.NullTranslations:
    """The gettext catalogue of a language (for a template engine's gettext hooks).

    Examples
    --------
    >>> translations("fr").gettext("rank")
    'rang'
    """
    check_choice(lang, "lang", Lang, what="language")
    return _translation(lang)


def translator(lang: str = "en") -> Callable[[str], str]:
    """The ``gettext`` function of a language: English text in, translated text out.

    Parameters
    ----------
    lang : {'en', 'fr', 'ar'}

    Returns
    -------
    callable
        ``str -> str``; a text without translation is returned as it is.

    Raises
    ------
    ModelError
        For a language other than en, fr, ar.

    Examples
    --------
    >>> translator("ar")("strategy")
    'الاستراتيجية'
    >>> translator("en")("strategy")
    'strategy'
    """
    check_choice(lang, "lang", Lang, what="language")
    return _translation(lang).gettext


def direction(lang: str) -> str:
    """``"rtl"`` for Arabic, ``"ltr"`` otherwise.

    Examples
    --------
    >>> direction("ar"), direction("fr")
    ('rtl', 'ltr')
    """
    return "rtl" if lang == "ar" else "ltr"


def format_number(value: float, lang: str = "en", digits: int = 0) -> str:
    """A number with the group and decimal separators of a language.

    Parameters
    ----------
    value : float
    lang : {'en', 'fr', 'ar'}
    digits : int
        Digits after the decimal separator.

    Returns
    -------
    str
        ``nan`` and infinities as Python writes them.

    Examples
    --------
    >>> format_number(-1234.5, "en", 2), format_number(0.125, "fr", 3)
    ('-1,234.50', '0,125')
    """
    text = f"{value:,.{digits}f}"
    group, decimal = _SEPARATORS.get(lang, _SEPARATORS["en"])
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def format_percent(share: float, lang: str = "en", digits: int = 0) -> str:
    """A share in [0, 1] as a percentage (``"13 %"`` in French, ``"13%"`` otherwise).

    Examples
    --------
    >>> format_percent(0.125, "en", 1), format_percent(0.99, "fr")
    ('12.5%', '99\\xa0%')
    """
    number = format_number(100.0 * share, lang, digits)
    return f"{number}\u00a0%" if lang == "fr" else f"{number}%"


def format_money(value: float, lang: str = "en") -> str:
    """An amount in Moroccan dirham, rounded to the dirham: ``"MAD 17,536,625"``
    (``"17 536 625 MAD"`` in French and Arabic).

    Examples
    --------
    >>> format_money(17536625.4), format_money(17536625.4, "ar")
    ('MAD 17,536,625', '17.536.625\\xa0MAD')
    """
    number = format_number(value, lang, 0)
    return f"MAD {number}" if lang == "en" else f"{number}\u00a0MAD"


def describe_counts(counts: dict[str, int], lang: str = "en") -> str:
    """How many numbers of a case are sourced and assumed (:meth:`Case.count_values
    <ssestrategy.model.Case.count_values>`), in words, for every place a case is described.

    Examples
    --------
    >>> describe_counts({"sourced": 42, "assumed": 5320, "unlabelled": 0,
    ...                  "assumed_with_range": 64})
    'numbers: 42 sourced, 5,320 assumed (64 of them with a plausible range)'
    """
    _ = translator(lang)
    text = _("numbers: {sourced} sourced, {assumed} assumed").format(
        sourced=format_number(counts.get("sourced", 0), lang),
        assumed=format_number(counts.get("assumed", 0), lang),
    )
    if counts.get("assumed_with_range"):
        text += " " + _("({n} of them with a plausible range)").format(
            n=format_number(counts["assumed_with_range"], lang)
        )
    if counts.get("unlabelled"):
        text += ", " + _("{n} unlabelled").format(n=format_number(counts["unlabelled"], lang))
    return text


def N_(text: str) -> str:
    """Mark a text for the catalogues without translating it (it is translated where shown)."""
    return text


#: Words that reach the labels through a variable (factors, input kinds, constraint verdicts):
#: marked here so that the catalogues hold them.
TERMS: tuple[str, ...] = (
    N_("financing"),
    N_("networking"),
    N_("innovation"),
    N_("governance"),
    N_("parameters"),
    N_("design"),
    N_("decision"),
    N_("met"),
    N_("violated"),
    N_("undecided"),
    N_("capacities"),
    N_("ties"),
    N_("market"),
    N_("institutional"),
)
