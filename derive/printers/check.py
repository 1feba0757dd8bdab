"""The report of `derive check` as text (a line per step) or JSON (schema ``derive.check/1``)."""

from __future__ import annotations

import json

from sympy import (
    sstr,
)

from derive.checker.points import LENGTHS

from derive.checker.written import Report, StepCheck, _case_text
from derive.readers.check_file import Line


def render(report: Report, format: str = "text") -> str:
    """The report as plain text (a line per step) or as JSON (schema derive.check/1)."""
    return _render_json(report) if format == "json" else _render_text(report)


def _render_text(report: Report) -> str:
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
    return " = ".join(map(str, lengths)) + " = " + ", ".join(map(str, LENGTHS))


def _step_text(step: StepCheck) -> list[str]:
    if step.holds:
        return [f"{step.after.label} holds: {step.after.text}"]
    text = [f"{step.after.label} does not follow from {step.before.label}: {step.after.text}"]
    if step.point:
        text.append("  at " + ", ".join(f"{name} = {value}" for name, value in step.point))
        text.append(f"  {step.before.label} has the value {step.values[0]}, {step.after.label} has {step.values[1]}")
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
