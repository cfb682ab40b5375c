"""Issue 16: result files read safely (every damage listed refused, naming what disagrees) and
every file written safely (atomically, checked before the work)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from badcases import small_case

import ssestrategy as sse
from ssestrategy._files import atomic_write, check_writable
from ssestrategy.errors import ModelError, ResultFileError
from ssestrategy.io import dump, load, loads
from ssestrategy.simulation import Ensemble, simulate


@pytest.fixture(scope="module")
def ensemble() -> Ensemble:
    return simulate(loads(json.dumps(small_case()), fmt="json"), n_scenarios=10, rng=3)


@pytest.fixture
def saved(ensemble: Ensemble, tmp_path: Path) -> Path:
    path = tmp_path / "run.npz"
    ensemble.save(path)
    return path


def members(path: Path) -> dict[str, Any]:
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def repack(path: Path, arrays: dict[str, Any]) -> Path:
    out = path.with_name("edited.npz")
    np.savez(out, **arrays)
    return out


def meta_of(arrays: dict[str, Any]) -> dict[str, Any]:
    return json.loads(str(arrays["meta"][()]))  # type: ignore[no-any-return]


def with_meta(arrays: dict[str, Any], meta: dict[str, Any], *, recompute: bool) -> dict[str, Any]:
    text = json.dumps(meta, sort_keys=True)
    out = dict(arrays, meta=np.array(text))
    if recompute:  # a forger who knows the format
        out["meta_sha256"] = np.array(hashlib.sha256(text.encode()).hexdigest())
    return out


def refused(path: Path) -> ResultFileError:
    with pytest.raises(ResultFileError) as info:
        Ensemble.load(path)
    return info.value


def test_round_trips_of_every_kind(ensemble: Ensemble, tmp_path: Path) -> None:
    case = loads(json.dumps(small_case()), fmt="json")
    for ens in (
        ensemble,
        simulate(case, n_scenarios=6, rng=1, trajectories=True),
        simulate(case, n_scenarios=6, rng=1, keep="summary"),
    ):
        path = tmp_path / "x.npz"
        ens.save(path)
        assert Ensemble.load(path) == ens
        assert sorted(p.name for p in tmp_path.iterdir()) == ["x.npz"]  # no temporary left


def test_a_truncated_file_is_refused(saved: Path) -> None:
    data = saved.read_bytes()
    for cut in (0, 10, len(data) // 2, len(data) - 1):
        saved.write_bytes(data[:cut])
        err = refused(saved)
        assert err.problems[0].path in ("file", "meta")


def test_a_flipped_byte_in_the_data_is_refused(saved: Path) -> None:
    data = bytearray(saved.read_bytes())
    with zipfile.ZipFile(saved) as zf:
        info = zf.getinfo("checkpoints.npy")
    data[info.header_offset + 200] ^= 0x10  # inside the checkpoints' values
    saved.write_bytes(bytes(data))
    err = refused(saved)
    assert err.problems[0].path in ("checkpoints", "file")


def test_a_shortened_scenario_axis_is_refused(saved: Path) -> None:
    arrays = members(saved)
    arrays["checkpoints"] = arrays["checkpoints"][..., :-1]
    err = refused(repack(saved, arrays))
    assert err.problems[0].path == "checkpoints"
    assert "disagree" in err.problems[0].message


@pytest.mark.parametrize("recompute", [False, True])
@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda m: m.update(n_scenarios=m["n_scenarios"] - 1), "checkpoints"),
        (lambda m: m.update(strategies=m["strategies"][:-1]), "meta.strategy_names"),
        (lambda m: m.update(outcome_names=m["outcome_names"][::-1]), "meta.outcome_names"),
        (lambda m: m.pop("periods_per_year"), "meta.periods_per_year"),
        (lambda m: m.update(keep="summary"), "meta.keep"),
    ],
    ids=["n_scenarios", "strategy-removed", "outcomes-reversed", "key-missing", "keep"],
)
def test_an_edited_header_is_refused(saved: Path, edit: Any, path: str, recompute: bool) -> None:
    arrays = members(saved)
    meta = meta_of(arrays)
    edit(meta)
    err = refused(repack(saved, with_meta(arrays, meta, recompute=recompute)))
    if recompute:  # the checksum agrees: the header's consistency with the data decides
        assert err.problems[0].path == path, err
    else:
        assert str(err) == (
            "meta: the header does not match its recorded SHA-256: it was modified after saving"
        )


def test_a_missing_array_or_an_added_one_is_refused(saved: Path) -> None:
    arrays = members(saved)
    assert refused(repack(saved, {k: v for k, v in arrays.items() if k != "years"})).path == (
        "years"
    )
    assert refused(repack(saved, {**arrays, "extra": np.zeros(2)})).path == "extra"
    assert refused(repack(saved, {k: v for k, v in arrays.items() if k != "meta"})).path == ("meta")


def test_other_files_are_not_ensembles(tmp_path: Path) -> None:
    case_file = tmp_path / "case.npz"
    dump(sse.datasets.tiznit(), tmp_path / "case.json")
    case_file.write_bytes((tmp_path / "case.json").read_bytes())
    err = refused(case_file)
    assert "allow_pickle" not in str(err)
    assert str(err).startswith(f"file: {case_file} is not an ensemble file (not a zip archive")
    np.save(tmp_path / "plain.npy", np.zeros(3))
    assert "a NumPy .npy array" in str(refused(tmp_path / "plain.npy"))
    pickled = tmp_path / "pickled.npz"
    with zipfile.ZipFile(pickled, "w") as zf:
        buf = io.BytesIO()
        np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
        zf.writestr("meta.npy", buf.getvalue())
    assert "pickled data" in str(refused(pickled))
    assert str(refused(tmp_path)) == f"file: {tmp_path} is a directory, not an ensemble file"
    assert "cannot read" in str(refused(tmp_path / "missing.npz"))


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (1, "written by ssestrategy 0.1 (format 1), which recorded no checksums"),
        (3, "written by a newer ssestrategy (format 3); this version reads format 2"),
        ("x", "unknown ensemble format 'x'"),
    ],
)
def test_other_format_versions_say_what_to_do(saved: Path, version: Any, message: str) -> None:
    arrays = members(saved)
    meta = meta_of(arrays)
    meta["format"] = version
    err = refused(repack(saved, with_meta(arrays, meta, recompute=False)))
    assert err.problems[0].path == "meta.format"
    assert message in err.problems[0].message


def test_a_header_claiming_a_huge_array_is_refused_without_allocating(saved: Path) -> None:
    """An .npy header announcing 10**12 values in a small member: refused by its size."""
    arrays = members(saved)
    out = saved.with_name("huge.npz")
    with zipfile.ZipFile(out, "w") as zf:
        for name, a in arrays.items():
            buf = io.BytesIO()
            np.save(buf, a, allow_pickle=False)
            raw = buf.getvalue()
            if name == "checkpoints":
                raw = raw.replace(str(a.shape).encode(), b"(1000000, 1000000)", 1)
            zf.writestr(f"{name}.npy", raw)
    err = refused(out)
    assert err.problems[0].path == "checkpoints"


# --- writing ---------------------------------------------------------------------------------


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")

    def half_then_fail(f: Any) -> None:
        f.write(b"new but incomplete")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, half_then_fail)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_writers_replace_atomically(tmp_path: Path, ensemble: Ensemble) -> None:
    case = sse.datasets.tiznit()
    dump(case, tmp_path / "case.json")
    ensemble.save(tmp_path / "run.npz")
    sse.network.write_gexf(case.territory, tmp_path / "net.gexf")
    sse.network.write_graphml(case.territory, tmp_path / "net.graphml")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "case.json",
        "net.gexf",
        "net.graphml",
        "run.npz",
    ]
    assert load(tmp_path / "case.json") == case


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing/out.npz", "folder {d}/missing does not exist"),
        ("", "{d} is a directory, not a file name"),
        ("out.txt", "use a .npz file name (got 'out.txt')"),
        ("file.npz/out.npz", "{d}/file.npz is not a folder"),
    ],
)
def test_check_writable_says_why(tmp_path: Path, target: str, message: str) -> None:
    (tmp_path / "file.npz").write_bytes(b"")
    with pytest.raises(ModelError) as info:
        check_writable(tmp_path / target if target else tmp_path, "--save", suffixes=(".npz",))
    assert str(info.value) == "--save: " + message.format(d=tmp_path)


def test_save_checks_its_path(ensemble: Ensemble, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"path: folder .* does not exist"):
        ensemble.save(tmp_path / "missing" / "run.npz")
    with pytest.raises(ModelError, match="is a directory"):
        ensemble.save(tmp_path)
