"""`--fragment` is LaTeX that KaTeX and MathJax 3 render as well as pdflatex: every math block of
the fragments of a few derivations is rendered by both (in node, installed from npm into a cache
directory), and any error fails the test.

Outside CI a machine without node and npm skips these tests, saying so; in CI (CI set) a missing
tool fails them.
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

PACKAGES = ("katex@0.16", "mathjax-full@3")
CACHE = Path(os.environ.get("DERIVE_NPM_CACHE", Path.home() / ".cache" / "derive-tests" / "npm"))

RENDER = r"""
// Renders each math block ([display, source] pairs in a JSON file) with KaTeX and MathJax 3;
// prints one line per failure and exits 1 when there is any.
const fs = require('fs');
const katex = require('katex');
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {STATE} = require('mathjax-full/js/core/MathItem.js');
const {SerializedMmlVisitor} = require('mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js');
require('mathjax-full/js/input/tex/base/BaseConfiguration.js');
require('mathjax-full/js/input/tex/ams/AmsConfiguration.js');
require('mathjax-full/js/input/tex/color/ColorConfiguration.js');
RegisterHTMLHandler(liteAdaptor());
const tex = new TeX({packages: ['base', 'ams', 'color'], formatError: (jax, error) => { throw error; }});
const page = mathjax.document('', {InputJax: tex});
const visitor = new SerializedMmlVisitor();
const blocks = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let failures = 0;
blocks.forEach(([display, source], i) => {
  try { katex.renderToString(source, {displayMode: display, throwOnError: true, strict: 'error'}); }
  catch (e) { failures++; console.log(`KaTeX, block ${i}: ${e.message.split('\n')[0]}`); }
  try {
    const mml = visitor.visitTree(page.convert(source, {display, end: STATE.CONVERT}));
    if (mml.includes('merror')) throw new Error('an merror element: ' + mml.slice(0, 200));
  } catch (e) { failures++; console.log(`MathJax, block ${i}: ${String(e.message || e).split('\n')[0]}`); }
});
console.log(`${blocks.length} blocks, ${failures} failures`);
process.exit(failures ? 1 : 0);
"""


def _missing(what: str):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: .ci/run must install it")
    pytest.skip(f"{what} is missing on this machine (outside CI only: in CI this test fails instead)")


@pytest.fixture(scope="module")
def renderer(tmp_path_factory) -> list[str]:
    """The command that renders a JSON file of math blocks: node with KaTeX and MathJax 3."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        _missing("node or npm")
    modules = CACHE / "node_modules"
    if not all((modules / name.split("@")[0] / "package.json").exists() for name in PACKAGES):
        CACHE.mkdir(parents=True, exist_ok=True)
        install = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), *PACKAGES],
                                 capture_output=True, text=True, timeout=600)
        if install.returncode != 0:
            _missing(f"katex and mathjax-full from npm ({install.stderr.strip()[-300:]})")
    script = tmp_path_factory.mktemp("render") / "render.js"
    script.write_text(RENDER, encoding="utf-8")
    os.environ["NODE_PATH"] = str(modules)
    return [node, str(script)]


def math_blocks(latex: str) -> list[tuple[bool, str]]:
    r"""Every ``\[ display \]`` and ``\( inline \)`` block, in order."""
    return [(True, display) if display is not None else (False, inline)
            for display, inline in re.findall(r"\\\[(.*?)\\\]|\\\((.*?)\\\)", latex, re.S)]


def render(renderer, blocks, directory: Path) -> subprocess.CompletedProcess:
    source = directory / "blocks.json"
    source.write_text(json.dumps(blocks), encoding="utf-8")
    return subprocess.run([*renderer, str(source)], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NODE_PATH": os.environ["NODE_PATH"]})


FRAGMENTS = {
    "softmax": ["softmax", "--explain"],
    "quotient": ["expr", "x**2*sin(x)/(1+exp(-x))", "--wrt", "x"],
    "long": ["expr", "sin(x)*cos(x)*exp(x)*log(x)*tanh(x)*atan(x)/(1+x^2+x^3+sqrt(x))", "--wrt", "x"],
    "sigmoid": ["sigmoid"],
}


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_every_math_block_of_the_fragment_renders_in_katex_and_mathjax(name, renderer, capsys, tmp_path):
    code, out, err = run_cli([*FRAGMENTS[name], "--format", "latex", "--fragment"], capsys)
    assert code == 0, err
    blocks = math_blocks(out)
    assert len(blocks) > 10 and any(display for display, _ in blocks)
    assert r"\colorbox{yellow}" in out, "the focus is highlighted in the fragment too"
    run = render(renderer, blocks, tmp_path)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert f"{len(blocks)} blocks, 0 failures" in run.stdout


def test_the_renderers_refuse_what_a_note_cannot_show(renderer, tmp_path):
    """The check above can fail: what broke pasted fragments before is refused by both renderers."""
    blocks = [(True, r"\begin{align*} a &= b \intertext{so} &= c \end{align*}"), (True, r"x \hfill y"),
              (False, r"\undefinedmacro{x}")]
    run = render(renderer, blocks, tmp_path)
    assert run.returncode == 1
    for i in range(len(blocks)):
        assert f"KaTeX, block {i}:" in run.stdout and f"MathJax, block {i}:" in run.stdout, run.stdout


def test_the_notebook_display_renders_in_katex_and_mathjax(renderer, tmp_path):
    """What Jupyter shows (`_repr_latex_`, one $$ aligned $$ block) renders in both as well."""
    import derive
    from derive.readers.text import parse, parse_variable

    shown = [derive.softmax()._repr_latex_(),
             derive.differentiate(parse(FRAGMENTS["long"][1]), parse_variable("x"))._repr_latex_()]
    assert all(text.startswith("$$") and text.endswith("$$") for text in shown)
    assert r"&\quad " in shown[1], "a long expression goes on over several lines"
    run = render(renderer, [(True, text[2:-2]) for text in shown], tmp_path)
    assert run.returncode == 0, run.stdout[-3000:]
