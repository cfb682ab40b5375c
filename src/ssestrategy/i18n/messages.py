"""Sentences that can be written in any language: a gettext message id with named placeholders
and the values to put in them, rendered on demand (:meth:`Message.render`).

The English text is the message id, so the English rendering is the sentence the code wrote
before the catalogues existed. Numbers are kept as numbers (:class:`Num`, :class:`Pct`) and
written with the separators of the language; names from a case are plain strings and are never
translated; words of the vocabulary (factors, verdicts) are :class:`Term`.

The messages are marked for ``pybabel extract`` with the keywords ``msg`` and ``nmsg:1,2``
(``docs/report.md``: how to update the catalogues).

Examples
--------
>>> from ssestrategy.i18n.messages import Num, msg, nmsg
>>> m = msg("{who} leads by {gap}", who="canadian-agency", gap=Num(1234.5, ",.1f"))
>>> m.render(), m.render("fr")
('canadian-agency leads by 1,234.5', 'canadian-agency leads by 1\\u202f234,5')
>>> nmsg("{n} pole", "{n} poles", 3).render()
'3 poles'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "Join",
    "Message",
    "Num",
    "NumText",
    "Pct",
    "Term",
    "join",
    "localize",
    "msg",
    "nmsg",
    "render",
]

# list and clause separators: the Arabic comma and semicolon in Arabic; a narrow no-break
# space before the semicolon in French
_COMMA = {"ar": "\u060c "}
_SEMICOLON = {"ar": "\u061b ", "fr": "\u202f; "}


def localize(text: str, lang: str = "en") -> str:
    """A number written the English way (``1,234.5``) with the separators of ``lang``.

    Examples
    --------
    >>> localize("-1,234.5", "fr"), localize("0.25", "ar"), localize("12", "fr")
    ('-1\\u202f234,5', '0,25', '12')
    """
    from . import _SEPARATORS

    group, decimal = _SEPARATORS.get(lang, _SEPARATORS["en"])
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


@attrs.frozen
class Num:
    """A number and its Python format spec (``".2f"``, ``",.3g"``, ``"+.3f"``), written with the
    separators of the language.

    Examples
    --------
    >>> Num(0.4996, ".4g").render("fr")
    '0,4996'
    """

    value: float
    spec: str = "g"

    def render(self, lang: str = "en") -> str:
        """The number in ``lang``."""
        return localize(format(self.value, self.spec), lang)


@attrs.frozen
class NumText:
    """A number already written the English way (``"0.4996"``, ``"1,234"``), written with the
    separators of the language.

    Examples
    --------
    >>> NumText("1,234").render("ar")
    '1.234'
    """

    text: str

    def render(self, lang: str = "en") -> str:
        """The number in ``lang``."""
        return localize(self.text, lang)


@attrs.frozen
class Pct:
    """A share in [0, 1] as a whole percentage (``13%``; ``13 %`` in French).

    Examples
    --------
    >>> Pct(0.125).render(), Pct(1.0).render("fr")
    ('12%', '100\\xa0%')
    """

    value: float

    def render(self, lang: str = "en") -> str:
        """The percentage in ``lang``."""
        from . import format_percent

        return format_percent(self.value, lang, 0)


@attrs.frozen
class Term:
    """A word of the vocabulary (a factor, a verdict), translated by the catalogue.

    Examples
    --------
    >>> Term("networking").render("fr")
    'réseautage'
    """

    word: str
    capital: bool = False
    """Capitalise the first letter (at the start of a sentence)."""

    def render(self, lang: str = "en") -> str:
        """The word in ``lang``."""
        from . import translations

        text = translations(lang).gettext(self.word)
        return text[:1].upper() + text[1:] if self.capital else text


@attrs.frozen
class Join:
    """Items joined by commas (``sep="comma"``) or semicolons (``sep="semicolon"``), with the
    punctuation of the language (Arabic comma and semicolon in Arabic).

    Examples
    --------
    >>> Join(("a", "b")).render("ar")
    'a\\u060c b'
    """

    items: tuple[Any, ...] = attrs.field(converter=tuple)
    sep: str = "comma"

    def render(self, lang: str = "en") -> str:
        """The items in ``lang``, each rendered."""
        table = _COMMA if self.sep == "comma" else _SEMICOLON
        glue = table.get(lang, ", " if self.sep == "comma" else "; ")
        return glue.join(render(item, lang) for item in self.items)


def render(value: Any, lang: str = "en") -> str:
    """A message's value in ``lang``: messages, numbers and terms rendered, strings kept.

    Examples
    --------
    >>> render(Num(0.5, ".2f"), "ar"), render("status-quo", "ar"), render(3, "fr")
    ('0,50', 'status-quo', '3')
    """
    if isinstance(value, Message | Num | NumText | Pct | Term | Join):
        return value.render(lang)
    return str(value)


def _params(value: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(value.items()))


@attrs.frozen
class Message:
    """A sentence with named placeholders, rendered in any language.

    Attributes
    ----------
    msgid : str
        The English text, with ``{name}`` placeholders: the catalogues' key.
    params : tuple of (str, object)
        The values of the placeholders (strings, numbers, :class:`Num`, :class:`Pct`,
        :class:`Term`, :class:`Join` or other messages).
    plural : str or None
        The English plural form, for a message whose wording depends on ``n``.
    n : int
        The count that chooses the plural form.

    Examples
    --------
    >>> m = Message("{a} and {b}", (("a", "x"), ("b", Num(0.5, ".1f"))))
    >>> m.render("ar"), str(m)
    ('x and 0,5', 'x and 0.5')
    """

    msgid: str
    params: tuple[tuple[str, Any], ...] = ()
    plural: str | None = None
    n: int = 1

    def render(self, lang: str = "en") -> str:
        """The sentence in ``lang`` (``en``, ``fr`` or ``ar``)."""
        from . import translations

        t = translations(lang)
        text = t.ngettext(self.msgid, self.plural, self.n) if self.plural else t.gettext(self.msgid)
        return text.format(**{k: render(v, lang) for k, v in self.params})

    def __str__(self) -> str:
        return self.render("en")

    def to_dict(self) -> dict[str, Any]:
        """The message id and its parameters as English text (JSON-ready)."""
        return {"msgid": self.msgid, "params": {k: render(v) for k, v in self.params}}


def msg(text: str, /, **params: Any) -> Message:
    """A :class:`Message` (``text`` is marked for the catalogues).

    Examples
    --------
    >>> msg("best in {share} of futures", share=Pct(0.5)).render("fr")
    'la meilleure dans 50\\xa0% des futurs'
    """
    return Message(text, _params(params))


def nmsg(singular: str, plural: str, n: int, /, **params: Any) -> Message:
    """A :class:`Message` whose wording depends on the count ``n`` (``ngettext``); ``n`` is also
    the placeholder ``{n}``.

    Examples
    --------
    >>> nmsg("{n} violated", "{n} violated", 1).render()
    '1 violated'
    """
    return Message(singular, _params({"n": n, **params}), plural=plural, n=int(n))


def join(items: Iterable[Any], sep: str = "comma") -> Join:
    """Shorthand for :class:`Join`."""
    return Join(tuple(items), sep)
