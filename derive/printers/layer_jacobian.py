"""Printers for a layer's Jacobian at a point (a `LayerJacobianAt`): text and JSON (schema
``derive.layer-jacobian/1``).

A pure function of its record: it never differentiates, simplifies or evaluates. Every check is
shown passed or FAILED; the verdict says PROVEN only when all passed; a property is printed only
when the record has it (it holds at the point).

    {"schema": "derive.layer-jacobian/1", "title": "...", "size": N, "expression": "<srepr>",
     "variable": "<srepr>", "general": "<srepr of the unified result>",
     "inputs": [srepr x_1 .. x_N], "point": ["1", ...] (as given), "constants": {"gamma": "1.0", ...},
     "outputs": [y_j with 12 significant digits], "numeric": [[J_jk with 12 significant digits]],
     "properties": [{"statement", "evidence"}], "checks": [{"subject", "passed", "method", "detail"}],
     "verified": bool, "verdict": "<sentence>"}

For a rectangular matrix (rows: the outputs; columns: the input's entries, row by row) "size" is the
number of rows, "inputs" the columns' entries, "point" the input's values as given (row by row),
and two keys more: "rows" [srepr of each output] and "arrays" {"q": [["1", "2"]], "K": [[...], ...]},
every array given at the point, its rows as given.
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
from sympy import srepr

from derive.functions.layer_jacobian import LayerJacobianAt
from derive.show import show_text

SCHEMA = "derive.layer-jacobian/1"
FORMATS = ("text", "json")
WIDTH = 100
DIGITS = 12


def number(value, digits: int = DIGITS) -> str:
    return mpmath.nstr(value, digits, min_fixed=-3)


def verdict(record: LayerJacobianAt) -> str:
    failures = record.failures
    if failures:
        return f"NOT PROVEN: {len(failures)} check(s) FAILED; the first: {failures[0].subject}: {failures[0].detail}"
    where = "at this point" if record.rectangular else f"at this point of {record.size} inputs"
    return (f"PROVEN: the general result, proven for every length, instantiated {where}, and it agrees with "
            "central differences of the layer there.")


def _check_line(check) -> str:
    return f"{'✓ passed' if check.passed else '✗ FAILED'}: {check.subject}: {check.detail} ({check.method})"


def renderables(record: LayerJacobianAt, *, width: int = WIDTH, digits: int = DIGITS, **options) -> list[RenderableType]:
    """What the terminal shows, top to bottom (every expression and number a `Text`)."""
    derivation, n = record.derivation, record.size
    derivative = f"∂({show_text(derivation.expression)})/∂{show_text(derivation.variable)}"
    width_of = len(record.inputs) if record.rectangular else n
    parts: list[RenderableType] = [
        Text(f"{derivation.title}, as the {n}×{width_of} Jacobian at a point", style="bold underline"),
        Text.assemble("Proven for every length by the derivation: " if derivation.verified else
                      "The derivation's result (NOT proven: its checker did not pass it): ",
                      derivative, " = ", (show_text(derivation.unified), "bold green")),
    ]
    parts.extend(_point_rectangular(record) if record.rectangular else [_point_square(record)])
    if record.constants:
        parts.append(Text("with " + ", ".join(f"{name} = {value}" for name, value in record.constants)))
    if record.numeric:
        row_by_row = " (row by row)" if len(record.inputs[0].indices) > 1 else ""
        title = (f"The Jacobian: a row for each output, a column for each entry of {show_text(record.inputs[0].base)}"
                 f"{row_by_row}" if record.rectangular else
                 f"The Jacobian: row j is output j, column k is ∂/∂{show_text(record.inputs[0].base)}_k")
        matrix = Table(title=Text(title),
                       box=box.SIMPLE_HEAD, padding=(0, 0), collapse_padding=True, pad_edge=False)
        matrix.add_column(Text(""), style="bold")
        for symbol in record.inputs:
            matrix.add_column(Text(f"∂/∂{show_text(symbol)}"), justify="right")
        if record.rectangular:  # as many digits as fit the width, every column shown whole
            digits = max(3, min(digits, (width - 8) // max(1, len(record.inputs)) - 5))
        for position, row in enumerate(record.numeric):
            label = show_text(record.rows[position]) if record.rectangular else f"row {position + 1}"
            matrix.add_row(Text(label), *[Text(" " + number(value, digits)) for value in row])
        parts.append(matrix)
    if record.properties:
        parts.append(Panel(Group(*[Text.assemble((statement, "bold"), f" ({evidence})")
                                   for statement, evidence in record.properties]),
                           title="What holds at this point (read off the matrix)", expand=False))
    ok = record.verified
    lines = [Text(_check_line(check), style="green" if check.passed else "bold red") for check in record.checks]
    lines.append(Text(verdict(record), style="bold green" if ok else "bold red"))
    parts.append(Panel(Group(*lines), title=f"Check: {'PROVEN' if ok else 'NOT PROVEN'}", expand=False,
                       border_style="green" if ok else "red"))
    return parts


def _point_square(record: LayerJacobianAt) -> Table:
    where = Table(title=Text("At the point"), box=box.SIMPLE_HEAD)
    for heading in ("", "input", "value", "output"):
        where.add_column(Text(heading), justify="left" if heading in ("", "input") else "right")
    for position, symbol in enumerate(record.inputs):
        output = number(record.outputs[position]) if record.outputs else "—"
        where.add_row(Text(str(position + 1)), Text(show_text(symbol)), Text(record.given[position]), Text(output))
    return where


def _point_rectangular(record: LayerJacobianAt) -> list[RenderableType]:
    """The arrays given (a matrix's rows separated by ';') and the layer's outputs there."""
    given = Table(title=Text("At the point"), box=box.SIMPLE_HEAD)
    for heading in ("array", "shape", "values (rows separated by ;)"):
        given.add_column(Text(heading), justify="left")
    for name, rank, rows in record.arrays:
        shape = f"{len(rows)}×{len(rows[0])}" if rank == 2 else f"{len(rows[0])}"
        given.add_row(Text(name), Text(shape), Text("; ".join(", ".join(row) for row in rows)))
    outputs = Table(title=Text("The layer there"), box=box.SIMPLE_HEAD)
    outputs.add_column(Text("output"), justify="left")
    outputs.add_column(Text("value"), justify="right")
    for symbol, value in zip(record.rows, record.outputs):
        outputs.add_row(Text(show_text(symbol)), Text(number(value)))
    return [given, outputs] if record.outputs else [given]


def text(record: LayerJacobianAt, *, width: int = WIDTH, **options) -> str:
    """Plain text (no colour codes), as written to a file."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    for part in renderables(record, width=width):
        console.print(part)
    return buffer.getvalue()


def record_data(record: LayerJacobianAt) -> dict:
    derivation = record.derivation
    return {
        "schema": SCHEMA,
        "title": derivation.title,
        "size": record.size,
        "expression": srepr(derivation.expression),
        "variable": srepr(derivation.variable),
        "general": srepr(derivation.unified),
        "inputs": [srepr(symbol) for symbol in record.inputs],
        "point": list(record.given),
        "constants": dict(record.constants),
        "outputs": [number(value) for value in record.outputs],
        "numeric": [[number(value) for value in row] for row in record.numeric],
        "properties": [{"statement": statement, "evidence": evidence} for statement, evidence in record.properties],
        "checks": [{"subject": check.subject, "passed": check.passed, "method": check.method,
                    "detail": check.detail} for check in record.checks],
        "verified": record.verified,
        "verdict": verdict(record),
        **({"rows": [srepr(symbol) for symbol in record.rows],
            "arrays": {name: [list(row) for row in rows] for name, _, rows in record.arrays}} if record.rectangular else {}),
    }


def json(record: LayerJacobianAt, **options) -> str:
    return json_module.dumps(record_data(record), indent=2, ensure_ascii=False) + "\n"


def render(record: LayerJacobianAt, format: str = "text", **options) -> str:
    if format not in FORMATS:
        raise ValueError(f"unknown format '{format}': choose one of {', '.join(FORMATS)}")
    return {"text": text, "json": json}[format](record, **options)


__all__ = ["FORMATS", "SCHEMA", "record_data", "render", "renderables", "verdict"]
