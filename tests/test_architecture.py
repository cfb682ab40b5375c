"""The house rules of the source tree, checked on every run (``docs/architecture.md``).

1. **Imports go downward.** Every module of ``src/ssestrategy`` belongs to one layer of
   :data:`LAYERS`; a module may import from a lower layer, or from its own package, never from a
   higher layer or from another package of its own layer (the foundation's small private
   modules excepted: they form one package in spirit).
2. **Files say what they hold.** No source file over :data:`MAX_FILE_LINES` lines unless a
   ``# long-file: <reason>`` comment near its top says why.
3. **Functions are named steps.** No function over :data:`MAX_FUNCTION_LINES` lines (its body
   without the docstring) unless a ``# long-function: <reason>`` comment on the lines just
   above it (or a ``# long-functions: <reason>`` comment near the top of its file, for a file
   reserved to another change) says why.

Run as a script (``python tests/test_architecture.py``) it prints the measurements: files over
the limit, functions over the limit (with and without a reason), and the imports of each layer.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "ssestrategy"

#: The layers, lowest first. A name is a top-level module or package of ``ssestrategy``
#: (``__init__`` is the package root, which re-exports the public API).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "foundation",
        (
            "errors",
            "_version",
            "_options",
            "_deprecation",
            "_validate",
            "_random",
            "_text",
            "_files",
            "_frames",
            "_html",
            "_progress",
            "i18n",
        ),
    ),
    ("model", ("model",)),
    ("io", ("io",)),
    ("analysis", ("network", "foresight", "simulation", "datasets")),
    ("decision", ("decision", "diagnosis")),
    # "design" (designs x futures, on another branch) sits beside explain
    ("explain", ("explain", "validation", "design")),
    ("comparison", ("comparison",)),
    ("several territories", ("territories",)),
    ("report", ("report",)),
    ("command machinery", ("_cli",)),
    ("command line", ("_cli_parser",)),
    ("faces", ("cli", "plotting", "testing")),
    ("package", ("__init__", "__main__")),
)

#: Layers whose packages may import each other.
SHARED_LAYERS = frozenset({"foundation"})

MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 80
FILE_REASON = "# long-file:"
FUNCTION_REASON = "# long-function:"
FUNCTIONS_REASON = "# long-functions:"

_LAYER_OF = {unit: i for i, (_, units) in enumerate(LAYERS) for unit in units}


def _sources() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit(module: str) -> str:
    """The top-level module or package of ``ssestrategy`` a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of an ``ssestrategy`` module in a file, at any depth
    (function bodies and ``TYPE_CHECKING`` blocks included)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None:  # from . import x, y: each is a module
                out += [(node.lineno, f"{target}.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
    return [(line, t) for line, t in out if t == "ssestrategy" or t.startswith("ssestrategy.")]


def layer_violations() -> list[str]:
    """Every import that goes up, or sideways to another package of a non-shared layer."""
    problems = []
    for path in _sources():
        src_unit = _unit(_module(path))
        if src_unit not in _LAYER_OF:
            problems.append(f"{path.relative_to(SRC)}: {src_unit!r} is in no layer of LAYERS")
            continue
        here = _LAYER_OF[src_unit]
        for line, target in imports(path):
            unit = _unit(target)
            if unit == src_unit:
                continue
            there = _LAYER_OF.get(unit)
            where = f"{path.relative_to(SRC)}:{line} imports {target}"
            if there is None:
                problems.append(f"{where}: {unit!r} is in no layer of LAYERS")
            elif there > here:
                problems.append(f"{where}: layer {LAYERS[there][0]!r} is above {LAYERS[here][0]!r}")
            elif there == here and LAYERS[here][0] not in SHARED_LAYERS:
                problems.append(f"{where}: a sibling in layer {LAYERS[here][0]!r}")
    return problems


def _has_reason(lines: list[str], marker: str, first: int, last: int) -> bool:
    return any(marker in lines[i] for i in range(max(first, 0), min(last, len(lines))))


def long_files() -> list[tuple[str, int, bool]]:
    """(file, lines, has a written reason) for every file over :data:`MAX_FILE_LINES`."""
    out = []
    for path in _sources():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_FILE_LINES:
            out.append(
                (str(path.relative_to(SRC)), len(lines), _has_reason(lines, FILE_REASON, 0, 60))
            )
    return out


def function_length(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function without its docstring."""
    n = (node.end_lineno or node.lineno) - node.lineno + 1
    body = node.body
    first = body[0] if body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        n -= (first.end_lineno or first.lineno) - first.lineno + 1
    return n


def long_functions() -> list[tuple[str, int, bool]]:
    """(file:function, lines, has a written reason) for every function over the limit."""
    out = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        whole_file = _has_reason(lines, FUNCTIONS_REASON, 0, 60)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = function_length(node)
                if n > MAX_FUNCTION_LINES:
                    start = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
                    reason = whole_file or _has_reason(lines, FUNCTION_REASON, start - 3, start)
                    out.append((f"{path.relative_to(SRC)}:{node.name}", n, reason))
    return out


def test_every_module_is_in_a_layer_and_imports_go_downward() -> None:
    problems = layer_violations()
    assert not problems, "imports against the layer order:\n" + "\n".join(problems)


def test_layers_catch_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule is live: a model module importing the simulation is reported."""
    fake = tmp_path / "ssestrategy"
    (fake / "model").mkdir(parents=True)
    (fake / "model" / "bad.py").write_text("from ..simulation import simulate\n")
    (fake / "model" / "good.py").write_text("from ..errors import ModelError\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", fake)
    problems = layer_violations()
    assert len(problems) == 1
    assert "model/bad.py:1 imports ssestrategy.simulation" in problems[0]
    assert "'analysis' is above 'model'" in problems[0]


def test_no_file_over_the_limit_without_a_written_reason() -> None:
    silent = [f"{name} ({n} lines)" for name, n, reason in long_files() if not reason]
    assert not silent, (
        f"files over {MAX_FILE_LINES} lines without a '{FILE_REASON} <reason>' comment at their "
        "top: " + ", ".join(silent)
    )


def test_no_function_over_the_limit_without_a_written_reason() -> None:
    silent = [f"{name} ({n} lines)" for name, n, reason in long_functions() if not reason]
    assert not silent, (
        f"functions over {MAX_FUNCTION_LINES} lines without a '{FUNCTION_REASON} <reason>' "
        "comment above them: " + ", ".join(silent)
    )


def main() -> None:
    """Print the measurements."""
    files = long_files()
    print(f"{len(_sources())} source files; {len(files)} over {MAX_FILE_LINES} lines:")
    for name, n, reason in sorted(files, key=lambda x: -x[1]):
        print(f"  {n:5d}  {name}{'  (reason given)' if reason else ''}")
    long_functions_ = long_functions()
    print(f"{len(long_functions_)} functions over {MAX_FUNCTION_LINES} lines (without docstring):")
    for name, n, reason in sorted(long_functions_, key=lambda x: -x[1]):
        print(f"  {n:5d}  {name}{'  (reason given)' if reason else ''}")
    counts = Counter(
        (LAYERS[_LAYER_OF[_unit(_module(p))]][0], LAYERS[_LAYER_OF.get(_unit(t), 0)][0])
        for p in _sources()
        if _unit(_module(p)) in _LAYER_OF
        for _, t in imports(p)
    )
    print("imports by layer (from -> to: count):")
    for (a, b), n in sorted(counts.items()):
        print(f"  {a} -> {b}: {n}")
    violations = layer_violations()
    print(f"{len(violations)} imports against the layer order")
    for v in violations:
        print(f"  {v}")


if __name__ == "__main__":
    main()


#: What only the simulation package may import: the kernel and the builder of its inputs.
KERNEL_MODULES = ("ssestrategy.simulation.kernel",)


def kernel_imports() -> list[str]:
    """Every import of the simulation kernel from outside the simulation package: the other
    studies (explain, design, ...) go through ``ssestrategy.simulation.evaluate``."""
    problems = []
    for path in _sources():
        if _module(path).startswith("ssestrategy.simulation"):
            continue
        for line, target in imports(path):
            if any(target == k or target.startswith(k + ".") for k in KERNEL_MODULES):
                problems.append(f"{path.relative_to(SRC)}:{line} imports {target}")
    return problems


def test_only_the_simulation_imports_the_kernel() -> None:
    assert kernel_imports() == []
