"""`--format html`: one self-contained page, loaded in a real headless Chromium.

The page is checked as text (nothing loaded from elsewhere, a step per ``<details>``, the focus
marked, the checks at the end), then in Chromium: it loads with no console error, every step's
mathematics has a rendered size, and a screenshot is taken (kept in tests/artifacts/ in CI).

Chromium comes from Debian's package (.ci/run installs it). Outside CI a machine without it
skips the browser tests, saying so; in CI (CI set) a missing Chromium fails them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from commandline import run_cli

ARTIFACTS = Path(__file__).parent / "artifacts"
EXAMPLES = {"quotient": ["expr", "x**2*sin(x)/(1+exp(-x))", "--wrt", "x"], "softmax": ["softmax"]}

# Added to a copy of the page by the test only (the page itself runs no script): opens every step,
# then writes each step's mathematics' rendered sizes, and every error seen, into the page.
MEASURE = """<script>
const errors = [];
window.addEventListener('error', e => errors.push(String(e.message || e.target && e.target.outerHTML)), true);
document.addEventListener('securitypolicyviolation', e => errors.push('blocked ' + e.blockedURI));
window.addEventListener('load', () => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const steps = [...document.querySelectorAll('details.step')].map(step =>
    [...step.querySelectorAll('math')].map(m => { const r = m.getBoundingClientRect(); return [r.width, r.height]; }));
  const out = document.createElement('pre');
  out.id = 'measured';
  out.textContent = JSON.stringify({steps, errors, focus: document.querySelectorAll('mrow.focus').length});
  document.body.appendChild(out);
});
</script>"""


def page(name: str, capsys, detail: str = "full") -> str:
    """The page of an example, every step told on its own unless ``detail`` says otherwise."""
    code, out, err = run_cli([*EXAMPLES[name], "--format", "html", "--detail", detail], capsys)
    assert code == 0, err
    return out


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_page_is_self_contained_and_tells_every_step(name, capsys):
    html = page(name, capsys)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import", html, re.I), \
        "the page loads nothing"
    steps = re.findall(r'<details class="step" id="step-(\d+)">', html)
    assert steps == [str(n) for n in range(1, len(steps) + 1)] and len(steps) > 5
    assert html.count("<math") > 2 * len(steps)
    assert 'class="focus"' in html
    assert html.index('id="result"') < html.index('id="checks"')
    assert re.search(r"All \d+ checks passed\.", html)


def test_a_step_whose_focus_cannot_be_found_is_not_highlighted(capsys):
    """Step 5 of the quotient example (the power rule) writes 2x·d/dx x into a product that SymPy
    flattens: no part of the expression after it is the replacement, so nothing is marked."""
    html = page("quotient", capsys)
    fifth = html[html.index('id="step-5"'):html.index('id="step-6"')]
    assert "power rule" in fifth and 'class="focus"' not in fifth
    second = html[html.index('id="step-2"'):html.index('id="step-3"')]
    assert second.count('class="focus"') == 1


def chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is missing in CI: .ci/run must install it (apt-get install chromium)")
    pytest.skip("chromium is not installed on this machine (outside CI only: in CI this test fails instead)")


def browse(browser: str, profile: Path, *arguments: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}", "--window-size=1000,1400"]
    return subprocess.run([browser, *flags, *arguments], capture_output=True, text=True, timeout=180)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_page_in_chromium(name, capsys, tmp_path):
    browser = chromium()
    html = page(name, capsys)
    shown = tmp_path / f"{name}.html"
    shown.write_text(html, encoding="utf-8")

    # the page as shipped: it loads without a console message or a refused load, and is photographed
    screenshot = tmp_path / f"{name}.png"
    run = browse(browser, tmp_path / "profile-1", f"--screenshot={screenshot}", shown.as_uri())
    assert screenshot.exists() and screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line or "Refused" in line or "Uncaught" in line]
    assert console == [], console
    if os.environ.get("CI"):
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(screenshot, ARTIFACTS / screenshot.name)

    # a copy that measures itself (the test's own script, allowed by the copy's policy only)
    measured = tmp_path / f"{name}-measured.html"
    measured.write_text(html.replace("default-src 'none'", "default-src 'none'; script-src 'unsafe-inline'")
                        .replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    run = browse(browser, tmp_path / "profile-2", "--virtual-time-budget=10000", "--dump-dom", measured.as_uri())
    found = re.search(r'<pre id="measured">(.*?)</pre>', run.stdout, re.S)
    assert found, run.stderr[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert result["errors"] == []
    steps = result["steps"]
    assert len(steps) == html.count('<details class="step"')
    for number, sizes in enumerate(steps, start=1):
        assert sizes, f"step {number} shows no mathematics"
        assert all(width > 0 and height > 0 for width, height in sizes), f"step {number}: {sizes}"
    assert result["focus"] >= 1


def test_at_normal_detail_a_folded_step_is_told_inside_the_step_that_needed_it(capsys):
    """The variable rule folds into the power rule before it: its step number is not a step of
    its own, and the power rule's step names it with its equation and its check."""
    html = page("quotient", capsys, detail="normal")
    steps = re.findall(r'<details class="step" id="step-(\d+)">', html)
    folded = re.findall(r'<p class="folded">With the variable rule \(step (\d+)\)', html)
    assert folded and not set(folded) & set(steps)
    assert sorted(map(int, steps + folded)) == list(range(1, len(steps) + len(folded) + 1))
