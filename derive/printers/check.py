"""The report of `derive check` as text (a line per step) or JSON (schema ``derive.check/1``),
and the compact summary of a derivation's checks that the document printers end with."""

from __future__ import annotations

import json

from sympy import (
    sstr,
)

from typing import TYPE_CHECKING

from derive.engine.records import NO_REAL_VALUE

if TYPE_CHECKING:  # the checker's modules are loaded only to print its report, not for a summary
    from derive.checker.written import Report, StepCheck
    from derive.readers.check_file import Line


def render(report: Report, format: str = "text") -> str:
    """The report as plain text (a line per step) or as JSON (schema derive.check/1)."""
    return _render_json(report) if format == "json" else _render_text(report)


def _render_text(report: Report) -> str:
    from derive.checker.written import _case_text

    script, lines = report.script, []
    first = script.lines()[0]
    lines.append(f"{first.label}: {first.text}   (the derivative to compute)")
    case_lines = {branch.lines[0]: branch for branch in script.branches}
    for step in report.steps:
        if step.after in case_lines:
            branch = case_lines[step.after]
            lines.append(f"case {_case_text(branch.relation, script.latex)} (line {branch.number}), "
                         f"from {step.before.label}:")
        lines.extend(_step_text(step))
    for line in report.unfinished:
        lines.append(f"{line.label} still holds a derivative, so it is not yet the value of the derivative")
    if report.cases is not None:
        mark = "the cases cover the domain" if report.cases.passed else "the cases do NOT cover the domain"
        lines.append(f"{mark}: {report.cases.detail}")
    if report.holds:
        lengths = f", the sums at {_lengths_text(report.lengths)}" if report.lengths else ""
        indices = f", the indices {', '.join(report.indices)} under every pattern of equality each step's case allows" \
            if report.indices else ""
        lines.append(f"{report.summary}. Each step was compared at {report.points} or more random points over "
                     f"the whole real domain, at 30 digits where doubles could not decide"
                     f"{lengths}{indices}; seed {report.seed}.")
    else:
        failed = sum(not step.holds for step in report.steps)
        verb = "does" if failed == 1 else "do"
        lines.append(f"not proven: {failed} of {len(report.steps)} steps {verb} not hold; first: {report.summary}"
                     if failed else f"not proven: {report.summary}")
    return "\n".join(lines) + "\n"


def _lengths_text(lengths) -> str:
    from derive.checker.points import LENGTHS

    unequal = " and unequal, each a different one of these in turn" if len(lengths) > 1 else ""
    return " = ".join(map(str, lengths)) + " = " + ", ".join(map(str, LENGTHS)) + unequal


def _values(step: StepCheck) -> str:
    """'line 2 has the value 0.5, line 3 has 0.25'; or, where a line has no real value at the point
    (the function has one), that line first."""
    (before, after), (left, right) = (step.before.label, step.after.label), step.values
    if NO_REAL_VALUE in (left, right):
        (missing, other, value) = (after, before, left) if right == NO_REAL_VALUE else (before, after, right)
        return f"{missing} has {NO_REAL_VALUE} there, where the function is real; {other} has the value {value}"
    return f"{before} has the value {left}, {after} has {right}"


def _step_text(step: StepCheck) -> list[str]:
    if step.holds:
        return [f"{step.after.label} holds: {step.after.text}"]
    text = [f"{step.after.label} does not follow from {step.before.label}: {step.after.text}"]
    if step.point:
        text.append("  at " + ", ".join(f"{name} = {value}" for name, value in step.point))
        text.append("  " + _values(step))
    else:
        text.append(f"  {step.detail}")
    if step.slip:
        text.append(f"  the likely slip: {step.slip}")
    return text


def _render_json(report: Report) -> str:
    def where(line: Line) -> dict:
        return {"line": line.number, "part": line.part, "text": line.text}

    steps = [{**where(step.after), "from": where(step.before),
              "case": sstr(step.case) if step.case is not None else None, "holds": step.holds,
              "detail": step.detail, "point": dict(step.point) or None,
              "values": dict(zip(("before", "after"), step.values)) or None, "slip": step.slip or None}
             for step in report.steps]
    document = {"schema": "derive.check/1", "file": report.name, "holds": report.holds,
                "summary": report.summary, "start": where(report.script.lines()[0]), "steps": steps,
                "unfinished": [where(line) for line in report.unfinished],
                "results": [{"case": sstr(case) if case is not None else None, **where(line)}
                            for case, line in report.script.ends()],
                "seed": report.seed, "points": report.points,
                "cases_cover": None if report.cases is None else {"holds": report.cases.passed,
                                                                  "detail": report.cases.detail}}
    return json.dumps(document, indent=2) + "\n"


def summary(verification) -> list[tuple[bool, str]]:
    """The checks of a derivation in a few lines, (passed, line): one line per kind of check of
    the steps (by method), one per check of the result, and one per failed step with its detail.
    The full list, check by check, is in the JSON (``--format json``)."""
    if verification is None:
        return []
    lines: list[tuple[bool, str]] = []
    methods: dict[str, list] = {}
    for check in verification.steps:
        methods.setdefault(check.method, []).append(check)
    for method, checks in methods.items():
        passed = sum(check.passed for check in checks)
        noun = "step" if len(checks) == 1 else "steps"
        lines.append((passed == len(checks), f"{len(checks)} {noun} checked {method}: {passed} passed"
                      + ("" if passed == len(checks) else f", {len(checks) - passed} FAILED")))
    for check in verification.steps:
        if not check.passed:
            lines.append((False, f"{check.subject} FAILED: {check.detail}"))
    for check in verification.result:
        state = "passed" if check.passed else "FAILED"
        lines.append((check.passed, f"{check.subject} ({check.method}): {state}"
                      + (f": {check.detail}" if check.detail and not check.passed else "")))
    return lines
