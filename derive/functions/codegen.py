"""Code generation: NumPy or PyTorch functions translated from derived expressions, never from
templates.

Two translators share what is here (the backends, numbers, powers, exponentials and logarithms):
`derive.functions.entry_code` writes ``forward``, ``jacobian`` and ``backward`` for a function of
indexed inputs (softmax, a layer, a loss), each free index an axis; `function_module` below writes a
function of plain variables and its derivative or gradient with SymPy's own NumPy and PyTorch
printers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Basic, Indexed, Integer, KroneckerDelta, Pow, Rational, Sum, Symbol, exp, log

from derive.show import show_text


@dataclass(frozen=True)
class Backend:
    """How one array library spells what the translation needs."""

    name: str
    module: str          # the import line
    array: str           # turn the input into a float array
    exp: str
    log: str
    largest: str         # the largest input along the last axis, kept as an axis: {0} is the array


NUMPY = Backend("numpy", "import numpy as np", "np.asarray({0}, dtype=float)", "np.exp", "np.log",
                "np.max({0}, axis=-1, keepdims=True)")
TORCH = Backend("torch", "import torch", "torch.as_tensor({0}, dtype=torch.float64)", "torch.exp", "torch.log",
                "torch.amax({0}, dim=-1, keepdim=True)")
BACKENDS = {backend.name: backend for backend in (NUMPY, TORCH)}


class Untranslatable(Exception):
    """An expression the array translator has no form for."""


def number_source(expr: Basic) -> str | None:
    """The source of a number (2, (1 / 3), 0.5), or None for anything else: both translators'."""
    if isinstance(expr, Integer):
        return str(int(expr))
    if isinstance(expr, Rational):
        return f"({int(expr.p)} / {int(expr.q)})"
    if expr.is_Float:
        return repr(float(expr))
    return None


def elementary_source(expr: Basic, backend: Backend, inner) -> str | None:
    """The source of a power, an exponential or a logarithm, its parts written by ``inner``; None
    for anything else: both translators'."""
    if isinstance(expr, Pow):
        return f"({inner(expr.base)} ** {inner(expr.exp)})"
    if isinstance(expr, exp):
        return f"{backend.exp}({inner(expr.args[0])})"
    if isinstance(expr, log) and len(expr.args) == 1:
        return f"{backend.log}({inner(expr.args[0])})"
    return None


# --------------------------------------------------------------------------------------------
# Any function of plain variables: f and its derivative (or gradient), printed by SymPy's own
# NumPy and PyTorch printers from the derived expressions, after the functions those libraries
# lack are written with the ones they have.

def _pairwise(combine):
    """max or min of any number of arguments from the rule for two."""
    def rewrite(*arguments):
        result = arguments[0]
        for argument in arguments[1:]:
            result = combine(result, argument)
        return result
    return rewrite


def _primitive_forms() -> dict:
    from sympy import (Abs, Heaviside, Max, Min, acos, acosh, acot, acoth, acsc, acsch, asec, asech, asin, asinh,
                       atan, atanh, cos, cosh, cot, coth, csc, csch, sec, sech, sign, sin, sinh, tanh)
    return {
        sec: lambda u: 1 / cos(u), csc: lambda u: 1 / sin(u), cot: lambda u: cos(u) / sin(u),
        sech: lambda u: 1 / cosh(u), csch: lambda u: 1 / sinh(u), coth: lambda u: 1 / tanh(u),
        asec: lambda u: acos(1 / u), acsc: lambda u: asin(1 / u), acot: lambda u: atan(1 / u),
        asech: lambda u: acosh(1 / u), acsch: lambda u: asinh(1 / u), acoth: lambda u: atanh(1 / u),
        Heaviside: lambda u, *rest: (sign(u) + 1) / 2,  # SymPy's Heaviside(0) = 1/2
        Max: _pairwise(lambda a, b: (a + b + Abs(a - b)) / 2),
        Min: _pairwise(lambda a, b: (a + b - Abs(a - b)) / 2),
    }


def primitives(expr: Basic) -> Basic:
    """``expr`` with sec, csc, cot, their hyperbolic kin, every inverse of them, Heaviside, Max
    and Min written with the functions NumPy and PyTorch have (sec u = 1/cos u, asec u = acos(1/u))."""
    forms = _primitive_forms()
    return expr.replace(lambda node: type(node) in forms, lambda node: forms[type(node)](*node.args))


def _printer(backend: Backend):
    from sympy.printing.numpy import NumPyPrinter
    from sympy.printing.pytorch import TorchPrinter

    if backend is TORCH:
        return TorchPrinter({"strict": True})

    class Printer(NumPyPrinter):
        def _print_erf(self, expr):  # NumPy has no erf: math.erf, vectorised in the module's header
            return f"_erf({self._print(expr.args[0])})"

    return Printer({"strict": True})


def function_module(expression: Basic, variables, derivatives, backend: Backend = NUMPY, *, definitions=(),
                    source: str = "") -> str:
    """A module with ``f(x, ...)`` and ``derivative(x)`` (one variable) or ``gradient(x, y, ...)``
    (a tuple, one entry per variable), translated from the function and its derived results."""
    variables = tuple(variables)
    if not all(isinstance(variable, Symbol) for variable in variables):
        raise Untranslatable("code is generated for functions of plain variables (x, y), not of indexed ones; "
                             "softmax has its own (derive softmax --emit)")

    def ready(expr):
        for definition in definitions:
            expr = definition.unfold(expr)
        expr = primitives(expr)
        # a constant such as sqrt(pi) is a number, not a call: torch.sqrt takes tensors only
        expr = expr.replace(lambda node: node.is_number and not node.is_Atom and node.is_real,
                            lambda node: node.evalf(17))
        if expr.has(Sum, Indexed, KroneckerDelta):
            raise Untranslatable("code is generated for functions of plain variables, without sums or indices")
        return expr

    printer = _printer(backend)

    def code(expr) -> str:
        try:
            return printer.doprint(ready(expr))
        except Untranslatable:
            raise
        except Exception as error:  # noqa: BLE001 -- the printer's refusal, said in one line
            said = str(error).splitlines()[0].replace(f"Unsupported by {type(printer)}", "the printer has no form")
            raise Untranslatable(f"no {backend.name} form for {show_text(expr)}: {said}") from None

    names = [printer.doprint(variable) for variable in variables]
    arguments = ", ".join(names)
    module_line = "import math\nimport numpy\n\n_erf = numpy.vectorize(math.erf, otypes=[float])" \
        if backend is NUMPY else "import math\nimport torch"
    summary = [f"f({arguments}) = {show_text(expression)}"]
    parts = [f'"""Generated by derive from {source or "a derivation"}: do not edit by hand.\n\n',
             "", '"""\n\n', module_line, "\n\n\n", f"def f({arguments}):\n    return {code(expression)}\n"]
    if len(variables) == 1:
        summary.append(f"derivative({arguments}) = d/d{names[0]} f = {show_text(derivatives[0])}")
        parts.append(f"\n\ndef derivative({arguments}):\n    return {code(derivatives[0])}\n")
    else:
        summary += [f"gradient({arguments})[{n}] = d/d{name} f = {show_text(d)}"
                    for n, (name, d) in enumerate(zip(names, derivatives))]
        entries = ",\n            ".join(code(d) for d in derivatives)
        parts.append(f"\n\ndef gradient({arguments}):\n    return ({entries},)\n")
    parts[1] = "\n".join(summary) + "\n"
    return "".join(parts)


def derivation_module(derivation, backend: Backend = NUMPY) -> str:
    """`function_module` for one derivation of a function of plain variables."""
    return function_module(derivation.expression, [derivation.variable], [derivation.unified], backend,
                           definitions=derivation.definitions,
                           source=f"the derivation of d/d{show_text(derivation.variable)} {show_text(derivation.expression)}")


def gradient_module(gradient, backend: Backend = NUMPY) -> str:
    """`function_module` for a gradient: one entry per variable."""
    definitions = gradient.derivations[0].definitions if gradient.derivations else ()
    return function_module(gradient.expression, gradient.variables, [d.unified for d in gradient.derivations],
                           backend, definitions=definitions,
                           source=f"the gradient of {show_text(gradient.expression)}")
