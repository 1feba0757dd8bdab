"""Printers: pure functions of a record, one module per format, chosen in one place.

A printer never differentiates, simplifies or evaluates: it tells the story from the record.
`printer(record, format)` is the one lookup: what is printed (a `Derivation`, a `Comparison` of
routes, a `Jacobian` or `JacobianAt`, the `Report` of a checked file) and the format give a
`Printer`, whose ``render`` makes the string written to a file, and whose ``renderables`` (text
only, where the record has them) are what a terminal shows in colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable, Optional

FORMATS = ("text", "latex", "markdown", "json", "html")
RECORD_FORMATS = ("text", "latex", "markdown", "json")  # a comparison, a gradient or Hessian, a Jacobian
CHECK_FORMATS = ("text", "json")  # the report of a checked file


@dataclass(frozen=True)
class Printer:
    """How one kind of record is printed in one format.

    ``render(record, **options)`` gives the string; ``renderables(record, width=..., **options)``,
    when not None, gives rich renderables for a terminal of that width. Options a printer does not
    use are ignored.
    """

    render: Callable[..., str]
    renderables: Optional[Callable[..., list]] = None


def _known(format: str, formats: tuple[str, ...]) -> None:
    if format not in formats:
        raise ValueError(f"unknown format '{format}': choose one of {', '.join(formats)}")


def _derivation_renderables(derivation, *, explain: bool = False, **options) -> list:
    from .text import renderables

    return renderables(derivation, explain=explain, **options)


def printer(record, format: str = "text") -> Printer:
    """The printer of ``record`` in ``format``: the one place a printer is chosen.

    A `Comparison` is printed by derive.printers.comparison, a `Jacobian` or `JacobianAt` by
    derive.printers.jacobian, a checked file's `Report` by derive.printers.check (text or json),
    and anything else as a derivation, by the module named after the format. A format the record
    has no printer for is a ValueError.
    """
    from derive.engine.records import Derivation

    # Cheapest first: each check imports the module of its type, and a derivation is the usual record.
    if not isinstance(record, Derivation):
        from derive.checker.agreement import Comparison

        if isinstance(record, Comparison):
            _known(format, RECORD_FORMATS)
            return Printer(render=getattr(import_module(f"{__name__}.comparison"), format))

        from derive.engine.several import Gradient, Hessian

        if isinstance(record, (Gradient, Hessian)):
            _known(format, RECORD_FORMATS)
            module = import_module(f"{__name__}.several")
            return Printer(render=lambda several, **options: module.render(several, format, **options))

        from derive.functions.jacobian import Jacobian, JacobianAt

        if isinstance(record, (Jacobian, JacobianAt)):
            _known(format, RECORD_FORMATS)
            module = import_module(f"{__name__}.jacobian")
            return Printer(render=lambda jacobian, **options: module.render(jacobian, format, **options),
                           renderables=module.renderables if format == "text" else None)

        from derive.checker.written import Report

        if isinstance(record, Report):
            _known(format, CHECK_FORMATS)
            module = import_module(f"{__name__}.check")
            return Printer(render=lambda report, **options: module.render(report, format))

        from derive.functions.layer_jacobian import LayerJacobianAt

        if isinstance(record, LayerJacobianAt):  # a layer's Jacobian at a point: text or json
            module = import_module(f"{__name__}.layer_jacobian")
            _known(format, module.FORMATS)
            return Printer(render=lambda jacobian, **options: module.render(jacobian, format, **options),
                           renderables=module.renderables if format == "text" else None)
    _known(format, FORMATS)
    return Printer(render=import_module(f"{__name__}.{format}").render,
                   renderables=_derivation_renderables if format == "text" else None)


def render(record, format: str = "text", **options) -> str:
    """The record (a derivation, or any record `printer` knows) in ``format`` as a string."""
    return printer(record, format).render(record, **options)


def render_comparison(comparison, format: str = "text", **options) -> str:
    """A `Comparison` of several routes in ``format`` (`render` prints one as well)."""
    return render(comparison, format, **options)
