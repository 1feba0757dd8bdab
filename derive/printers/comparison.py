"""Printers for a `Comparison`: every route's derivation in full, then the proof that they agree.

Like every printer, a pure function of its record: it only arranges what the printers of
each format already say about each derivation.
"""

from __future__ import annotations

import io
import json as json_module

from derive.show import show_latex, show_text


def _rows(comparison):
    """(route, result per case, unified form) for each derivation."""
    for derivation in comparison.derivations:
        cases = [(case.relation, case.shown) for case in derivation.cases]
        yield derivation.route, cases, derivation.shown_unified


def _check_lines(comparison):
    for check in comparison.checks:
        yield check, ("✓" if check.passed else "✗ FAILED")


def text(comparison, **options) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from . import text as text_printer

    parts = []
    for derivation in comparison.derivations:
        parts.append(f"{'═' * 24} Route: {derivation.route} {'═' * 24}\n")
        parts.append(text_printer.render(derivation, **options))
    table = Table(title="Every route, side by side")
    table.add_column("route")
    relations = [case.relation for case in comparison.derivations[0].cases]
    for relation in relations:
        table.add_column(f"if {show_text(relation)}")
    table.add_column("in one expression")
    for route, cases, unified in _rows(comparison):
        table.add_row(Text(route), *[Text(show_text(result)) for _, result in cases], Text(show_text(unified)))
    buffer = io.StringIO()
    console = Console(file=buffer, width=text_printer.WIDTH, color_system=None, force_terminal=False, highlight=False)
    console.print(table)
    for check, mark in _check_lines(comparison):
        console.print(Text(f"{mark} {check.subject}: {check.detail} ({check.method})"))
    console.print(Text("All routes agree: PROVEN" if comparison.verified else "The routes are NOT PROVEN to agree"))
    return "".join(parts) + buffer.getvalue()


def markdown(comparison, **options) -> str:
    from . import markdown as markdown_printer

    parts = []
    for derivation in comparison.derivations:
        parts.append(f"# Route: {derivation.route}\n")
        parts.append(markdown_printer.render(derivation, **options).replace("\n# ", "\n## "))
    relations = [case.relation for case in comparison.derivations[0].cases]
    header = ["route", *[f"if ${show_latex(r)}$" for r in relations], "in one expression"]
    lines = ["# Every route, side by side\n", "| " + " | ".join(header) + " |",
             "|" + "---|" * len(header)]
    for route, cases, unified in _rows(comparison):
        cells = [route, *[f"${show_latex(result)}$" for _, result in cases], f"${show_latex(unified)}$"]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines += [f"- {mark} {check.subject}: {check.detail} ({check.method})" for check, mark in _check_lines(comparison)]
    lines.append("\n**All routes agree: proven.**" if comparison.verified else "\n**The routes are NOT proven to agree.**")
    return "\n".join(parts) + "\n".join(lines) + "\n"


def latex(comparison, *, fragment: bool = False, **options) -> str:
    from . import latex as latex_printer

    body = []
    for derivation in comparison.derivations:
        body.append(rf"\section*{{Route: {latex_printer.latex_text(derivation.route)}}}")
        body.append(latex_printer.render(derivation, fragment=True, explain=options.get("explain", False)))
    body.append(r"\section*{Every route, side by side}")
    relations = [case.relation for case in comparison.derivations[0].cases]
    body.append(r"\begin{tabular}{l" + "l" * (len(relations) + 1) + "}")
    body.append(" & ".join(["route", *[rf"if \({show_latex(r)}\)" for r in relations], "in one expression"]) + r" \\ \hline")
    for route, cases, unified in _rows(comparison):
        body.append(" & ".join([latex_printer.latex_text(route), *[rf"\({show_latex(result)}\)" for _, result in cases],
                                rf"\({show_latex(unified)}\)"]) + r" \\")
    body.append(r"\end{tabular}")
    body.append(r"\begin{itemize}")
    body += [rf"\item {latex_printer.latex_text(f'{mark} {check.subject}: {check.detail} ({check.method})')}"
             for check, mark in _check_lines(comparison)]
    body.append(r"\end{itemize}")
    if fragment:
        return "\n".join(body) + "\n"
    return "\n".join([latex_printer.PREAMBLE, r"\begin{document}", *body, r"\end{document}", ""])


def json(comparison, **options) -> str:
    from . import json as json_printer

    data = {"schema": "derive.comparison/1",
            "derivations": [json_printer.record(derivation) for derivation in comparison.derivations],
            "checks": [{"subject": c.subject, "passed": c.passed, "method": c.method, "detail": c.detail}
                       for c in comparison.checks],
            "verified": comparison.verified}
    return json_module.dumps(data, indent=2, ensure_ascii=False) + "\n"
