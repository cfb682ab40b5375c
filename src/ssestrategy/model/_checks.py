"""attrs validators that raise :class:`~ssestrategy.errors.ModelError` with the field's path.

Internal: the domain types use them so that every bad value is reported with its field name;
the file loader then prefixes the record's path (``actors[12].``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

import attrs

from ..errors import ModelError

E = TypeVar("E", bound=Enum)

_ID_SIGNS = frozenset("_.:-")
_ASCII_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*")
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters no text field may hold: control characters but tab, line feed and carriage return
(C0, DEL, C1), lone surrogates and the non-characters U+FFFE and U+FFFF. None of them can be
written to XML (GraphML, GEXF) or shown in a report."""

_MAX_INT = 2**53

ID_RULE = (
    "use letters (of any script), digits and _ . : -, starting with a letter or digit "
    "(no spaces or other signs)"
)
"""How an id is written, as the error message and the JSON Schema describe it."""


def is_identifier(value: str) -> bool:
    r"""Whether ``value`` is a valid id: a letter or digit of any script, then letters, combining
    marks, digits and ``_ . : -``.

    Examples
    --------
    >>> is_identifier("coop-17"), is_identifier("تعاونية-1"), is_identifier("ⵜⵉⵣⵏⵉⵜ")
    (True, True, True)
    >>> is_identifier("-x"), is_identifier("a b"), is_identifier("a\n"), is_identifier("")
    (False, False, False, False)
    """
    if _ASCII_ID.fullmatch(value):
        return True
    if not value or unicodedata.category(value[0])[0] not in "LN":
        return False
    return all(ch in _ID_SIGNS or unicodedata.category(ch)[0] in "LMN" for ch in value[1:])


def bad_character(value: str) -> str | None:
    r"""The first character of ``value`` that no text field may hold, described; else None.

    Examples
    --------
    >>> bad_character("Coopérative\tTifawin\n") is None
    True
    >>> bad_character("A\x01B")
    "control character '\\x01' at position 1"
    """
    m = _BAD_TEXT.search(value)
    if m is None:
        return None
    ch = m.group()
    what = "lone surrogate" if "\ud800" <= ch <= "\udfff" else "control character"
    if ch in "\ufffe\uffff":
        what = "non-character"
    return f"{what} {ch!r} at position {m.start()}"


def check_text(path: str, value: str) -> None:
    """Raise ModelError at ``path`` if ``value`` holds a character no text field may hold."""
    bad = bad_character(value)
    if bad is not None:
        raise ModelError.at(
            path, f"{bad} (text may hold tabs and line breaks, no other control character)"
        )


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {value!r}"
    return f"{type(value).__name__} {value!r}"


def is_number(value: Any) -> bool:
    """True for an int or float (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def to_float(value: Any) -> Any:
    """Converter: ints become floats; anything else passes through for the validator to judge."""
    if is_number(value):
        try:
            return float(value)
        except OverflowError:  # an int beyond float range: check_number reports it
            return value
    return value


@attrs.frozen
class NumberCheck:
    """Validator: a finite number within [lo, hi] (open lower bound on request).

    Its bounds are attributes so the JSON Schema generator can read them.
    """

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    optional: bool = False

    def __call__(self, _: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and self.optional:
            return
        check_number(attribute.name, value, self.lo, self.hi, lo_open=self.lo_open)


def validators(field: attrs.Attribute[Any]) -> list[Any]:
    """Every validator of an attrs field, unpacked from lists and ``attrs.validators.and_``."""
    found: list[Any] = []
    stack: list[Any] = [field.validator]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(item)
        elif hasattr(item, "_validators"):
            stack.extend(getattr(item, "_validators"))  # noqa: B009
        elif item is not None:
            found.append(item)
    return found


def number_checks(field: attrs.Attribute[Any]) -> list[NumberCheck]:
    """The :class:`NumberCheck` validators of an attrs field (inside lists and ``and_``)."""
    return [v for v in validators(field) if isinstance(v, NumberCheck)]


def number(
    lo: float | None = None,
    hi: float | None = None,
    *,
    lo_open: bool = False,
    optional: bool = False,
) -> NumberCheck:
    """Validator: a finite number within [lo, hi] (open bounds on request)."""
    return NumberCheck(lo, hi, lo_open, optional)


def check_number(
    path: str,
    value: Any,
    lo: float | None = None,
    hi: float | None = None,
    *,
    lo_open: bool = False,
) -> None:
    """Raise ModelError at ``path`` unless ``value`` is a finite number in range."""
    if not is_number(value):
        raise ModelError.at(path, f"expected a number, got {_describe(value)}")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int too large for a float (JSON allows any size)
        raise ModelError.at(path, "integer too large to be a finite number") from None
    if not finite:
        raise ModelError.at(path, f"{value} is not a finite number")
    if lo is not None and (value < lo or (lo_open and value == lo)):
        raise ModelError.at(path, _range_msg(value, lo, hi, lo_open))
    if hi is not None and value > hi:
        raise ModelError.at(path, _range_msg(value, lo, hi, lo_open))


def _range_msg(value: float, lo: float | None, hi: float | None, lo_open: bool) -> str:
    left = "(" if lo_open else "["
    lo_s = "-inf" if lo is None else f"{lo:g}"
    hi_s = "inf" if hi is None else f"{hi:g}"
    return f"{value:g} is outside {left}{lo_s}, {hi_s}]"


def integer(lo: int | None = None, *, optional: bool = False) -> Callable[..., None]:
    """Validator: an int (not bool), at least ``lo``."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, int) or isinstance(value, bool):
            if isinstance(value, float) and value.is_integer():
                raise ModelError.at(attribute.name, f"expected an integer, got {value!r}")
            raise ModelError.at(attribute.name, f"expected an integer, got {_describe(value)}")
        if lo is not None and value < lo:
            raise ModelError.at(attribute.name, f"{value} is below the minimum {lo}")
        if abs(value) > _MAX_INT:
            raise ModelError.at(
                attribute.name, "integer too large (at most 2**53, the integers a float holds)"
            )

    return check


def text(*, optional: bool = False, nonempty: bool = True) -> Callable[..., None]:
    """Validator: a string (non-empty by default)."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str):
            raise ModelError.at(attribute.name, f"expected a string, got {_describe(value)}")
        if nonempty and not value.strip():
            raise ModelError.at(attribute.name, "must not be empty")
        check_text(attribute.name, value)

    return check


def identifier(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: an id of letters (of any script), digits and ``_.:-``, starting with a letter
    or digit (:func:`is_identifier`)."""
    if not isinstance(value, str):
        raise ModelError.at(attribute.name, f"expected a string id, got {_describe(value)}")
    if not is_identifier(value):
        raise ModelError.at(attribute.name, f"invalid id {value!r}: {ID_RULE}")


def boolean(*, optional: bool = False) -> Callable[..., None]:
    """Validator: a bool."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, bool):
            raise ModelError.at(attribute.name, f"expected true or false, got {_describe(value)}")

    return check


def enum_converter(enum: type[E]) -> Callable[[Any], Any]:
    """Converter: a member's value (string) becomes the member; unknown values pass through."""

    def convert(value: Any) -> Any:
        if isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            return value

    return convert


def enum_member(enum: type[E]) -> Callable[..., None]:
    """Validator: a member of ``enum`` (after :func:`enum_converter`)."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, enum):
            known = ", ".join(str(m.value) for m in enum)
            raise ModelError.at(
                attribute.name, f"unknown value {value!r} (expected one of: {known})"
            )

    return check


def tuple_of(
    kind: type[Any] | tuple[type[Any], ...], what: str
) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Validator: a tuple whose items are instances of ``kind``."""

    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise ModelError.at(attribute.name, f"expected a list of {what}")
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                raise ModelError.at(
                    f"{attribute.name}[{i}]", f"expected {what}, got {_describe(item)}"
                )
            if isinstance(item, str):
                check_text(f"{attribute.name}[{i}]", item)

    return check


def to_tuple(value: Any) -> Any:
    """Converter: lists become tuples; strings and other values pass through."""
    if isinstance(value, list):
        return tuple(value)
    return value


def table_to(cls: type[Any], field: str, value: Any) -> Any:
    """Build ``cls`` from a mapping given for ``field``; errors keep the field's path.

    Used by the named converters of nested tables (attrs needs a named function per field).
    Anything but a mapping passes through for the field's validator to judge.
    """
    if not isinstance(value, Mapping):
        return value
    try:
        return cls(**value)
    except TypeError as exc:
        raise ModelError.at(field, f"bad {cls.__name__.lower()} table: {exc}") from None
    except ModelError as err:
        raise err.prefixed(field) from None
