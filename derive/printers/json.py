"""JSON in the schema ``derive.derivation/1``: every expression as ``sympy.srepr(expr, order="none")``.

    {"schema": "derive.derivation/1", "expression", "wrt",
     "steps": [{"rule", "why", "before", "after", "latex", "case"}],   shared, then each case
     "result", "verified", "cases": [{"case", "result"}], "merge", "unified",
     "checks": [{"subject", "passed", "method", "detail"}],
     "definitions": [{"name", "body"}],
     "lemmas": [{"name", ... the same keys for each lemma}]}   only where named parts have lemmas

``lemmas`` holds the derivative of each named part (mu, sigma, xhat[j]), derived once before the
steps and used by them (the rule "proven derivative"), each a derivation in this schema with its
``name``.

``definitions`` holds every named part (S, mu, xhat[j]) that the steps or the result use, with its
body: unfolding them in the order given leaves plain expressions.

``merge`` is the step joining the cases (null without a split); it is not in ``steps``.
"""

from __future__ import annotations

import json  # the standard library: this module is derive.printers.json, imports are absolute
import math
from functools import partial
from json.encoder import encode_basestring  # a string as JSON writes it (ensure_ascii=False)
from typing import Callable

from sympy import Basic

from derive.engine.records import Check, Derivation, Step
from derive.show import show_latex, show_latex_pieces, show_text
from derive.show import show_srepr as srepr  # the string of sympy.srepr(order="none"), each shared part printed once

SCHEMA = "derive.derivation/1"


def step_record(step: Step, explain: bool = False, *, latex: Callable[[Basic], str] = show_latex) -> dict:
    """One step: rule name, plain-text justification, both expressions, LaTeX (``latex``), case
    (and, with ``explain``, the rule's longer explanation where it has one)."""
    data = {
        "rule": step.rule.name,
        "why": step.why(show_text),
        "before": srepr(step.before),
        "after": srepr(step.after),
        "latex": latex(step.after),
        "case": None if step.case is None else srepr(step.case),
    }
    if explain and step.explain(show_text):
        data["explanation"] = step.explain(show_text)
    if step.stage > 1:
        data["stage"] = step.stage
    return data


def record(derivation: Derivation, explain: bool = False, *, latex: Callable[[Basic], str] = show_latex) -> dict:
    """The derivation as plain JSON-ready data (each step's LaTeX made by ``latex``)."""
    steps = list(derivation.steps) + [step for case in derivation.cases for step in case.steps]
    verification = derivation.verification
    checks = verification.steps + verification.result if verification is not None else ()
    return {
        "schema": SCHEMA,
        "expression": srepr(derivation.expression),
        "wrt": srepr(derivation.variable),
        "steps": [step_record(step, explain, latex=latex) for step in steps],
        "result": srepr(derivation.result),
        "verified": derivation.verified,
        "cases": [{"case": srepr(case.relation), "result": srepr(case.result)} for case in derivation.cases],
        "merge": None if derivation.merge is None else step_record(derivation.merge, explain, latex=latex),
        "unified": srepr(derivation.unified),
        "checks": [check_record(check) for check in checks],
        "seed": verification.seed if verification is not None else None,
        "definitions": definitions_used(derivation, steps),
    } | ({"order": derivation.order} if derivation.order > 1 else {}) \
      | ({"variables": [srepr(variable) for variable in derivation.wrt]} if derivation.wrt else {}) \
      | ({"lemmas": [record(lemma, explain, latex=latex) | {"name": srepr(lemma.name), "title": lemma.title}
                     for lemma in derivation.lemmas]} if derivation.lemmas else {})


def definitions_used(derivation: Derivation, steps: list[Step]) -> list[dict]:
    """The definitions whose name stands somewhere in the steps or the result, each once."""
    shown = [derivation.expression, derivation.result, derivation.unified,
             *(expr for step in [*steps, *([derivation.merge] if derivation.merge else [])]
               for expr in (step.before, step.after))]
    return [{"name": srepr(definition.name), "body": srepr(definition.body)} for definition in derivation.definitions
            if any(expr.has(definition.name) or expr.find(definition.is_instance) for expr in shown)]


def check_record(check: Check) -> dict:
    """A check as data: what it rests on, field by field."""
    return {"subject": check.subject, "passed": check.passed, "method": check.method, "detail": check.detail,
            "step": check.step, "points": check.points, "confirmed": check.confirmed,
            "scales": list(check.scales) if check.scales else None, "lengths": list(check.lengths),
            "length_symbols": list(check.length_symbols),
            "patterns": [[[str(index) for index in group] for group in pattern] for pattern in check.patterns],
            "region": None if check.region is None else srepr(check.region), "seed": check.seed,
            "symbolic": check.symbolic, "counterexample": dict(check.counterexample) or None}


def render(derivation: Derivation, *, explain: bool = False, **options) -> str:
    """The derivation as pretty-printed JSON (indent 2, UTF-8 text), with a trailing newline.

    ``explain`` adds an "explanation" to the steps whose rule has one.
    """
    pieces: list[str] = []
    escaped: dict = {}
    _write(record(derivation, explain, latex=partial(_latex, escaped=escaped, inner={})), "\n", pieces, escaped)
    pieces.append("\n")
    return "".join(pieces)


def _latex(expr: Basic, *, escaped: dict, inner: dict) -> str:
    """`show_latex` of ``expr``, its JSON string put in ``escaped`` (see `_write`) made of the
    escaped pieces it is made of (`show_latex_pieces`): JSON escapes each character on its own,
    so the escaped whole is the escaped pieces in turn, and a term's LaTeX, the same string step
    after step, is escaped once (``inner`` remembers them by identity while the render lasts)."""
    pieces = show_latex_pieces(expr)
    whole = "".join(pieces)
    written = ['"']
    for piece in pieces:
        known = inner.get(id(piece))
        if known is None or known[0] is not piece:
            quoted = _quoted(piece)
            known = inner[id(piece)] = (piece, quoted[1] if len(quoted) == 3 else quoted[0][1:-1])
        written.append(known[1])
    written.append('"')
    escaped[id(whole)] = (whole, written)
    return whole


def _write(value, newline: str, pieces: list[str], escaped: dict) -> None:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, its lines after the first indented as
    ``newline`` says, appended to ``pieces``: the same text, but each string object escaped once
    (the expression before a step is the string of the one after the step before: ``escaped``
    remembers them by identity while the render lasts) and no copy of the whole at the end."""
    if isinstance(value, str):
        known = escaped.get(id(value))
        if known is None or known[0] is not value:
            known = escaped[id(value)] = (value, _quoted(value))
        pieces.extend(known[1])
    elif isinstance(value, dict) and value and all(isinstance(key, str) for key in value):
        inner = newline + "  "
        for number, (key, item) in enumerate(value.items()):
            pieces.append(("," if number else "{") + inner + encode_basestring(key) + ": ")
            _write(item, inner, pieces, escaped)
        pieces.append(newline + "}")
    elif isinstance(value, (list, tuple)) and value:
        inner = newline + "  "
        for number, item in enumerate(value):
            pieces.append(("," if number else "[") + inner)
            _write(item, inner, pieces, escaped)
        pieces.append(newline + "]")
    elif value is None or value is True or value is False:
        pieces.append(_CONSTANTS[value])
    elif type(value) is int or (type(value) is float and math.isfinite(value)):
        pieces.append(type(value).__repr__(value))  # as json writes them
    elif type(value) in (list, tuple, dict) and not value:
        pieces.append("{}" if type(value) is dict else "[]")
    else:  # a float that is not finite, an object with keys that are not strings, ...
        pieces.append(json.dumps(value, indent=2, ensure_ascii=False).replace("\n", newline))


_CONSTANTS = {None: "null", True: "true", False: "false"}  # looked up only for these three objects
_ESCAPED = bytes(range(32)) + b'"\\'  # what json escapes in ASCII text (with ensure_ascii=False)


def _quoted(text: str) -> tuple[str, ...]:
    """``text`` as JSON writes it, in pieces: between quotes as it stands where it is ASCII with
    nothing to escape (an expression's srepr, found so by a scan in C, is not copied), else
    escaped by json's own encoder."""
    if text.isascii() and "\\" not in text and len(text.encode("ascii").translate(None, _ESCAPED)) == len(text):
        return '"', text, '"'
    return (encode_basestring(text),)
