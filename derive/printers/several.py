"""The gradient and the Hessian in every format: each entry's derivation as its own printer
tells it, then the vector or matrix they make, and one verdict over all of them.

JSON: ``{"schema": "derive.gradient/1", "expression", "variables", "verified",
"derivations": [<derive.derivation/1>, ...]}``, and ``{"schema": "derive.hessian/1", ...,
"gradient": [<derive.derivation/1>, ...], "rows": [[<derive.derivation/1>, ...], ...]}``.
"""

from __future__ import annotations

import json

from derive.show import show_srepr as srepr

from derive.show import show_latex, show_text

from . import json as json_printer
from . import latex as latex_printer
from . import markdown as markdown_printer
from . import text as text_printer

GRADIENT, HESSIAN = "derive.gradient/1", "derive.hessian/1"


def _is_hessian(record) -> bool:
    return hasattr(record, "rows")


def _entries(record) -> list:
    if _is_hessian(record):
        return [*record.gradient.derivations, *(entry for row in record.rows for entry in row)]
    return list(record.derivations)


def _verdict(record) -> str:
    entries = _entries(record)
    failed = [entry for entry in entries if not entry.verified]
    what = "Hessian" if _is_hessian(record) else "gradient"
    if not failed:
        return f"PROVEN: every entry of the {what} ({len(entries)} derivations) was checked step by step."
    return f"NOT PROVEN: {len(failed)} of {len(entries)} derivations of the {what} did not pass their checks."


def _summary_text(record) -> list[str]:
    names = ", ".join(show_text(variable) for variable in record.variables)
    if _is_hessian(record):
        lines = [f"The Hessian of {show_text(record.expression)} over ({names}):"]
        lines += ["  [" + ", ".join(show_text(entry.shown_unified) for entry in row) + "]" for row in record.rows]
    else:
        lines = [f"The gradient of {show_text(record.expression)} over ({names}):"]
        lines += [f"  ∂/∂{show_text(d.variable)} = {show_text(d.shown_unified)}" for d in record.derivations]
    return lines + [_verdict(record)]


def text(record, *, width: int = text_printer.WIDTH, explain: bool = False, **options) -> str:
    parts = [text_printer.render(entry, width=width, explain=explain) for entry in _entries(record)]
    return "\n".join(parts) + "\n" + "\n".join(_summary_text(record)) + "\n"


def markdown(record, *, explain: bool = False, **options) -> str:
    parts = [markdown_printer.render(entry, explain=explain) for entry in _entries(record)]
    names = ", ".join(f"${show_latex(variable)}$" for variable in record.variables)
    if _is_hessian(record):
        rows = r" \\ ".join(" & ".join(show_latex(entry.shown_unified) for entry in row) for row in record.rows)
        summary = f"## The Hessian over {names}\n\n$$\n\\begin{{pmatrix}} {rows} \\end{{pmatrix}}\n$$\n"
    else:
        rows = r" \\ ".join(show_latex(d.shown_unified) for d in record.derivations)
        summary = f"## The gradient over {names}\n\n$$\n\\begin{{pmatrix}} {rows} \\end{{pmatrix}}\n$$\n"
    return "\n".join(parts) + "\n" + summary + f"\n**{_verdict(record)}**\n"


def latex(record, *, explain: bool = False, fragment: bool = False, **options) -> str:
    body = [latex_printer.render(entry, explain=explain, fragment=True) for entry in _entries(record)]
    if _is_hessian(record):
        rows = r" \\ ".join(" & ".join(show_latex(entry.shown_unified) for entry in row) for row in record.rows)
    else:
        rows = r" \\ ".join(show_latex(d.shown_unified) for d in record.derivations)
    body.append(rf"\[ \begin{{pmatrix}} {rows} \end{{pmatrix}} \]")
    body.append(latex_printer.latex_text(_verdict(record)))
    joined = "\n\n".join(body) + "\n"
    if fragment:
        return joined
    return "\n".join([latex_printer.PREAMBLE, r"\begin{document}", joined, r"\end{document}", ""])


def record_of(record, explain: bool = False) -> dict:
    data = {"schema": HESSIAN if _is_hessian(record) else GRADIENT, "expression": srepr(record.expression),
            "variables": [srepr(variable) for variable in record.variables], "verified": record.verified}
    if _is_hessian(record):
        data["gradient"] = [json_printer.record(d, explain) for d in record.gradient.derivations]
        data["rows"] = [[json_printer.record(entry, explain) for entry in row] for row in record.rows]
    else:
        data["derivations"] = [json_printer.record(d, explain) for d in record.derivations]
    return data


def json_(record, *, explain: bool = False, **options) -> str:
    return json.dumps(record_of(record, explain), indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": text, "markdown": markdown, "latex": latex, "json": json_}


def render(record, format: str = "text", **options) -> str:
    return RENDERERS[format](record, **options)


__all__ = ["GRADIENT", "HESSIAN", "render", "record_of"]
