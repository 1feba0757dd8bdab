"""Golden transcripts: the output of real `derive` commands, compared byte for byte.

Each transcript is compared with the output of the same command run by ``cli.main`` in the test
process (its stdout, stderr and exit code are all a transcript holds); a few are compared with
the output of the real command line too, in a fresh process, which keeps the in-process run
honest. Regenerate them after an intended change with

    python tests/test_transcripts.py

(the real command line, in fresh processes) and read the diff (git diff transcripts/) before committing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from derive import cli

ROOT = Path(__file__).resolve().parent.parent
TRANSCRIPTS = ROOT / "transcripts"

# file name -> the command's arguments (after `derive`)
CASES = {
    "list.txt": ["list"],
    "relu.txt": ["relu"],
    "sigmoid.md": ["sigmoid", "--format", "markdown"],
    "check-textbook.txt": ["check", "tests/check_files/textbook.txt"],
    "check-slip-sign.txt": ["check", "tests/check_files/slip_sign.txt"],
    "softmax.txt": ["softmax"],
    "softmax-explain.txt": ["softmax", "--explain"],
    "softmax.tex": ["softmax", "--format", "latex"],
    "softmax-fragment.tex": ["softmax", "--format", "latex", "--fragment"],
    "expr-quotient.tex": ["expr", "x**2*sin(x)/(1+exp(-x))", "--wrt", "x", "--format", "latex"],
    "sigmoid.html": ["sigmoid", "--format", "html"],
    "softmax.md": ["softmax", "--format", "markdown"],
    "softmax.json": ["softmax", "--format", "json"],
    "softmax-qa.txt": ["softmax", "--notation", "qa"],
    "softmax-product-qa.txt": ["softmax", "--route", "product", "--notation", "qa"],
    "softmax-log.txt": ["softmax", "--route", "log"],
    "softmax-product.txt": ["softmax", "--route", "product"],
    "softmax-log-qa.txt": ["softmax", "--route", "log", "--notation", "qa"],
    "softmax-all.md": ["softmax", "--route", "all", "--format", "markdown"],
    "softmax-emit-numpy.py": ["softmax", "--emit", "numpy"],
    "softmax-emit-torch.py": ["softmax", "--emit", "torch"],
    "softmax-backward.txt": ["softmax", "--backward"],
    "softmax-jacobian-at.txt": ["softmax", "--at", "1.0,2.0,0.5"],
    "softmax-jacobian-4.md": ["softmax", "--size", "4", "--notation", "qa", "--format", "markdown"],
    "softmax-cross-entropy.txt": ["softmax-cross-entropy"],
    "softmax-cross-entropy-qa.md": ["softmax-cross-entropy", "--notation", "qa", "--format", "markdown"],
    "softmax-cross-entropy-hessian-at.txt": ["softmax-cross-entropy", "--order", "2", "--at", "1.0,2.0,0.5"],
    "softmax-qa.md": ["softmax", "--notation", "qa", "--format", "markdown"],
    "help.txt": ["--help"],
    "expr-softmax3.txt": ["expr", "exp(z1)/(exp(z1)+exp(z2)+exp(z3))", "--wrt", "z1"],
    "expr-focus.txt": ["expr", "x^2*sin(3*x)", "--wrt", "x"],
    "expr-focus.md": ["expr", "x^2*sin(3*x)", "--wrt", "x", "--format", "markdown"],
    "expr-brief.txt": ["expr", "x^2*sin(3*x)", "--wrt", "x", "--detail", "brief"],
    "expr-injection.txt": ["expr", "__import__('os').system('echo hacked')", "--wrt", "x"],
    "bad-format.txt": ["softmax", "--format", "pdf"],
    "l2-normalize.txt": ["l2-normalize"],
    "rmsnorm.md": ["rmsnorm", "--format", "markdown"],
    "layernorm.txt": ["layernorm"],
    "layernorm-jacobian-at.txt": ["layernorm", "--size", "4", "--at", "1,2,3,5"],
    "layernorm-backward.txt": ["layernorm", "--backward"],
    "attention-query-backward.txt": ["attention-query", "--backward"],
    "attention-query-jacobian-at.txt": ["attention-query", "--at", "q=1,2 K=1,0;0,1;1,1"],
    "attention-score.txt": ["attention-score"],
    "layernorm-emit-numpy.py": ["layernorm", "--emit", "numpy"],
}


# the checker's points are drawn from the seed 1, so that its figures repeat byte for byte
ENVIRONMENT = {"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1", "DERIVE_SEED": "1"}
# compared with the real command line as well: the rich text output, the help, a refusal on stderr
REAL_PROCESS = ["softmax.txt", "help.txt", "expr-injection.txt"]


def transcript(stdout: bytes, stderr: bytes, code: int) -> bytes:
    """stdout, then stderr and the exit code when either says something."""
    if stderr or code:
        stdout += b"--- stderr ---\n" + stderr + f"--- exit {code} ---\n".encode()
    return stdout


def run(arguments: list[str]) -> bytes:
    """The transcript of `derive ARGUMENTS`, the real command line in a fresh process."""
    environment = {**os.environ, **ENVIRONMENT}
    environment.pop("FORCE_COLOR", None)
    completed = subprocess.run([sys.executable, "-m", "derive.cli", *arguments], cwd=ROOT, env=environment,
                               capture_output=True, timeout=300)
    return transcript(completed.stdout, completed.stderr, completed.returncode)


def run_in_process(arguments: list[str], monkeypatch, capsysbinary) -> bytes:
    """The transcript of `derive ARGUMENTS` from cli.main in this process, in the same
    environment and working directory as the real command line's."""
    import derive  # here, not above: run as a script, tests/rules would shadow the rules package derive imports

    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.chdir(ROOT)
    with derive.seeded(None), pytest.raises(SystemExit) as exit:  # no seed of this process's: DERIVE_SEED's
        cli.main(arguments)
    captured = capsysbinary.readouterr()
    return transcript(captured.out, captured.err, exit.value.code)


@pytest.mark.parametrize("name", sorted(CASES))
def test_transcript(name, monkeypatch, capsysbinary):
    expected = (TRANSCRIPTS / name).read_bytes()
    assert run_in_process(CASES[name], monkeypatch, capsysbinary) == expected, \
        f"transcripts/{name} differs: regenerate with python tests/test_transcripts.py"


@pytest.mark.parametrize("name", REAL_PROCESS)
def test_transcript_of_the_real_command(name):
    expected = (TRANSCRIPTS / name).read_bytes()
    assert run(CASES[name]) == expected, f"transcripts/{name} differs: regenerate with python tests/test_transcripts.py"


def test_every_transcript_has_a_command():
    assert sorted(path.name for path in TRANSCRIPTS.iterdir() if path.name != "README.md") == sorted(CASES)


if __name__ == "__main__":
    TRANSCRIPTS.mkdir(exist_ok=True)
    for name, arguments in CASES.items():
        (TRANSCRIPTS / name).write_bytes(run(arguments))
        print(f"wrote transcripts/{name}: derive {' '.join(arguments)}")
