"""Code for a catalog entry of indexed inputs (log-softmax, the losses, the layers): ``forward``,
``jacobian`` and ``backward``, each translated from the proven derivation, never from a template.

Every expression is an array over an ordered tuple of indices (its scope): each index of the
scope is an axis, after any leading batch axes (``...``). An input or constant x[i, c] is its
array with its axes moved to where i and c sit in the scope; a sum over l adds l to the scope and
sums its axis away; the Kronecker delta is an identity. What each symbol is comes from the
derivation alone:

- the variable's base (x of x_k) is the first parameter; every other indexed base that is no named
  part (gamma, beta, K, W, the targets y and t) is a constant array, a parameter after it;
- a length (the upper limit of a sum: N, L, B, d) is read from the shape of an array indexed by
  the summed index; any other plain symbol (epsilon) is a keyword parameter, with PyTorch's
  default where the layers have one (`layer_jacobian.DEFAULTS`);
- a named part (mu, sigma, xhat, S, a) is a local variable computed from its definition's body,
  in dependency order, before it is used.

``backward(x, g)`` is the vector-Jacobian product: the sum over the output's own indices of
g times the proven Jacobian, translated the same way.
"""

from __future__ import annotations

import copy

from sympy import (Add, Basic, Equality, Function, Indexed, IndexedBase, KroneckerDelta, Mul, Pow, Sum,
                   Symbol, exp, expand_log, expand_mul, log)

from derive.functions.codegen import (NUMPY, TORCH, Backend, Untranslatable, elementary_source, number_source,
                                      primitives)
from derive.functions.entry_helpers import HELPERS
from derive.functions.entry_parts import Parts, base_of, parts, python_name, uses
from derive.show import show_text

# the functions applied entry by entry, as each library spells them
_SAME = ("sin", "cos", "tan", "sinh", "cosh", "tanh", "sign")
ELEMENTWISE = {
    "numpy": {**{name: f"np.{name}" for name in _SAME}, "Abs": "np.abs", "asin": "np.arcsin", "acos": "np.arccos",
              "atan": "np.arctan", "asinh": "np.arcsinh", "acosh": "np.arccosh", "atanh": "np.arctanh"},
    "torch": {**{name: f"torch.{name}" for name in _SAME}, "Abs": "torch.abs",
              **{name: f"torch.{name}" for name in ("asin", "acos", "atan", "asinh", "acosh", "atanh")}},
}


class Translator:
    """Array source for the expressions of one derivation, in one backend."""

    def __init__(self, parts: Parts, backend: Backend, gradient=None):
        self.parts, self.backend = parts, backend
        self.arrays = {base: python_name(base) for base in parts.arrays}  # base -> name of its local array
        self.scalars = {}  # plain symbol -> name of its local array (one value per batch entry)
        for definition in parts.definitions:
            if isinstance(definition.name, Indexed):
                self.arrays[definition.name.base] = python_name(definition.name.base)
            else:
                self.scalars[definition.name] = python_name(definition.name)
        if gradient is not None:
            target, name = gradient
            (self.arrays if isinstance(target, IndexedBase) else self.scalars)[target] = name
        self.numbers = {symbol: python_name(symbol) for symbol in (*parts.lengths, *parts.keywords)}
        self.shifts = {}  # body -> its shift (see `_shifts`), found once per module

    def reading(self, base, name: str) -> "Translator":
        """The same translator with ``base`` read from the local array ``name``."""
        other = copy.copy(self)
        other.arrays = {**self.arrays, base: name}
        return other

    def size(self, index) -> str:
        """The size of a free index's axis: the length's name where one is read from the same shape."""
        if index not in self.parts.extents:
            raise Untranslatable(f"no size for the index {index}")
        source = self.parts.extents[index]
        return next((self.numbers[length] for length, read in self.parts.lengths.items() if read == source), source)

    def __call__(self, expr: Basic, scope: tuple, sizes: dict) -> str:
        b = self.backend
        number = number_source(expr)
        if number is not None:
            return number
        if isinstance(expr, Indexed):
            if expr.base not in self.arrays:
                raise Untranslatable(f"no array for {expr.base}")
            if len(set(expr.indices)) != len(expr.indices) or not all(index in scope for index in expr.indices):
                raise Untranslatable(f"{expr}: an index without an axis of its own")
            positions = tuple(scope.index(index) for index in expr.indices)
            return f"_at({self.arrays[expr.base]}, {positions}, {len(scope)})"
        if isinstance(expr, Symbol):
            if expr in self.scalars:
                return f"_at({self.scalars[expr]}, (), {len(scope)})"
            if expr in self.numbers:
                return self.numbers[expr]
            raise Untranslatable(f"no value for {expr}")
        if isinstance(expr, KroneckerDelta):
            a, c = expr.args
            if a not in scope or c not in scope:
                raise Untranslatable(f"{expr}: an index without an axis")
            return f"_delta({sizes[a]}, {scope.index(a)}, {scope.index(c)}, {len(scope)})"
        if isinstance(expr, Add):
            text = " + ".join(self(arg, scope, sizes) for arg in expr.args if _negated(arg) is None)
            for arg in expr.args:
                if _negated(arg) is not None:
                    subtracted = self(_negated(arg), scope, sizes)
                    text = f"{text} - {subtracted}" if text else f"-{subtracted}"
            return f"({text})"
        if isinstance(expr, Mul):
            return "(" + " * ".join(self(arg, scope, sizes) for arg in expr.args) + ")"
        if isinstance(expr, Pow) and expr.exp == -1:
            return f"(1 / {self(expr.base, scope, sizes)})"
        elementary = elementary_source(expr, b, lambda part: self(part, scope, sizes))
        if elementary is not None:
            return elementary
        if isinstance(expr, Sum):
            return self.sum(expr, scope, sizes)
        if isinstance(expr, Function) and len(expr.args) == 1 and type(expr).__name__ in ELEMENTWISE[b.name]:
            return f"{ELEMENTWISE[b.name][type(expr).__name__]}({self(expr.args[0], scope, sizes)})"

        if primitives(expr) != expr:  # sec u = 1/cos u, max(a, b) with abs, Heaviside with sign
            return self(primitives(expr), scope, sizes)
        raise Untranslatable(f"no array form for {type(expr).__name__}")


    def sum(self, expr: Sum, scope: tuple, sizes: dict) -> str:
        """A sum over l, term by term: a term with delta_lk takes the entry l = k (no axis for l);
        the factors of a term free of l stay outside its sum, so only what varies with l gets the
        axis (g times a Jacobian, summed, never makes the N x N matrix where it need not)."""
        *inner, (index, _, upper) = expr.limits  # the last limit is the outermost sum
        length = self.numbers.get(upper) or self.size(index)
        pieces = []
        for term in Add.make_args(expand_mul(Sum(expr.function, *inner) if inner else expr.function, deep=False)):
            sign = "- " if _negated(term) is not None else ""
            factors = Mul.make_args(_negated(term) if sign else term)
            delta = next((factor for factor in factors if isinstance(factor, KroneckerDelta) and index in factor.args
                          and set(factor.args) - {index} <= set(scope)), None)
            captured = any(index in node.variables for node in term.atoms(Sum))
            if delta is not None and not captured:
                (other,) = set(delta.args) - {index}
                rest = Mul(*(factor for factor in factors if factor is not delta)).xreplace({index: other})
                if all(len(set(atom.indices)) == len(atom.indices) for atom in rest.atoms(Indexed)):
                    pieces.append(sign + self(rest, scope, sizes))
                    continue
            outside = [self(factor, scope, sizes) for factor in factors if index not in factor.free_symbols]
            inside = Mul(*(factor for factor in factors if index in factor.free_symbols))
            summed = f"_sum({self(inside, scope + (index,), {**sizes, index: length})}, {length})"
            pieces.append(sign + ("(" + " * ".join(outside + [summed]) + ")" if outside else summed))
        text = " + ".join(pieces).replace("+ - ", "- ")
        return f"({text})" if len(pieces) > 1 or sign else text


def _negated(term: Basic) -> Basic | None:
    """-1 times ``u`` as ``u``, else None (so ``a - u`` is written as a subtraction)."""
    if isinstance(term, Mul) and term.args[0] == -1:
        return Mul(*term.args[1:], evaluate=False) if len(term.args) > 2 else term.args[1]
    return None


def _shifts(body: Basic) -> tuple:
    """(base, how) when ``body`` takes e to the power of an input that may be shifted by its
    largest entry along its last axis (one constant per row: c_i for z_il): "invariant" (softmax,
    log-softmax: nothing changes) or, for an input of one index, "equivariant" (logsumexp: the
    result moves by the shift, added back); each checked numerically here, by the checker."""
    from derive.checker.checks import numeric_equal

    row = IndexedBase("shift_constant")
    for power in sorted(body.atoms(exp), key=str):
        for base in sorted({atom.base for atom in power.atoms(Indexed)}, key=str):
            def shift(node):
                return node - (row[node.indices[:-1]] if len(node.indices) > 1 else Symbol("shift_constant"))

            shifted = body.replace(lambda node: isinstance(node, Indexed) and node.base == base, shift)
            if numeric_equal(body, shifted)[0] is True:
                return base, "invariant"
            if all(len(atom.indices) == 1 for atom in body.atoms(Indexed) if atom.base == base) \
                    and numeric_equal(body, shifted + Symbol("shift_constant"))[0] is True:
                return base, "equivariant"
    return None


def _logs_apart(body: Basic) -> Basic:
    """``body`` with log(u v) = log u + log v and log(e^u) = u where it holds (checked numerically
    by the independent checker at random points); else ``body`` itself."""
    if not body.has(log):
        return body
    apart = expand_log(body, force=True)
    if apart == body:
        return body
    from derive.checker.checks import numeric_equal

    return apart if numeric_equal(body, apart)[0] is True else body


def _computed(translate: Translator, expr: Basic, scope: tuple, target: str, sizes: dict) -> list[str]:
    """The lines that set ``target`` to ``expr`` over ``scope``, shifting e's argument where that
    is checked harmless (so e^x never overflows for large inputs), and taking the log of a quotient
    or of e^u apart where the checker finds the parts equal (log(e^(z_j) / sum) = z_j - log sum:
    no e^x is divided before the log, so no ratio underflows to log 0)."""
    if expr not in translate.shifts:  # one numeric check per body, however many functions compute it
        apart = _logs_apart(expr)
        translate.shifts[expr] = (apart, _shifts(apart))
    expr, shift = translate.shifts[expr]
    if shift is None:
        return [f"    {target} = {translate(expr, scope, sizes)}"]
    base, how = shift
    name = translate.arrays[base]
    lines = ["    # Shifting by the largest entry " + ("changes nothing" if how == "invariant" else
                                                     "moves the result by as much, added back")
             + " (checked when this code was generated)", f"    # and keeps e^{base} from overflowing.",
             f"    _top = {translate.backend.largest.format(name)}[..., 0]",
             f"    _shifted = {name} - _top[..., None]"]
    value = translate.reading(base, "_shifted")(expr, scope, sizes)
    if how == "equivariant":
        value = f"{value} + _at(_top, (), {len(scope)})"
    return lines + [f"    {target} = {value}"]


def _needed(parts: Parts, exprs) -> list:
    """The definitions the expressions use, directly or through other definitions, in order."""
    names = {base_of(definition.name): definition for definition in parts.definitions}
    wanted, stack = set(), [base for expr in exprs for base in uses(expr, names)]
    while stack:
        base = stack.pop()
        if base not in wanted:
            wanted.add(base)
            stack.extend(uses(names[base].body, names))
    return [definition for definition in parts.definitions if base_of(definition.name) in wanted]


def _body(translate: Translator, parts: Parts, exprs) -> list[str]:
    """Read the arrays and lengths, then compute the named parts the expressions need."""
    b = translate.backend
    lines = [f"    {translate.arrays[base]} = {b.array.format(translate.arrays[base])}" for base in parts.arrays]
    lines += [f"    {translate.numbers[symbol]} = {source}" for symbol, source in parts.lengths.items()]
    for definition in _needed(parts, exprs):
        scope = tuple(definition.name.indices) if isinstance(definition.name, Indexed) else ()
        target = translate.arrays.get(base_of(definition.name)) or translate.scalars[definition.name]
        lines += _computed(translate, definition.body, scope, target, parts.own_sizes.get(base_of(definition.name), {}))
    return lines


def _signature(parts: Parts, extra: str = "") -> str:
    names = [python_name(base) for base in parts.arrays]
    if extra:
        names.insert(1, extra)
    required = [python_name(symbol) for symbol, default in parts.keywords.items() if default is None]
    defaults = [f"{python_name(symbol)}={float(default)!r}" for symbol, default in parts.keywords.items()
                if default is not None]
    return ", ".join(names + (["*"] + required if required else []) + defaults)


def _gradient_name(parts: Parts, derivation) -> str:
    taken = {str(symbol) for symbol in derivation.expression.free_symbols | derivation.unified.free_symbols}
    taken |= {str(base) for base in parts.arrays} | {str(base_of(d.name)) for d in derivation.definitions}
    for name in ("g", "grad", "grad_output", "upstream"):
        if name not in taken:
            return name
    raise Untranslatable("every name for the upstream gradient (g, grad, grad_output, upstream) is taken")


def entry_module(derivation, backend: Backend = NUMPY, *, source: str = "") -> str:
    """A module with ``forward``, ``jacobian`` and ``backward`` for a proven derivation of a
    function of indexed inputs; Untranslatable where the translator has no form for a part."""
    p = parts(derivation)
    variable, outputs = p.variable, p.outputs
    var_indices = tuple(variable.indices)
    scope = outputs + tuple(index for index in var_indices if index not in outputs)
    own = tuple(index for index in outputs if index not in var_indices)
    g_name = _gradient_name(p, derivation)
    if outputs:
        g = IndexedBase(g_name)[outputs]
    else:
        g = Symbol(g_name)
    vjp = g * derivation.unified
    for index in reversed(own):
        vjp = Sum(vjp, (index, 1, Symbol(f"size_{index}")))
    translate = Translator(p, backend, gradient=(base_of(g), g_name))
    for index in own:
        translate.numbers[Symbol(f"size_{index}")] = translate.size(index)
    # the sums written one by one (SymPy merges nested sums into one of several limits)
    shown_vjp = "".join(f"Σ[{index}=1..{show_text(_length_of(p, index))}] " for index in own) \
        + show_text(g * derivation.unified)
    axes = lambda indices: ", ".join(map(str, indices))  # noqa: E731
    summary = [f"forward({_signature(p)})[..., {axes(outputs)}] = {show_text(derivation.expression)}"
               if outputs else f"forward({_signature(p)}) = {show_text(derivation.expression)}",
               f"jacobian(...)[..., {axes(scope)}] = ∂forward{_subscript(outputs)}/∂{show_text(variable)} = "
               f"{show_text(derivation.unified)}",
               f"backward(...)[..., {axes(var_indices)}] = {shown_vjp}"]
    for definition in p.definitions:
        summary.append(f"where {show_text(definition.name)} = {show_text(definition.body)}")
    for statement in assumptions(derivation):
        summary.append(f"The derivation assumed {show_text(statement.lhs)} = {show_text(statement.rhs)}: jacobian and "
                       f"backward hold for inputs where it holds, forward everywhere.")
    header = (f'"""Generated by derive from {source or "a proven derivation"}: do not edit by hand.\n\n'
              + "\n".join(summary) + '\n"""\n\n' + backend.module + "\n" + HELPERS[backend.name])
    functions = []
    for name, expr, extra, result_scope in (("forward", derivation.expression, "", outputs),
                                            ("jacobian", derivation.unified, "", scope),
                                            ("backward", vjp, g_name, var_indices)):
        lines = _body(translate, p, [expr])
        if extra:
            lines.insert(1, f"    {g_name} = {backend.array.format(g_name)}")
        sizes = {index: translate.size(index) for index in result_scope}
        lines += _computed(translate, expr, result_scope, "_result", sizes)
        batch = [(translate.arrays[base], p.ranks[base]) for base in p.arrays]
        if extra:
            batch.append((g_name, len(outputs)))
        shape = f"_batch({', '.join(f'({a}, {m})' for a, m in batch)})"
        if result_scope:
            shape += f" + ({', '.join(sizes[index] for index in result_scope)}{',' * (len(result_scope) == 1)})"
        lines.append(f"    return _shaped(_result, {shape})")
        functions.append(f"\n\ndef {name}({_signature(p, extra)}):\n" + "\n".join(lines) + "\n")
    return header + "".join(functions)


def assumptions(derivation) -> list:
    """The equations the derivation's steps assumed (one-hot labels: sum_j y_j = 1), in order."""
    found = []
    for step in derivation.all_steps():
        statement = step.bindings.get("statement")
        if isinstance(statement, Equality) and statement not in found:
            found.append(statement)
    return found


def _subscript(indices) -> str:
    return ("_" + "".join(map(str, indices))) if indices else ""


def _length_of(parts: Parts, index) -> Basic:
    """The length symbol whose shape is the index's size (N for j of x_j), for the docstring."""
    for symbol, source in parts.lengths.items():
        if source == parts.extents[index]:
            return symbol
    return Symbol(f"size_{index}")


def numpy_entry_module(derivation, **options) -> str:
    return entry_module(derivation, NUMPY, **options)


def torch_entry_module(derivation, **options) -> str:
    return entry_module(derivation, TORCH, **options)


