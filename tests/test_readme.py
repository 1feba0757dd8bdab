"""The README's Quickstart: exactly two command lines, and CI runs the second as written."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quickstart_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quickstart", 1)[1].split("## ", 1)[0]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_quickstart_has_two_lines_install_run_and_test():
    first, second = quickstart_lines()
    assert "pip install" in first and first.endswith("derive softmax")
    assert "pip install" in second and "pytest" in second


def test_ci_runs_the_readme_test_line_as_written():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quickstart_lines()[1] in ci.splitlines()
