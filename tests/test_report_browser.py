"""The report opened in a real headless browser (Debian's chromium; skipped without one).

For each language: the page loads with no console error and no script error, every figure
has a non-zero size, the Arabic page is right-to-left. A screenshot of each page is kept under
``test-artifacts/`` (ignored by git). ``.ci/run`` installs chromium.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import ssestrategy as sse

pytest.importorskip("jinja2")
pytest.importorskip("matplotlib")

from ssestrategy.report import Report, build_report

BROWSER = next(
    (p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p),
    None,
)
pytestmark = [
    pytest.mark.skipif(BROWSER is None, reason="no chromium found"),
    pytest.mark.slow,  # about 10 s a language (two browser starts)
]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# the probe: record script errors from the start, then the figures' sizes and the page's
# direction into the DOM, which --dump-dom prints
HEAD_PROBE = (
    "<script>window.__errors=[];window.addEventListener('error',"
    "function(e){window.__errors.push(String(e.message))});</script>"
)
TAIL_PROBE = """<script>
window.addEventListener('load', function () {
  var figs = Array.from(document.querySelectorAll('figure svg, figure img')).map(function (f) {
    var r = f.getBoundingClientRect(); return [r.width, r.height];
  });
  var out = {figures: figs, dir: getComputedStyle(document.body).direction,
             htmlDir: document.documentElement.dir, errors: window.__errors};
  var pre = document.createElement('pre'); pre.id = 'probe';
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
});
</script>"""


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    command = [
        BROWSER,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={profile}",
        "--window-size=1200,1600",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(sse.datasets.tiznit(), n_scenarios=16, rng=0, n_drivers=4)


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_report_in_a_browser(report: Report, lang: str, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = report.to_html(lang=lang)
    shot_page = ARTIFACTS / f"report-{lang}.html"
    shot_page.write_text(page, encoding="utf-8")
    probed = tmp_path / f"probe-{lang}.html"
    probed.write_text(
        page.replace("<head>", "<head>" + HEAD_PROBE, 1).replace("</body>", TAIL_PROBE + "</body>"),
        encoding="utf-8",
    )
    run = _chromium("--dump-dom", probed.as_uri(), profile=tmp_path / "profile")
    assert run.returncode == 0, run.stderr[-2000:]
    console = [ln for ln in run.stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]
    assert console == []
    found = re.search(r'<pre id="probe">(.*?)</pre>', run.stdout, re.S)
    assert found, run.stdout[-2000:]
    probe = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert probe["errors"] == []
    assert len(probe["figures"]) == page.count("<figure>") == 3
    assert all(w > 0 and h > 0 for w, h in probe["figures"]), probe["figures"]
    expected = "rtl" if lang == "ar" else "ltr"
    assert probe["htmlDir"] == expected and probe["dir"] == expected
    shot = ARTIFACTS / f"report-{lang}.png"
    run = _chromium(f"--screenshot={shot}", shot_page.as_uri(), profile=tmp_path / "profile2")
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.stat().st_size > 10_000
