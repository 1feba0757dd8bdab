"""The terminal printer: rich renderables of a derivation, and their plain-text rendering.

Every expression reaches rich as `Text`, never as markup: ``z[j]`` would be read as a style.
"""

from __future__ import annotations

import io

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule as Line
from rich.table import Table
from rich.text import Text
from rich.tree import Tree
from sympy import true

from derive.show import pretty_cells, pretty_rows, show_pretty, show_pretty_equation, show_text, text_size
from .breaking import lines
from .focus import spans
from .story import (FAILED, PASSED, UNCHECKED, Numbered, blocks, evidence, focus_chain, focus_parts, lemma_heading,
                    lemma_verdict)

WIDTH = 100
MARK = "bold yellow"  # the focus of a step in the whole expression (in colour only on a terminal)
LONG = 1_000  # characters: a whole expression longer than this is told only in full detail
TALL = 8  # rows: a result taller than this in two dimensions (a sum with its limits) is told on one line
STEP_TALL = 6  # rows: the same for the expressions of a step, which come many to a derivation


class Expression:
    """One expression on one line, broken at its operators (`breaking.lines`) to the width the
    terminal gives it, with ``marks`` (start, end) of its text in ``mark`` style."""

    def __init__(self, text: str, style: str = "bold", marks: tuple = (), prefix: str = "", indent: int = 2):
        self.text, self.style, self.marks, self.prefix, self.indent = text, style, marks, prefix, indent

    def _text(self, start: int, end: int) -> Text:
        line = Text(self.text[start:end], style=self.style, no_wrap=True, overflow="fold")
        for a, b in self.marks:
            if a < end and b > start:
                line.stylize(MARK, max(a, start) - start, min(b, end) - start)
        return line

    def _cuts(self, width: int) -> list[tuple[int, int]]:
        return lines(self.text, max(width - len(self.prefix), 16), self.indent)

    def _lead(self, number: int) -> str:
        return self.prefix if number == 0 else " " * (len(self.prefix) + self.indent)

    def __rich_console__(self, console, options):
        """The lines, as one `Text` (rich sets a `Text` many times faster than as many)."""
        shown = Text(no_wrap=True, overflow="fold")
        for number, (start, end) in enumerate(self._cuts(options.max_width)):
            shown.append(("\n" if number else "") + self._lead(number))
            shown.append_text(self._text(start, end))
        yield shown

    def lines_at(self, width: int) -> list[str]:
        """The lines as text, as `__rich_console__` gives them at ``width`` columns."""
        return [self._lead(number) + self.text[start:end] for number, (start, end) in enumerate(self._cuts(width))]

    def __rich_measure__(self, console, options):
        whole = len(self.prefix) + len(self.text)
        return Measurement(min(whole, 24), whole)


class Drawn:
    """An expression in two dimensions (``draw`` gives its picture and the cells of its focus)
    where the picture fits the width and ``tall`` rows; else, or when the picture is one row
    anyway, ``fallback``, on one line. ``size`` is
    the length of the one-line form: past three widths, no picture is drawn at all."""

    def __init__(self, draw, fallback: RenderableType, size: int, style: str = "bold", tall: int = TALL,
                 least: int = 1):
        self.draw, self.fallback, self.size, self.style, self.tall = draw, fallback, size, style, tall
        self.least = least  # a lower bound of the picture's rows (`pretty_rows`): past ``tall``, none is drawn
        self._picture = None

    def _fitting(self, width: int):
        if self.size > 3 * width or self.least > self.tall:
            return None
        if self._picture is None:
            picture, runs = self.draw()
            self._picture = (picture.split("\n"), runs)
        rows, runs = self._picture
        if len(rows) == 1 or len(rows) > self.tall or max(len(row) for row in rows) > width:
            return None
        return rows, runs

    def __rich_console__(self, console, options):
        fitting = self._fitting(options.max_width)
        if fitting is None:
            yield self.fallback
            return
        rows, runs = fitting
        for number, row in enumerate(rows):
            line = Text(row.rstrip(), style=self.style, no_wrap=True, overflow="fold")
            for at, start, end in runs:
                if at == number:
                    line.stylize(MARK, start, end)
            yield line

    def __rich_measure__(self, console, options):
        fitting = self._fitting(options.max_width)
        if fitting is None:
            return Measurement.get(console, options, self.fallback)
        widest = max(len(row.rstrip()) for row in fitting[0])
        return Measurement(widest, widest)


MARKS = {PASSED: Text("✓", style="green"), FAILED: Text("✗ FAILED", style="bold red"),
         UNCHECKED: Text("(not checked)", style="yellow")}


def _worth_drawing(text: str) -> bool:
    """Whether a step's picture would show what its line cannot: a power, a fraction, a root or
    a sum (a derivative's ∂/∂x alone is clear on the line, and every picture costs SymPy time)."""
    plain = text.replace("∂/∂", "")
    return any(mark in plain for mark in ("^", "/", "sqrt(", "Σ"))


def _indented(part: RenderableType) -> Padding:
    return Padding(part, (0, 0, 0, 4))


def _whole(told: Numbered, detail: str, linear: bool = False, focused: bool | None = None) -> RenderableType:
    """The whole expression after the step, its focus marked, in two dimensions where it fits
    (unless ``linear``); a long one only in full detail, or where the rule worked on the whole.
    ``focused``: whether the step has a focus (`focus_chain`), when the caller knows."""
    focused = bool(focus_chain(told)) if focused is None else focused
    size = text_size(told.after) if focused and detail != "full" else 0
    if size > LONG:
        return Text(f"(the whole expression, about {size:,} characters, is shown with --detail full)", style="dim")
    text = show_text(told.after)
    pieces = focus_parts(told)
    marks = spans(text, [show_text(piece) for piece in pieces]) if pieces else ()
    prefix = "= " if focused else ""
    line = Expression(text, marks=marks, prefix=prefix)
    if linear or not _worth_drawing(text):
        return line
    after = told.after
    return Drawn(lambda: (show_pretty(after, prefix), pretty_cells(after, pieces, prefix) if pieces else ()),
                 line, len(text), tall=STEP_TALL, least=pretty_rows(after))


def _folded(told: Numbered) -> list[RenderableType]:
    """Which steps were folded into this one, and what each did: one line each."""
    said: list[RenderableType] = []
    for item in told.folded:
        step = item.step
        lead = f"with the {step.rule.name} (step {item.number})"
        if step.replacement is None:
            said.append(Text(lead, style="dim"))
        else:
            said.append(Expression(f"{show_text(step.node)} = {show_text(step.replacement)}", style="dim",
                                   prefix=f"{lead}: "))
    return said


class StepBlock(Group):
    """A step as the terminal shows it: its head line, then its parts indented by 4 columns (rich
    renders it as the `Group` it is). `plain_lines` gives the lines rich prints for it without
    colour, worked out with less of rich where every part is of a kind it knows (a file of a
    large derivation is mostly steps, and rich takes a while over each renderable and line)."""

    INDENT = 4

    def __init__(self, head: Text, parts: list[RenderableType]):
        super().__init__(head, Padding(Group(*parts), (0, 0, 0, self.INDENT)))
        self.head, self.parts = head, parts

    def plain_lines(self, console: Console, width: int) -> list[str] | None:
        """The lines (without their line ends) ``console`` prints for this step at ``width``
        columns with no colour: the head as rich wraps it, then each part as rich sets it (a text
        wrapped by rich, an expression's lines, a picture's rows), indented and padded with spaces
        to the width as rich pads. None where a part is of another kind or has a line rich would
        cut or change (too wide, or holding a control character)."""
        found = _wrapped(self.head, console, width)
        inner = width - self.INDENT
        for part in self.parts:
            if found is None:
                return None
            shown = _plain_part(part, console, inner)
            found = None if shown is None else found + [" " * self.INDENT + line + " " * (inner - cell_len(line))
                                                        for line in shown]
        return found


def _as_it_stands(line: str, width: int) -> bool:
    """Whether rich prints ``line`` as it stands in ``width`` columns: it fits, with no control
    character (which rich strips or expands)."""
    return cell_len(line) <= width and not any(char < " " or char == "\x7f" for char in line)


def _wrapped(text: Text, console: Console, width: int) -> list[str] | None:
    """The lines of a plain `Text` as rich's `Text.__rich_console__` wraps it at ``width``
    (justified to the left, as ours are), or None for a text set otherwise."""
    if type(text) is not Text or text.end != "\n" or text.justify not in (None, "default", "left"):
        return None
    tab_size = console.tab_size if text.tab_size is None else text.tab_size
    wrapped = text.wrap(console, width, justify=text.justify or "default", overflow=text.overflow or "fold",
                        tab_size=tab_size or 8, no_wrap=False if text.no_wrap is None else text.no_wrap)
    shown = [line.plain for line in wrapped]
    return shown if all(_as_it_stands(line, width) for line in shown) else None


def _plain_part(part: RenderableType, console: Console, width: int) -> list[str] | None:
    """The lines of one part of a step at ``width`` columns, unpadded; None for another kind."""
    if isinstance(part, Drawn):
        fitting = part._fitting(width)
        if fitting is None:
            return _plain_part(part.fallback, console, width)
        shown = [row.rstrip() for row in fitting[0]]
    elif isinstance(part, Expression):
        shown = part.lines_at(width)
    else:
        return _wrapped(part, console, width)
    return shown if all(_as_it_stands(line, width) for line in shown) else None


def _step_block(told: Numbered, explain: bool, detail: str = "normal", linear: bool = False) -> StepBlock:
    """A step: its number, rule and verdict, then, indented (in one `Padding`: rich sets each
    renderable at a cost), its focus, the whole expression, why, and the steps folded into it."""
    number, step = told.number, told.step
    head = Text.assemble((f"{number:>2}. ", "dim"), (step.rule.name, "cyan"), " ", MARKS[told.status])
    parts_: list[RenderableType] = []
    focus = focus_chain(told)
    if focus:
        equation = Expression(" = ".join(show_text(side) for side in focus), style="bold cyan")
        parts_.append(equation if linear or not _worth_drawing(equation.text) else Drawn(lambda: (show_pretty_equation(focus), ()), equation,
                                                              len(equation.text), "bold cyan", STEP_TALL,
                                                              max(pretty_rows(side) for side in focus)))
    parts_.append(_whole(told, detail, linear, bool(focus)))
    parts_.append(Text(step.why(show_text), style="italic"))
    parts_.extend(_folded(told))
    for item in (told, *told.folded):
        if item.check is not None and not item.check.passed:
            parts_.append(Text(f"check of step {item.number} failed: {item.check.detail}", style="red"))
    if explain and step.explain(show_text):
        parts_.append(Text(step.explain(show_text), style="dim"))
    return StepBlock(head, parts_)


def _header(derivation) -> list[RenderableType]:
    heading = f"{derivation.title}: {show_text(derivation.asked if derivation.order > 1 else derivation.start)}"
    if derivation.name is not None:
        heading = f"{derivation.title}: ∂{show_text(derivation.name)}/∂{show_text(derivation.variable)}"
    parts: list[RenderableType] = [Expression(heading, style="bold underline")]
    for definition in derivation.definitions:
        parts.append(Text.assemble("Definition: ", (show_text(definition.name), "bold"), " = ",
                                   (show_text(definition.body), "bold")))
    if derivation.legend:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 2))
        for entry in derivation.legend:
            table.add_row(Text(show_text(entry.symbol), style="bold"), Text(entry.meaning))
        parts.append(table)
    parts.append(Expression(show_text(derivation.start), prefix=f"Route: {derivation.route}   start: "))
    return parts


def _shown(expr, linear: bool, style: str = "bold green") -> RenderableType:
    """An expression of a result: in two dimensions where that fits the width and `TALL` rows
    (unless ``linear``), else on one line broken at its operators."""
    line = Expression(show_text(expr), style=style)
    if linear:
        return line
    return Drawn(lambda: (show_pretty(expr), ()), line, len(line.text), style=style, least=pretty_rows(expr))


def _result(derivation, linear: bool = False) -> RenderableType:
    derivative = (f"∂{show_text(derivation.name)}/∂{show_text(derivation.variable)}"
                  if derivation.name is not None
                  else show_text(derivation.asked if derivation.order > 1 else derivation.start))
    lines_: list[RenderableType] = [Expression(f"{derivative} =", style="")]
    if derivation.cases:
        table = Table.grid(padding=(0, 3, 0, 0))  # the cases aligned: expression, then its case
        table.add_column(no_wrap=True)
        table.add_column()
        for case in derivation.cases:
            table.add_row(_shown(case.result if not linear else case.shown, linear),
                          Text.assemble("if ", show_text(case.relation)))
        lines_.append(_indented(table))
    else:
        lines_.append(_indented(_shown(derivation.result if not linear else derivation.shown, linear)))
    if derivation.merge is not None:
        lines_.append(Text("in one expression:"))
        lines_.append(_indented(_shown(derivation.unified if not linear else derivation.shown_unified, linear)))
    return Panel(Group(*lines_), title="Result", expand=False)


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


def renderables(derivation, *, explain: bool = False, detail: str = "normal", linear: bool = False,
                width: int = WIDTH, **options) -> list[RenderableType]:
    """What the terminal shows, top to bottom: the steps told at ``detail`` (brief, normal or full),
    the result in two dimensions unless ``linear``."""
    parts_ = _header(derivation)
    for lemma in derivation.lemmas:
        derivative = f"∂{show_text(lemma.name)}/∂{show_text(lemma.variable)} = "
        parts_.append(Line(lemma_heading(lemma), style="dim"))
        parts_.append(Expression(show_text(lemma.start), prefix=f"start: {derivative}"))
        parts_.extend(_steps(lemma, explain, detail, linear))
        proven = lemma.verified
        parts_.append(Text.assemble(derivative, (show_text(lemma.shown_unified), "bold green"), "   ",
                                    (lemma_verdict(lemma), "green" if proven else "bold red")))
    parts_.append(Line("Steps", style="dim"))
    parts_.extend(_steps(derivation, explain, detail, linear))
    parts_.append(_result(derivation, linear))
    parts_.append(_verdict(derivation))
    return parts_


def _steps(derivation, explain: bool, detail: str, linear: bool) -> list[RenderableType]:
    """The blocks of steps: shared, each order, the case split as a tree, the merge."""
    parts_: list[RenderableType] = []
    tree = None
    for block in blocks(derivation, detail):
        if block.kind == "order":
            parts_.append(Text.assemble((f"Order {block.stage}: ", "bold"), show_text(block.start)))
        if block.kind == "case":
            if tree is None:
                tree = Tree(Text("Case split", style="bold"), guide_style="dim")
                parts_.append(tree)
            branch = tree.add(Text.assemble("Case ", (show_text(block.relation), "bold magenta"),
                                            *((f", order {block.stage}: ", show_text(block.start))
                                              if block.continued else ())))
            for told in block.steps:
                branch.add(_step_block(told, explain, detail, linear))
        else:
            parts_.extend(_step_block(told, explain, detail, linear) for told in block.steps)
    return parts_


def render(derivation, *, explain: bool = False, width: int = WIDTH, detail: str = "normal", linear: bool = False,
           **options) -> str:
    """Plain text (no colour codes), as written to a file or a transcript."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      legacy_windows=False, highlight=False)
    waiting: list[RenderableType] = []  # parts for rich, printed together (rich sets up each print at a cost)
    for part in renderables(derivation, explain=explain, detail=detail, linear=linear, width=width):
        shown = part.plain_lines(console, width) if isinstance(part, StepBlock) else None
        if shown is None:
            waiting.append(part)
            continue
        if waiting:
            console.print(Group(*waiting))
            waiting = []
        buffer.write("".join(line + "\n" for line in shown))
    if waiting:
        console.print(Group(*waiting))
    return buffer.getvalue()


__all__ = ["render", "renderables", "show_text"]
