"""Printers for the softmax Jacobian (a `Jacobian`, or a `JacobianAt` a point): text, LaTeX,
Markdown and JSON (schema ``derive.jacobian/1``).

Like every printer, a pure function of its record: it never differentiates, simplifies or
evaluates. Every check is shown passed or FAILED, and the verdict never says proven when one failed.

    {"schema": "derive.jacobian/1", "size": N, "general": "<srepr of the unified result>",
     "symbols": {"outputs": [srepr S_1 .. S_N], "inputs": [srepr z_1 .. z_N]},
     "entries": [[srepr of J_jk, k = 1..N], j = 1..N], "compared_with_sympy": bool,
     "proven_up_to": 8, "checks": [{"subject", "passed", "method", "detail"}],
     "properties": [{"name", "statement", "reason", "check"}], "verified": bool, "verdict": "<sentence>",
     with a point also: "point": ["1.0", ...] (as given), "outputs": ["0.0900305731704", ...],
     "numeric": [[J_jk with 12 significant digits]], "property_checks": [{...}]}
"""

from __future__ import annotations

import io
import json as json_module

import mpmath
from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from derive.show import show_srepr as srepr

from derive.functions.jacobian import Jacobian, JacobianAt, letters, outer_form
from .latex import PREAMBLE, latex_text
from .markdown import display, inline
from .markdown import text as markdown_text
from derive.show import show_latex, show_text

SCHEMA = "derive.jacobian/1"
FORMATS = ("text", "latex", "markdown", "json")
SHOWN = 8  # rows and columns shown in full; above, the middle ones are elided (JSON always has all)
WIDTH = 100
DIGITS = 12  # significant digits of the numbers shown


# --------------------------------------------------------------------------------------------
# What every format says

def _jacobian(record) -> Jacobian:
    return record.jacobian if isinstance(record, JacobianAt) else record


def _checks(record) -> tuple:
    return _jacobian(record).checks + (record.checks if isinstance(record, JacobianAt) else ())


def _failures(record) -> list:
    return [check for check in _checks(record) if not check.passed]


def verdict(record) -> str:
    """One sentence: PROVEN only when every check passed."""
    jac, failures = _jacobian(record), _failures(record)
    n = jac.size
    if failures:
        first = failures[0]
        return f"NOT PROVEN: {len(failures)} check(s) FAILED; the first: {first.subject}: {first.detail}"
    if jac.compared:
        said = (f"PROVEN: the {n}×{n} {jac.words.short} is the general result with the indices set, and it equals "
                f"{jac.words.tool} of {jac.words.against.format(n=n)}")
    else:
        said = (f"PROVEN by the general derivation (for every length) and instantiated for N = {n}; at this size "
                f"it was not compared with {jac.words.tool} (that is done up to N = {jac.proven_up_to})")
    if isinstance(record, JacobianAt):
        said += "; every property holds at the point"
    return said + "."


def _general(jac: Jacobian):
    """(∂S_j/∂z_k as text parts, the unified result) of the derivation."""
    definition = jac.derivation.definitions[0]
    return definition.name, jac.derivation.variable, jac.derivation.unified


def _derivative_text(jac: Jacobian) -> str:
    """What each entry is: ∂S_j/∂z_k (or the record's own words, ∂²Loss/∂z_j∂z_k)."""
    name, variable, _ = _general(jac)
    return jac.words.derivative_text or f"∂{show_text(name)}/∂{show_text(variable)}"


def _derivative_latex(jac: Jacobian) -> str:
    name, variable, _ = _general(jac)
    return jac.words.derivative_latex or rf"\frac{{\partial {show_latex(name)}}}{{\partial {show_latex(variable)}}}"


def _heading(jac: Jacobian) -> str:
    """What the general result is: proven only when the derivation's checker passed it."""
    if jac.derivation.verified:
        return "Proven for every length by the derivation"
    return "The derivation's result (NOT proven: its checker did not pass it)"


def _instantiated_sentence(jac: Jacobian) -> str:
    info = letters(jac.derivation)
    j, k = show_text(info.output), show_text(info.wrt)
    if jac.size > 1:
        shape = (f" ({show_text(jac.matrix[0, 0])} on the diagonal, {show_text(jac.matrix[0, 1])} off it: "
                 f"{outer_form(jac.derivation)})")
    else:
        shape = f" ({show_text(jac.matrix[0, 0])})"
    return (f"Entry ({j}, {k}) of the {jac.size}×{jac.size} matrix ({jac.words.axes.format(j=j, k=k)}) is "
            f"that result with {j} and {k} set to numbers and the length to {jac.size}{shape}. "
            f"No {jac.words.short} was computed by SymPy to build it.")


def _how(jac: Jacobian) -> str:
    if jac.compared:
        return (f"Checked at this size against {jac.words.tool} of {jac.words.against.format(n=jac.size)} "
                f"({show_text(jac.outputs[0].base)} unfolded into its definition, the sums written out).")
    return (f"N = {jac.size} is above {jac.proven_up_to}: only the instantiation is done, which the general "
            f"derivation proves for every length; it was not compared with {jac.words.tool} at this size.")


def _shown(n: int, full: bool, limit: int = SHOWN) -> list:
    """Row/column positions to show (None: the elided middle), ``limit`` columns at most."""
    if full or n <= limit:
        return list(range(n))
    return list(range(limit - 2)) + [None, n - 1]


def _limit_to_fit(jac: Jacobian, rows: list, width: int) -> int:
    """How many columns of the symbolic matrix to show (above `SHOWN` only) so that it fits ``width``."""
    for limit in range(SHOWN, 3, -1):
        shown = [b for b in _shown(jac.size, False, limit) if b is not None]
        cells = sum(max(len(show_text(jac.matrix[a, b])) for a in shown) + 1 for b in shown) + 2
        if max(len(row) for row in rows) + 2 + cells <= width:
            return limit
    return 3


def number(value, digits: int = DIGITS) -> str:
    """``digits`` (12) significant digits."""
    return mpmath.nstr(value, digits, min_fixed=-3)


def _digits_to_fit(values: list, columns: int, label: int, width: int) -> int:
    """The most significant digits (12 down to 4) with which ``columns`` of ``values`` and the row
    label fit across ``width`` characters of a compact table (one space between columns)."""
    for digits in range(DIGITS, 4, -1):
        cell = max(max(len(number(value, digits)) for value in values), 3)
        if label + 2 + (cell + 1) * columns <= width:
            return digits
    return 4


def _reason_text(parts) -> str:
    return "".join(part if isinstance(part, str) else show_text(part) for part in parts)


def _check_line(check) -> str:
    mark = "✓ passed" if check.passed else "✗ FAILED"
    return f"{mark}: {check.subject}: {check.detail} ({check.method})"


# --------------------------------------------------------------------------------------------
# Text

def _matrix_table(title: str, rows: list, columns: list, cell, full: bool, *, compact: bool = False,
                  limit: int = SHOWN) -> Table:
    """A matrix as a table; ``compact``: one space between columns, for rows of numbers."""
    table = (Table(title=Text(title), box=box.SIMPLE_HEAD, padding=(0, 0), collapse_padding=True, pad_edge=False)
             if compact else Table(title=Text(title)))
    shown = _shown(len(rows), full, limit)
    table.add_column(Text(""), style="bold", overflow="fold")
    for b in shown:
        table.add_column(Text("…" if b is None else columns[b]), justify="right", overflow="fold")
    for a in shown:
        if a is None:
            table.add_row(Text("⋮"), *[Text("⋱" if b is None else "⋮") for b in shown])
            continue
        table.add_row(Text(rows[a]), *[Text("…" if b is None else cell(a, b)) for b in shown])
    return table


def renderables(record, *, full: bool = False, width: int = WIDTH, **options) -> list[RenderableType]:
    """What the terminal shows, top to bottom (rich renderables; every cell a `Text`).

    ``width`` is the console's width: the numbers of the numeric matrix get as many significant
    digits (up to 12) as fit across it; JSON always has 12.
    """
    jac = _jacobian(record)
    name, variable, unified = _general(jac)
    n = jac.size
    rows = [show_text(S) for S in jac.outputs]
    columns = [f"∂/∂{show_text(z)}" for z in jac.inputs]
    limit = SHOWN if full or n <= SHOWN else _limit_to_fit(jac, rows, width)
    parts: list[RenderableType] = [
        Text(f"{jac.words.title}, N = {n}", style="bold underline"),
        Text.assemble(f"{_heading(jac)}: ", _derivative_text(jac),
                      " = ", (show_text(unified), "bold green")),
        Text(_instantiated_sentence(jac)),
        _matrix_table(f"{_derivative_text(jac)}, row {show_text(letters(jac.derivation).output)}, "
                      f"column {show_text(letters(jac.derivation).wrt)}", rows, columns,
                      lambda a, b: show_text(jac.matrix[a, b]), full, compact=True, limit=limit),
        Text(_how(jac)),
    ]
    if n > limit and not full:
        parts.append(Text(f"(showing {limit - 1} of {n} rows and columns; --format json has every entry)",
                          style="dim"))
    lines = [Text.assemble((f"{prop.name}: ", "bold"), prop.statement, "\n  ", (_reason_text(prop.reason), "italic"))
             for prop in jac.properties]
    if lines:
        parts.append(Panel(Group(*lines), title="Why: each property from the general result", expand=False))
    if isinstance(record, JacobianAt):
        parts.extend(_point_renderables(record, full, width))
    parts.append(_verdict_panel(record))
    return parts


def _point_renderables(record: JacobianAt, full: bool, width: int) -> list[RenderableType]:
    jac = record.jacobian
    S, z = (show_text(symbol.base) for symbol in (jac.outputs[0], jac.inputs[0]))
    where = Table(title=Text(f"At the point ({S} with the max-subtraction trick: e^({z}_j − max {z}) / "
                             f"Σ_l e^({z}_l − max {z}))"))
    for heading in ("", "input", "value", "output", "value"):
        where.add_column(Text(heading), justify="right" if heading == "value" else "left")
    given = record.given or tuple(number(z) for z in record.point)
    for position in _shown(record.size, full):
        if position is None:
            where.add_row(*[Text("⋮") for _ in range(5)])
            continue
        where.add_row(Text(str(position + 1)), Text(show_text(jac.inputs[position])), Text(given[position]),
                      Text(show_text(jac.outputs[position])), Text(number(record.outputs[position])))
    rows = [show_text(S) for S in jac.outputs]
    columns = [f"∂/∂{show_text(z)}" for z in jac.inputs]
    shown = [b for b in _shown(record.size, full) if b is not None]
    header = max(len(columns[b]) for b in shown)
    digits = _digits_to_fit([record.numeric[a][b] for a in shown for b in shown], len(_shown(record.size, full)),
                            max(max(len(row) for row in rows), header - 1), width)
    numeric = _matrix_table(f"The {jac.words.short} at this point ({digits} significant digits)", rows, columns,
                            lambda a, b: number(record.numeric[a][b], digits), full, compact=True)
    return [where, numeric]


def _verdict_panel(record) -> RenderableType:
    jac = _jacobian(record)
    lines = [Text("Checks of the matrix:", style="bold")]
    lines += [Text(_check_line(check), style="green" if check.passed else "bold red") for check in jac.checks]
    if isinstance(record, JacobianAt):
        lines.append(Text("Checks at the point:", style="bold"))
        lines += [Text(_check_line(check), style="green" if check.passed else "bold red") for check in record.checks]
    ok = not _failures(record)
    lines.append(Text(verdict(record), style="bold green" if ok else "bold red"))
    return Panel(Group(*lines), title=f"Check: {'PROVEN' if ok else 'NOT PROVEN'}", expand=False,
                 border_style="green" if ok else "red")


def text(record, *, width: int = WIDTH, full: bool = False, **options) -> str:
    """Plain text (no colour codes), as written to a file."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, legacy_windows=False,
                      highlight=False)
    for part in renderables(record, full=full, width=width):
        console.print(part)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# LaTeX

def words(text_: str) -> str:
    """Plain words for pdflatex running text (ᵀ and | made safe too)."""
    return latex_text(text_.replace("ᵀ", "\x00")).replace("|", r"\(|\)").replace("\x00", r"\(^{\mathsf{T}}\)")


def outer_latex(jac: Jacobian) -> str:
    S = show_latex(letters(jac.derivation).name.base)
    return rf"\operatorname{{diag}}({S}) - {S} {S}^{{\mathsf{{T}}}}"


def _latex_reason(parts) -> str:
    return "".join(words(part) if isinstance(part, str) else rf"\({show_latex(part)}\)" for part in parts)


def _latex_number(value) -> str:
    shown = number(value)
    if "e" in shown:
        mantissa, exponent = shown.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return shown


def pmatrix(n: int, cell, full: bool, *, counter: bool = True) -> str:
    """``\\begin{pmatrix}`` with ``cell(a, b)`` in LaTeX, the middle elided above `SHOWN`."""
    shown = _shown(n, full)
    lines = []
    for a in shown:
        if a is None:
            lines.append(" & ".join(r"\ddots" if b is None else r"\vdots" for b in shown))
        else:
            lines.append(" & ".join(r"\cdots" if b is None else cell(a, b) for b in shown))
    columns = len(shown)
    setting = rf"\setcounter{{MaxMatrixCols}}{{{columns}}}" + "\n" if counter and columns > 10 else ""
    return setting + "\\begin{pmatrix}\n" + " \\\\\n".join(lines) + "\n\\end{pmatrix}"


def _latex_body(record, full: bool) -> list[str]:
    jac = _jacobian(record)
    name, variable, unified = _general(jac)
    n = jac.size

    def vector(symbols) -> str:
        return r"\begin{pmatrix}" + r" \\ ".join(show_latex(symbol) for symbol in symbols) + r"\end{pmatrix}"

    derivative = _derivative_latex(jac)
    body = [rf"\section*{{{jac.words.title}, \(N = {n}\)}}",
            words(_heading(jac)) + ":",
            rf"\[ {derivative} = {show_latex(unified)} \]",
            words(_instantiated_sentence(jac)),
            rf"\[ {jac.words.letter} = {outer_latex(jac)} = "
            + pmatrix(n, lambda a, b: show_latex(jac.matrix[a, b]), full) + r" \]"]
    if n <= SHOWN or full:
        S, z = (show_latex(symbol.base) for symbol in (jac.outputs[0], jac.inputs[0]))
        body.insert(-1, rf"with the outputs \({S} = {vector(jac.outputs)}\) and the inputs "
                        rf"\({z} = {vector(jac.inputs)}\).")
    body.append(words(_how(jac)))
    if jac.properties:
        body.append(r"\subsection*{Why: each property from the general result}")
        body.append(r"\begin{itemize}")
        body += [rf"\item \textbf{{{words(prop.name)}}}: {_latex_reason(prop.reason)}" for prop in jac.properties]
        body.append(r"\end{itemize}")
    if isinstance(record, JacobianAt):
        given = record.given or tuple(number(z) for z in record.point)
        shown = _shown(n, full)
        body.append(r"\subsection*{At the point}")
        S, z = (show_latex(symbol.base) for symbol in (jac.outputs[0], jac.inputs[0]))
        body.append(rf"\({S}\) is computed with the max-subtraction trick, \(e^{{{z}_j - \max {z}}} / "
                    rf"\sum_l e^{{{z}_l - \max {z}}}\), which gives the same value and never overflows.")
        body.append(r"\begin{tabular}{rlrlr}")
        body.append(r" & input & value & output & value \\ \hline")
        for p in shown:
            if p is None:
                body.append(r"\(\vdots\) & & & & \\")
                continue
            body.append(rf"{p + 1} & \({show_latex(jac.inputs[p])}\) & {words(given[p])} & "
                        rf"\({show_latex(jac.outputs[p])}\) & \({_latex_number(record.outputs[p])}\) \\")
        body.append(r"\end{tabular}")
        body.append(rf"\[ {jac.words.letter} = " + pmatrix(n, lambda a, b: _latex_number(record.numeric[a][b]), full) + r" \]")
    body.append(r"\subsection*{Checks}")
    body.append(r"\begin{itemize}")
    body += [rf"\item \textbf{{{'passed' if c.passed else 'FAILED'}}}: {words(c.subject)} --- {words(c.detail)} "
             rf"({words(c.method)})" for c in _checks(record)]
    body.append(r"\end{itemize}")
    body.append(rf"\textbf{{{words(verdict(record))}}}")
    return body


def latex(record, *, fragment: bool = False, full: bool = False, **options) -> str:
    """A standalone document for pdflatex, or (``fragment``) the body alone, which needs only amsmath."""
    body = _latex_body(record, full)
    if fragment:
        return "\n".join(body) + "\n"
    return "\n".join([PREAMBLE, r"\begin{document}", *body, r"\end{document}", ""])


# --------------------------------------------------------------------------------------------
# Markdown

def _markdown_reason(parts) -> str:
    return "".join(markdown_text(part) if isinstance(part, str) else inline(part) for part in parts)


def markdown(record, *, full: bool = False, **options) -> str:
    jac = _jacobian(record)
    name, variable, unified = _general(jac)
    n = jac.size
    derivative = _derivative_latex(jac)
    parts = [f"# {jac.words.title}, N = {n}\n", f"{markdown_text(_heading(jac))}:\n",
             display(f"{derivative} = {show_latex(unified)}"), markdown_text(_instantiated_sentence(jac)) + "\n",
             display(rf"{jac.words.letter} = {outer_latex(jac)} = "
                     + pmatrix(n, lambda a, b: show_latex(jac.matrix[a, b]), full, counter=False)),
             markdown_text(_how(jac)) + "\n"]
    if jac.properties:
        parts.append("## Why: each property from the general result\n")
        parts.append("\n".join(f"- **{markdown_text(prop.name)}**: {_markdown_reason(prop.reason)}"
                               for prop in jac.properties) + "\n")
    if isinstance(record, JacobianAt):
        given = record.given or tuple(number(z) for z in record.point)
        parts.append("## At the point\n")
        S, z = (show_latex(symbol.base) for symbol in (jac.outputs[0], jac.inputs[0]))
        parts.append(f"${S}$ is computed with the max-subtraction trick, "
                     + inline_latex(rf"e^{{{z}_j - \max {z}}} / \sum_l e^{{{z}_l - \max {z}}}")
                     + ", which gives the same value and never overflows.\n")
        table = ["| | input | value | output | value |", "|---|---|---:|---|---:|"]
        for p in _shown(n, full):
            if p is None:
                table.append("| ⋮ | | | | |")
                continue
            table.append(f"| {p + 1} | {inline(jac.inputs[p])} | {markdown_text(given[p])} | "
                         f"{inline(jac.outputs[p])} | {number(record.outputs[p])} |")
        parts.append("\n".join(table) + "\n")
        parts.append(display(f"{jac.words.letter} = " + pmatrix(n, lambda a, b: _latex_number(record.numeric[a][b]), full,
                                       counter=False)))
    parts.append("## Checks\n")
    parts.append("\n".join(f"- {'✓ passed' if c.passed else '✗ **FAILED**'}: {markdown_text(c.subject)}: "
                           f"{markdown_text(c.detail)} ({markdown_text(c.method)})" for c in _checks(record)) + "\n")
    parts.append(f"**{markdown_text(verdict(record))}**\n")
    return "\n".join(parts)


def inline_latex(latex_: str) -> str:
    return f"${latex_}$"


# --------------------------------------------------------------------------------------------
# JSON

def _check_record(check) -> dict:
    return {"subject": check.subject, "passed": check.passed, "method": check.method, "detail": check.detail}


def record_data(record) -> dict:
    """The record as JSON-ready data (schema derive.jacobian/1)."""
    jac = _jacobian(record)
    n = jac.size
    data = {
        "schema": SCHEMA,
        "size": n,
        "general": srepr(jac.derivation.unified),
        "symbols": {"outputs": [srepr(S) for S in jac.outputs], "inputs": [srepr(z) for z in jac.inputs]},
        "entries": [[srepr(jac.matrix[a, b]) for b in range(n)] for a in range(n)],
        "compared_with_sympy": jac.compared,
        "proven_up_to": jac.proven_up_to,
        "checks": [_check_record(check) for check in jac.checks],
        "properties": [{"name": prop.name, "statement": prop.statement, "reason": _reason_text(prop.reason),
                        "check": _check_record(prop.check)} for prop in jac.properties],
    }
    if isinstance(record, JacobianAt):
        data["point"] = list(record.given or (number(z) for z in record.point))
        data["outputs"] = [number(S) for S in record.outputs]
        data["numeric"] = [[number(value) for value in row] for row in record.numeric]
        data["property_checks"] = [_check_record(check) for check in record.checks]
    data["verified"] = not _failures(record)
    data["verdict"] = verdict(record)
    return data


def json(record, **options) -> str:
    return json_module.dumps(record_data(record), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------

def render(record, format: str = "text", **options) -> str:
    """A `Jacobian` or a `JacobianAt` in ``format`` (text, latex, markdown or json) as a string.

    Options: ``fragment`` (LaTeX: the body only, needing just amsmath), ``full`` (every row and
    column even above 8), ``width`` (text). Unknown options are ignored, as the other printers do.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format '{format}': choose one of {', '.join(FORMATS)}")
    if not isinstance(record, (Jacobian, JacobianAt)):
        raise TypeError(f"expected a Jacobian or a JacobianAt, not {type(record).__name__}")
    return {"text": text, "latex": latex, "markdown": markdown, "json": json}[format](record, **options)


__all__ = ["FORMATS", "SCHEMA", "record_data", "render", "renderables", "verdict"]
