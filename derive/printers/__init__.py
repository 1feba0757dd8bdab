"""Printers: pure functions of a `Derivation`, one module per format, looked up by name.

A printer never differentiates, simplifies or evaluates: it tells the story from the record.
"""

from __future__ import annotations

from importlib import import_module

FORMATS = ("text", "latex", "markdown", "json")


def render(derivation, format: str = "text", **options) -> str:
    """The derivation in ``format`` (one of `FORMATS`) as a string."""
    if format not in FORMATS:
        raise ValueError(f"unknown format '{format}': choose one of {', '.join(FORMATS)}")
    module = import_module(f"{__name__}.{format}")
    return module.render(derivation, **options)


def render_comparison(comparison, format: str = "text", **options) -> str:
    """A `Comparison` of several routes in ``format``."""
    if format not in FORMATS:
        raise ValueError(f"unknown format '{format}': choose one of {', '.join(FORMATS)}")
    from . import comparison as printers

    return getattr(printers, format)(comparison, **options)
