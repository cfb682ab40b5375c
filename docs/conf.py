"""Sphinx configuration of the ssestrategy documentation.

Build with ``sphinx-build -W -b html docs docs/_build/html`` (warnings are errors).

Two pages are completed at build time by a ``source-read`` hook, so they never drift from the
code and nothing is written into the source tree:

* ``case-file-reference.md``: the marker ``<!-- case-schema -->`` becomes one table per
  ``$defs`` entry of :func:`ssestrategy.io.case_schema` (and one for the top level);
* ``workbooks.md``: the marker ``<!-- workbook-layout -->`` becomes one table per sheet of
  :func:`ssestrategy.io.workbook_layout` (the sheets and columns of a case workbook);
* ``api.rst``: the marker ``.. api-reference`` becomes autodoc directives for every public
  module of the package (each object documented once, where it is shallowest). This page is
  reStructuredText, not MyST: docstrings cite references as numbered footnotes (``[1]_``),
  which MyST leaves unresolved inside ``eval-rst`` blocks.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import ssestrategy  # noqa: E402

# -- project ---------------------------------------------------------------------------------

project = "ssestrategy"
author = "ssestrategy developers"
copyright = "ssestrategy developers, MIT licence"
release = ssestrategy.__version__
version = release

# -- general ---------------------------------------------------------------------------------

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints", "Makefile"]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb", ".rst": "restructuredtext"}
root_doc = "index"
language = "en"
# No network during the build: no intersphinx, and notebooks are not executed (yet).
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

# -- autodoc / napoleon ---------------------------------------------------------------------

autodoc_member_order = "bysource"
# Types are stated in the numpydoc "Parameters" sections; in signatures the annotations
# (``ndarray[tuple[Any, ...], dtype[float64]]``) only add noise.
autodoc_typehints = "none"
autodoc_default_options: dict[str, Any] = {}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
# "Attributes" sections become :ivar: fields, so they do not clash with the attributes that
# autodoc documents itself (properties, attrs fields with docstrings).
napoleon_use_ivar = True
napoleon_use_rtype = False
# numpydoc types such as "ndarray, shape (n_actors, n_poles)" are turned into cross-references
# token by token; "n_actors" then matches attributes of several classes and Sphinx warns that
# the reference is ambiguous. Those tokens are shapes, not references: silence that category.
suppress_warnings = ["ref.python"]

# -- HTML ------------------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"ssestrategy {release}"
html_theme_options: dict[str, Any] = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
}
html_static_path: list[str] = []

# ---------------------------------------------------------------------------------------------
# case-file reference: the JSON Schema as tables
# ---------------------------------------------------------------------------------------------

SCHEMA_MARKER = "<!-- case-schema -->"
API_MARKER = ".. api-reference"


def _anchor(name: str) -> str:
    return f"schema-{name.lower()}"


def _cell(text: str) -> str:
    """Escape a table cell (pipes and line breaks)."""
    return text.replace("|", "\\|").replace("\n", " ")


def _type(spec: dict[str, Any], defs: dict[str, Any]) -> str:
    """A JSON Schema node in words, with links to the tables of referenced definitions."""
    if "$ref" in spec:
        name = str(spec["$ref"]).rsplit("/", 1)[-1]
        if name in defs:
            return f"{{ref}}`{name} <{_anchor(name)}>`"
        return f"`{name}`"
    if "enum" in spec:
        return "one of " + ", ".join(f"`{json.dumps(v)}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{json.dumps(spec['const'])}`"
    for key in ("anyOf", "oneOf"):
        if key in spec:
            return " or ".join(_type(s, defs) for s in spec[key])
    kind = spec.get("type")
    if isinstance(kind, list):
        return " or ".join(_type({**spec, "type": k}, defs) for k in kind)
    if kind == "array":
        items = spec.get("items")
        return f"array of {_type(items, defs)}" if isinstance(items, dict) else "array"
    if kind == "object":
        extra = spec.get("additionalProperties")
        if isinstance(extra, dict):
            return f"table: name → {_type(extra, defs)}"
        return "table"
    return f"{kind}" if kind else "any"


def _limits(spec: dict[str, Any]) -> str:
    """Bounds, lengths and defaults of a node."""
    parts = []
    for key, sign in (
        ("minimum", "≥"),
        ("exclusiveMinimum", ">"),
        ("maximum", "≤"),
        ("exclusiveMaximum", "<"),
    ):
        if key in spec:
            parts.append(f"{sign} {spec[key]:g}")
    for key, word in (("minItems", "at least"), ("maxItems", "at most")):
        if key in spec:
            parts.append(f"{word} {spec[key]} items")
    if "pattern" in spec:
        parts.append(f"pattern `{spec['pattern']}`")
    if "default" in spec:
        parts.append(f"default `{json.dumps(spec['default'])}`")
    if spec.get("type") == "array" and isinstance(spec.get("items"), dict):
        inner = _limits(spec["items"])
        if inner:
            parts.append(f"each {inner}")
    return ", ".join(parts)


#: $defs entries whose Python type has another name.
_SCHEMA_TYPES = {"TerritorySection": "Territory", "": "Case"}
_ROLE = re.compile(r":([a-z]+):`([^`]+)`")


def _field_docs(defname: str) -> dict[str, str]:
    """Field descriptions from the numpydoc Parameters/Attributes of the matching model type.

    The schema describes types and bounds; the words are in the docstrings of
    :mod:`ssestrategy.model`. Roles become MyST roles so that they render in a table.
    """
    cls = getattr(ssestrategy.model, _SCHEMA_TYPES.get(defname, defname), None)
    if not isinstance(cls, type):
        return {}
    lines = inspect.getdoc(cls) or ""
    out: dict[str, str] = {}
    section = ""
    names: list[str] = []
    rows = lines.splitlines()
    for i, line in enumerate(rows):
        if i + 1 < len(rows) and set(rows[i + 1].strip()) == {"-"} and line.strip():
            section = line.strip()
            names = []
            continue
        if section not in ("Parameters", "Attributes") or set(line.strip()) == {"-"}:
            continue
        if line and not line.startswith(" "):
            names = [n.strip() for n in line.split(" : ")[0].split(",")]
            for n in names:
                out.setdefault(n, "")
        elif line.strip() and names:
            for n in names:
                out[n] = (out[n] + " " + line.strip()).strip()
    return {k: _ROLE.sub(lambda m: f"{{{m.group(1)}}}`{m.group(2)}`", v) for k, v in out.items()}


def _table(spec: dict[str, Any], defs: dict[str, Any], defname: str = "") -> list[str]:
    props: dict[str, Any] = spec.get("properties", {})
    words = _field_docs(defname)
    if not props:
        return [f"Type: {_type(spec, defs)}.", ""]
    required = set(spec.get("required", ()))
    lines = [
        "| field | type | required | limits | description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, sub in props.items():
        lines.append(
            "| "
            + " | ".join(
                [
                    f"`{name}`",
                    _cell(_type(sub, defs)),
                    "yes" if name in required else "",
                    _cell(_limits(sub)),
                    _cell(str(sub.get("description") or words.get(name, ""))),
                ]
            )
            + " |"
        )
    lines.append("")
    if spec.get("additionalProperties") is False:
        lines += ["No other field is allowed.", ""]
    return lines


def schema_markdown() -> str:
    """The case-file reference: the top level, then one section per ``$defs`` entry."""
    schema = ssestrategy.io.case_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    out = ["(schema-top)=", "## Top level", ""]
    if schema.get("description"):
        out += [str(schema["description"]), ""]
    out += _table(schema, defs)
    for name, spec in defs.items():
        out += [f"({_anchor(name)})=", f"## {name}", ""]
        if spec.get("description"):
            out += [str(spec["description"]), ""]
        out += _table(spec, defs, name)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# workbooks: every sheet and column of a case workbook
# ---------------------------------------------------------------------------------------------

WORKBOOK_MARKER = "<!-- workbook-layout -->"


def workbook_markdown() -> str:
    """One section per sheet of a case workbook, with a table of its columns."""
    out: list[str] = []
    for sheet in ssestrategy.io.workbook_layout():
        out += [f"(sheet-{sheet['sheet']})=", f"### {sheet['sheet']}", "", sheet["about"], ""]
        out += ["| column | type | required / default | allowed values | help |"]
        out += ["| --- | --- | --- | --- | --- |"]
        for c in sheet["columns"]:
            need = (
                "required" if c["required"] else (f"default {c['default']}" if c["default"] else "")
            )
            allowed = (
                ", ".join(f"`{v.strip()}`" for v in c["allowed"].split(",")) if c["allowed"] else ""
            )
            out.append(
                f"| `{c['column']}` | {_cell(c['type'])} | {need} | {_cell(allowed)} "
                f"| {_cell(c['help'])} |"
            )
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# API reference: every public module, each object documented once
# ---------------------------------------------------------------------------------------------

#: Order of the top-level sections; modules not listed follow alphabetically.
API_ORDER = (
    "ssestrategy.model",
    "ssestrategy.io",
    "ssestrategy.datasets",
    "ssestrategy.network",
    "ssestrategy.diagnosis",
    "ssestrategy.foresight",
    "ssestrategy.simulation",
    "ssestrategy.decision",
    "ssestrategy.comparison",
    "ssestrategy.explain",
    "ssestrategy.plotting",
    "ssestrategy.testing",
    "ssestrategy.errors",
    "ssestrategy.cli",
)

_SCALARS = (int, float, str, bool, bytes, type(None))


def _public_modules() -> list[ModuleType]:
    """Every public module (no component starting with "_"), grouped by top-level section."""
    names = [
        m.name
        for m in pkgutil.walk_packages(ssestrategy.__path__, "ssestrategy.")
        if not any(part.startswith("_") for part in m.name.split("."))
    ]
    rank = {name: i for i, name in enumerate(API_ORDER)}

    def key(name: str) -> tuple[int, str, int, str]:
        top = ".".join(name.split(".")[:2])
        return (rank.get(top, len(rank)), top, 0 if name == top else 1, name)

    return [importlib.import_module(n) for n in sorted(names, key=key)]


def _attribute_doc(module: ModuleType, name: str, obj: Any) -> list[str]:
    """The ``#:`` comment or string docstring of a module-level value, wherever it is defined.

    Re-exported values (``ssestrategy.model.OUTCOMES``) have their docstring in the module that
    defines them; without it autodoc would show the docstring of the value's type (``dict``).
    """
    from sphinx.errors import PycodeError
    from sphinx.pycode import ModuleAnalyzer

    package = module.__name__ if hasattr(module, "__path__") else module.__name__.rpartition(".")[0]
    candidates = [module.__name__] + [
        m.name
        for m in pkgutil.walk_packages(
            getattr(importlib.import_module(package), "__path__", []), package + "."
        )
    ]
    for modname in candidates:
        mod = importlib.import_module(modname)
        for attr, value in vars(mod).items():
            if value is not obj or (modname != module.__name__ and attr.startswith("__")):
                continue
            try:
                docs = ModuleAnalyzer.for_module(modname).find_attr_docs()
            except PycodeError:
                continue
            found = docs.get(("", attr))
            if found:
                return [line for line in found if line is not None]
    return []


def _directive(module: str, name: str, obj: Any) -> list[str]:
    target = f"{module}.{name}"
    if isinstance(obj, type):
        lines = [f".. autoclass:: {target}", "   :members:"]
        if issubclass(obj, BaseException):
            lines.append("   :show-inheritance:")
        if hasattr(obj, "__members__"):  # enums: list the values
            lines.append("   :undoc-members:")
        return lines
    if callable(obj) and not hasattr(obj, "__origin__"):
        return [f".. autofunction:: {target}"]
    lines = [f".. py:data:: {target}"]
    text = repr(obj)
    if len(text) <= 100 and "\n" not in text:
        lines.append(f"   :value: {text}")
    else:
        lines.append(f"   :type: {type(obj).__name__}")
    doc = _attribute_doc(importlib.import_module(module), name, obj)
    if doc:
        lines += ["", *(f"   {line}" if line else "" for line in doc)]
    return lines


_UNDERLINE = {1: "-", 2: "~", 3: "^"}


def _heading(text: str, depth: int) -> list[str]:
    return [text, _UNDERLINE.get(depth, "^") * len(text), ""]


def api_rst() -> str:
    """Autodoc directives for the whole public API, as reStructuredText."""
    seen: dict[int | tuple[str, str], str] = {}
    out: list[str] = []
    for module in _public_modules():
        name = module.__name__
        out += _heading(f"``{name}``", name.count("."))
        out += [f".. automodule:: {name}", "   :no-members:"]
        parent, _, leaf = name.rpartition(".")
        if not isinstance(getattr(importlib.import_module(parent), leaf, None), ModuleType):
            # the package exports a function of the same name (ssestrategy.foresight.micmac):
            # show the module's notes without claiming the name in the index
            out.append("   :no-index:")
        out.append("")
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            ident: int | tuple[str, str] = (name, attr) if isinstance(obj, _SCALARS) else id(obj)
            if ident in seen:
                continue
            seen[ident] = f"{name}.{attr}"
            out += [*_directive(name, attr, obj), ""]
    top = [
        *_heading("``ssestrategy``", 1),
        ".. automodule:: ssestrategy",
        "   :no-members:",
        "",
        ".. list-table:: Names exported by ``ssestrategy``",
        "   :header-rows: 1",
        "",
        "   * - name",
        "     - documented at",
    ]
    extra: list[str] = []
    for attr in ssestrategy.__all__:
        obj = getattr(ssestrategy, attr)
        ident = ("ssestrategy", attr) if isinstance(obj, _SCALARS) else id(obj)
        where = seen.get(ident)
        if where is None and isinstance(obj, ModuleType):
            cell = f":py:mod:`{obj.__name__}`"
        elif where is None:
            extra += [*_directive("ssestrategy", attr, obj), ""]
            cell = "below"
        else:
            cell = f":py:obj:`{where}`"
        top += [f"   * - ``{attr}``", f"     - {cell}"]
    top.append("")
    return "\n".join(top + extra + out)


#: Pages other people write; listed in the index's toctrees only once they exist.
OPTIONAL_PAGES = ("model", "diagnosis", "testing")


def _drop_missing(text: str, srcdir: Path) -> str:
    """Remove toctree lines naming optional pages that do not exist (yet)."""
    missing = {p for p in OPTIONAL_PAGES if not (srcdir / f"{p}.md").exists()}
    return "\n".join(line for line in text.split("\n") if line.strip() not in missing)


def _fill(app: Any, docname: str, source: list[str]) -> None:
    if docname == "index":
        source[0] = _drop_missing(source[0], Path(app.srcdir))
    elif docname == "case-file-reference" and SCHEMA_MARKER in source[0]:
        source[0] = source[0].replace(SCHEMA_MARKER, schema_markdown())
    elif docname == "workbooks" and WORKBOOK_MARKER in source[0]:
        source[0] = source[0].replace(WORKBOOK_MARKER, workbook_markdown())
    elif docname == "api" and API_MARKER in source[0]:
        source[0] = source[0].replace(API_MARKER, api_rst())


_FOOTNOTE_DEF = re.compile(r"^(\s*)\.\. \[([0-9]+|[A-Za-z][\w.-]*)\]")
_FOOTNOTE_REF = re.compile(r"\[([0-9]+|[A-Za-z][\w.-]*)\]_")


def _home_module(what: str, name: str, obj: Any) -> str:
    if what == "module":
        return name
    for candidate in (obj, getattr(obj, "fget", None), getattr(obj, "__func__", None)):
        mod = getattr(candidate, "__module__", None)
        if isinstance(mod, str):
            return mod
    return name.rpartition(".")[0]


def _footnote_texts(modname: str) -> dict[str, list[str]]:
    """Footnote definitions (``.. [1] text``, with continuation lines) of a module docstring."""
    module = sys.modules.get(modname)
    lines = inspect.cleandoc(getattr(module, "__doc__", None) or "").splitlines()
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        m = _FOOTNOTE_DEF.match(line)
        if m:
            current = found.setdefault(m.group(2), [line[m.end() :].strip()])
        elif current is not None and line.startswith((" ", "\t")) and line.strip():
            current.append(line.strip())
        else:
            current = None
    return found


_FOOTNOTE_NUMBERS: dict[str, int] = {}


def _unique_footnotes(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Make numbered references (``[1]_``) work on a page that holds many docstrings.

    The whole API sits on one page, where footnote numbers must be unique, and each docstring
    is parsed on its own, so a reference can only reach a footnote of the same docstring. Each
    docstring's labels are renumbered with numbers not used before on the page; footnotes
    that the docstring never cites (a module's reading list) become a bullet list; a
    reference to a footnote that the docstring does not define (one of its module's
    references, as in ``ssestrategy.network.metrics``) gets a copy of that footnote appended.
    """
    defined = {m.group(2) for line in lines if (m := _FOOTNOTE_DEF.match(line))}
    used = [m.group(1) for line in lines for m in _FOOTNOTE_REF.finditer(line)]
    if not defined and not used:
        return
    borrowed = [key for key in dict.fromkeys(used) if key not in defined]
    texts = _footnote_texts(_home_module(what, name, obj)) if borrowed else {}
    docname = str(getattr(getattr(app, "env", None), "docname", ""))
    numbers: dict[str, int] = {}

    def label(key: str) -> str:
        if key not in numbers:
            _FOOTNOTE_NUMBERS[docname] = numbers[key] = _FOOTNOTE_NUMBERS.get(docname, 0) + 1
        return str(numbers[key])

    unreferenced = defined - set(used)
    out: list[str] = []
    inside: str | None = None  # indentation of an unreferenced footnote turned into a bullet
    for line in lines:
        m = _FOOTNOTE_DEF.match(line)
        if m and m.group(2) in unreferenced:
            # cited nowhere in this docstring (a module's reading list): a plain bullet
            if inside is None and out and out[-1].strip():
                out.append("")
            inside = m.group(1)
            out.append(f"{inside}- {line[m.end() :].strip()}")
            continue
        if inside is not None and line.strip() and line.startswith(inside + " "):
            out.append(f"{inside}  {line.strip()}")
            continue
        if inside is not None and line.strip():
            out.append("")
        inside = None
        line = _FOOTNOTE_DEF.sub(lambda m: f"{m.group(1)}.. [{label(m.group(2))}]", line)
        out.append(_FOOTNOTE_REF.sub(lambda m: f"[{label(m.group(1))}]_", line))
    lines[:] = out
    extra = [key for key in borrowed if key in texts]
    if extra:
        lines += ["", ".. rubric:: References", ""]
        for key in extra:
            first, *rest = texts[key]
            lines += [f".. [{label(key)}] {first}", *(f"   {x}" for x in rest), ""]


_SECTIONS_WITH_NAMES = {"Parameters", "Attributes", "Other Parameters", "Returns", "Yields"}
_SHARED_ENTRY = re.compile(r"^([A-Za-z_]\w*(?:, *[A-Za-z_]\w*)+)( *:.*)?$")


def _split_shared_entries(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Split numpydoc entries naming several fields (``low, high : ndarray``) into one each.

    Napoleon passes ``low, high`` to a single ``:ivar:``/``:param:`` field, which the Python
    domain misreads as the type ``low,`` of a field ``high``. Each name gets its own entry,
    with the shared type and description.
    """
    out: list[str] = []
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and nxt.strip() and set(nxt.strip()) == {"-"} and not line[0].isspace():
            section = line.strip()
        m = _SHARED_ENTRY.match(line) if section in _SECTIONS_WITH_NAMES else None
        if not m:
            out.append(line)
            i += 1
            continue
        body = []
        i += 1
        while i < len(lines) and (not lines[i].strip() or lines[i][0].isspace()):
            if not lines[i].strip() and (i + 1 >= len(lines) or not lines[i + 1][:1].isspace()):
                break
            body.append(lines[i])
            i += 1
        for field in (n.strip() for n in m.group(1).split(",")):
            out += [f"{field}{m.group(2) or ''}", *body]
    lines[:] = out


def setup(app: Any) -> dict[str, Any]:
    app.connect("source-read", _fill)
    # before napoleon (priority 500), which reads the numpydoc sections
    app.connect("autodoc-process-docstring", _split_shared_entries, priority=400)
    # after napoleon (priority 500), which keeps the ".. [1]" lines of References sections
    app.connect("autodoc-process-docstring", _unique_footnotes, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
