"""The terminal printer: rich renderables of a derivation, and their plain-text rendering.

Every expression reaches rich as `Text`, never as markup: ``z[j]`` would be read as a style.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule as Line
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from sympy import true

from derive.show import show_text
from .story import FAILED, PASSED, UNCHECKED, Numbered, evidence, numbered_steps

WIDTH = 100


def _expr(expr, style: str = "bold") -> Text:
    return Text(show_text(expr), style=style)


MARKS = {PASSED: Text("✓", style="green"), FAILED: Text("✗ FAILED", style="bold red"),
         UNCHECKED: Text("(not checked)", style="yellow")}


def _step_block(told: Numbered, explain: bool) -> Group:
    number, step, check = told.number, told.step, told.check
    head = Text.assemble((f"{number:>2}. ", "dim"), (step.rule.name, "cyan"), " ", MARKS[told.status])
    parts: list[RenderableType] = [head, Padding(_expr(step.after), (0, 0, 0, 4)),
                                   Padding(Text(step.why(show_text), style="italic"), (0, 0, 0, 4))]
    if check is not None and not check.passed:
        parts.append(Padding(Text(f"check failed: {check.detail}", style="red"), (0, 0, 0, 4)))
    if explain and step.explain(show_text):
        parts.append(Padding(Text(step.explain(show_text), style="dim"), (0, 0, 0, 4)))
    return Group(*parts)


def _header(derivation) -> list[RenderableType]:
    heading = f"{derivation.title}: {show_text(derivation.asked if derivation.order > 1 else derivation.start)}"
    if derivation.name is not None:
        heading = f"{derivation.title}: ∂{show_text(derivation.name)}/∂{show_text(derivation.variable)}"
    parts: list[RenderableType] = [Text(heading, style="bold underline")]
    for definition in derivation.definitions:
        parts.append(Text.assemble("Definition: ", (show_text(definition.name), "bold"), " = ",
                                   (show_text(definition.body), "bold")))
    if derivation.legend:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 2))
        for entry in derivation.legend:
            table.add_row(Text(show_text(entry.symbol), style="bold"), Text(entry.meaning))
        parts.append(table)
    parts.append(Text.assemble("Route: ", (derivation.route, "cyan"),
                               "   start: ", (show_text(derivation.start), "bold")))
    return parts


def _result(derivation) -> RenderableType:
    derivative = (f"∂{show_text(derivation.name)}/∂{show_text(derivation.variable)}"
                  if derivation.name is not None
                  else show_text(derivation.asked if derivation.order > 1 else derivation.start))
    lines = [Text(f"{derivative} =")]
    for case in derivation.cases:
        lines.append(Text.assemble("    ", (show_text(case.shown), "bold green"), "   if ",
                                   show_text(case.relation)))
    if not derivation.cases:
        lines.append(Text.assemble("    ", (show_text(derivation.shown), "bold green")))
    if derivation.merge is not None:
        lines.append(Text.assemble("in one expression: ", (show_text(derivation.shown_unified), "bold green")))
    return Panel(Group(*lines), title="Result", expand=False)


def _verdict(derivation) -> RenderableType:
    verification = derivation.verification
    if verification is None:
        return Text("Not verified.", style="bold red")
    lines = []
    if derivation.closed_form:
        expected = "; ".join(show_text(expr) if relation == true else f"{show_text(expr)} for {show_text(relation)}"
                             for relation, expr in derivation.closed_form)
        lines.append(Text(f"Closed form: {expected}."))
    for check in verification.result:
        mark = ("✓ ", "green") if check.passed else ("✗ FAILED ", "bold red")
        lines.append(Text.assemble(mark, f"{check.subject}: {check.detail} ({check.method})"))
    steps = verification.steps
    failed = [check for check in steps if not check.passed]
    if failed:
        lines.append(Text(f"✗ {len(failed)} of {len(steps)} steps FAILED the check: "
                          + ", ".join(check.subject for check in failed), style="bold red"))
    else:
        lines.append(Text(f"✓ all {len(steps)} steps checked independently of the rules that made them.",
                          style="green"))
    lines.extend(Text(line) for line in evidence(verification))
    verdict = "PROVEN" if verification.passed else "NOT PROVEN"
    return Panel(Group(*lines), title=f"Check: {verdict}", expand=False,
                 border_style="green" if verification.passed else "red")


def renderables(derivation, *, explain: bool = False) -> list[RenderableType]:
    """What the terminal shows, top to bottom."""
    numbered = list(numbered_steps(derivation))
    shared = len(derivation.steps)
    parts = _header(derivation)
    parts.append(Line("Steps", style="dim"))
    for told in numbered[:shared]:
        if told.step.stage > 1 and (told.number == 1 or numbered[told.number - 2].step.stage != told.step.stage):
            parts.append(Text.assemble((f"Order {told.step.stage}: ", "bold"), show_text(told.step.before)))
        parts.append(_step_block(told, explain))
    if derivation.cases:
        tree = Tree(Text("Case split", style="bold"), guide_style="dim")
        position = shared
        for case in derivation.cases:
            branch = tree.add(Text.assemble("Case ", (show_text(case.relation), "bold magenta")))
            for told in numbered[position:position + len(case.steps)]:
                branch.add(_step_block(told, explain))
            position += len(case.steps)
        parts.append(tree)
        if derivation.merge is not None:
            parts.extend(_step_block(told, explain) for told in numbered[position:])
    parts.append(_result(derivation))
    parts.append(_verdict(derivation))
    return parts


def render(derivation, *, explain: bool = False, width: int = WIDTH, **options) -> str:
    """Plain text (no colour codes), as written to a file or a transcript."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      legacy_windows=False, highlight=False)
    for part in renderables(derivation, explain=explain):
        console.print(part)
    return buffer.getvalue()


__all__ = ["render", "renderables", "show_text"]
