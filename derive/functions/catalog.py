"""The catalog: functions of machine learning, each derived step by step and checked.

An `Entry` names a function, says what it is, and builds its `Problem`: the expression, the
variable, the definitions the result may fold into, and the closed form (per case, where the
function is piecewise) the checker compares the result with. Nothing here writes a step: every
step comes from the rules of the route. Users add their own entries with `add` (and their own
rules with ``rules=``), from their own code:

    >>> from sympy import Symbol, exp
    >>> from derive.functions import catalog
    >>> x = Symbol("x")
    >>> entry = catalog.add("my-swish", x / (1 + exp(-2 * x)), x, summary="swish with beta = 2")
    >>> catalog.derive_entry("my-swish").verified
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from sympy import (Basic, Expr, Function, Gt, IndexedBase, KroneckerDelta, Lt, Max, Piecewise, Rational, Sum, Symbol,
                   erf, exp, log, pi, sqrt, tanh, true)

from derive.rules import Definition, Rule
from derive.rules.calculus.outer_function import outer_function_rule
from derive.rules.forms import hold

from derive.engine.run import DerivationError, Route, derive
from derive.engine.lemmas import derive_with_lemmas
from derive.engine.records import Derivation
from derive.engine.records import Symbol as Legend
from derive.engine.routes import QUOTIENT
from derive.checker.checks import verify


@dataclass(frozen=True)
class Problem:
    """What one derivation needs: d ``expression`` / d ``variable`` along ``route``."""

    expression: Expr
    variable: Expr
    closed_form: tuple[tuple[Basic, Expr], ...] = ()
    definitions: tuple[Definition, ...] = ()
    legend: tuple[Legend, ...] = ()
    route: Route = QUOTIENT
    backward: tuple[tuple[Basic, Expr], ...] = ()  # a layer's known backward pass sum_j g_j dy_j/dx_k
    lengths: tuple[tuple[Expr, Expr], ...] = ()  # a layer's output indices and the lengths they run over


@dataclass(frozen=True)
class Entry:
    """A catalog entry: ``name`` as typed (``derive sigmoid``), a one-line ``summary``, and
    ``build`` making its `Problem` (or, for entries with a command of their own, its `Derivation`)."""

    name: str
    summary: str
    build: Callable[[], "Problem | Derivation"] = field(repr=False)
    command: str = ""  # the command that derives it, when it has options of its own
    takes: tuple[str, ...] = ()  # the options of derive NAME it takes (derive list shows them); () for PLAIN
    higher: Callable[[int], Derivation] | None = field(default=None, repr=False)  # an order above 1, for
    # an entry with a command of its own (the softmax cross-entropy's second order)

    @property
    def options(self) -> tuple[str, ...]:
        return self.takes or PLAIN


# The options of derive expr that make sense for a function of the catalog (--wrt and --hessian do not:
# the entry has its own variable; --order 2 is its second derivative). INDEXED: a function of indexed
# inputs, whose --emit writes forward, jacobian and backward (derive/functions/entry_code.py).
PLAIN = ("--format", "--out", "--fragment", "--explain", "--detail", "--linear", "--seed", "--route", "--order",
         "--emit")
INDEXED = PLAIN + ("--hessian",)
# a layer (derive/functions/layers.py): its own route, first order; --emit as for INDEXED
LAYER = ("--format", "--out", "--fragment", "--explain", "--detail", "--linear", "--seed", "--emit")
# a layer with its Jacobian at a point (--size N --at ...): N x N, or rectangular where output and input differ
LAYER_MATRIX = LAYER + ("--size", "--at")
# a layer with a known backward pass (its `Layer.backward`): also --backward, the vector-Jacobian product
LAYER_BACKWARD = LAYER + ("--backward",)
LAYER_MATRIX_BACKWARD = LAYER_MATRIX + ("--backward",)


CATALOG: dict[str, Entry] = {}


def register(entry: Entry) -> Entry:
    if not entry.name or not all(part.isalnum() for part in entry.name.split("-")):
        raise ValueError(f"'{entry.name}' cannot name a catalog entry: use letters, digits and dashes")
    CATALOG[entry.name] = entry
    return entry


def add(name: str, expression: Expr, variable: Expr, *, summary: str = "", closed_form=(), definitions=(),
        rules: Sequence[Rule] = (), route: Route = QUOTIENT) -> Entry:
    """Add a function of your own to the catalog. ``closed_form`` is the expected derivative
    (an expression, or (relation, expression) pairs per case); ``rules`` are rules of your own,
    tried before the route's."""
    if isinstance(closed_form, Basic):
        closed_form = ((true, closed_form),)
    chosen = with_rules(route, rules)
    problem = Problem(expression, variable, tuple(closed_form), tuple(definitions), (), chosen)
    return register(Entry(name, summary or f"d/d{variable} of {expression}", lambda: problem))


def with_rules(route: Route, rules: Sequence[Rule]) -> Route:
    """``route`` with ``rules`` tried first (a special function's rule, for example)."""
    if not rules:
        return route
    return Route(f"{route.name} + " + ", ".join(rule.name for rule in rules), tuple(rules) + route.rules,
                 route.merge, route.description)


def on_route(route: Route, name: "str | Route") -> Route:
    """``route`` (a known route with an entry's own rules tried first) moved onto the route ``name``,
    the entry's own rules kept in front; DerivationError for a route of an entry's own."""
    from derive.engine.routes import ROUTES, route_named

    wanted = route_named(name)
    if wanted.name == QUOTIENT.name and route.rules[-len(QUOTIENT.rules):] == QUOTIENT.rules:
        return route
    for known in ROUTES.values():
        if route.rules[-len(known.rules):] == known.rules:
            own = route.rules[:-len(known.rules)]
            return with_rules(wanted, own)
    raise DerivationError(f"it has a route of its own ({route.name}), not one of {', '.join(ROUTES)}")


def derive_entry(name: str, *, check: bool = True, order: int = 1, route: "str | Route" = "quotient") -> Derivation:
    """The derivation of the catalog entry ``name``, verified (KeyError for an unknown name);
    ``order`` n > 1: its n-th derivative, order by order (`derive.engine.orders`); ``route``: the
    route its rules follow (quotient, product or log), the entry's own rules tried first."""
    entry = CATALOG[name]
    if entry.command:
        if route not in ("quotient", QUOTIENT):
            raise DerivationError(f"{name} has a command of its own, which takes the route: {entry.command} --route ...")
        if order == 1:
            return entry.build()
        if entry.higher is None:
            raise DerivationError(f"{name} has a command of its own, which takes no --order: {entry.command}")
        return entry.higher(order)
    built = entry.build()
    built = replace(built, route=on_route(built.route, route))
    if order != 1:
        from derive.engine.orders import derive_orders

        derivation = derive_orders(built.expression, built.variable, built.route, order,
                                   confirm=verify if check else None, definitions=built.definitions,
                                   title=f"The derivative of order {order} of {name}")
        return verify(derivation) if check else derivation
    derivation = derive_with_lemmas(built.expression, built.variable, built.route, definitions=built.definitions,
                                    confirm=verify if check else None, title=f"The derivative of {name}",
                                    legend=built.legend, closed_form=built.closed_form)
    return verify(derivation) if check else derivation


def derive_hessian(name: str, *, route: "str | Route" = "quotient") -> Derivation:
    """The second derivative d²f/dz_j dz_k of the catalog entry ``name``, a function of indexed
    inputs (its Hessian's entry), verified: from the verified first order df/dz_k, its result read at
    j and differentiated by z_k (`derive.engine.orders.derive_mixed`), each order checked, and where
    the second order starts and its result checked against SymPy's derivatives of the explicit function."""
    from sympy import Indexed

    from derive.engine.orders import derive_mixed, with_proven_names
    from derive.functions.hessian import checked_against_sympy

    entry = CATALOG[name]
    if entry.command:
        return derive_entry(name, order=2, route=route)
    built = entry.build()
    built = replace(built, route=on_route(built.route, route))
    if not isinstance(built.variable, Indexed):
        raise DerivationError(f"{name} is a function of one variable: --order 2 gives its second derivative")
    first = verify(derive(built.expression, built.variable, built.route, definitions=built.definitions,
                          title=f"The derivative of {name}", legend=built.legend))
    if not first.verified:
        raise DerivationError(f"the derivative of {name} is not proven, so no second order is derived from it")
    index = _fresh_index(first, built.definitions)
    second_route = with_proven_names(built.route, first, built.definitions, built.variable, verify)
    second = derive_mixed(first, index, second_route, confirm=verify, title=f"The second derivative of {name}")
    return checked_against_sympy(second)


def _fresh_index(first: Derivation, definitions) -> Symbol:
    """An index for the second input: the definition's own (j of S_j) where it is free to take, else
    the first of j, m, n, p, q not free in the first order's result nor an index of its variable."""
    taken = first.unified.free_symbols | set(first.variable.indices)
    candidates = [definition.index for definition in definitions]
    candidates += [Symbol(letter, integer=True) for letter in "jmnpq"]
    return next(index for index in candidates if index not in taken and isinstance(index, Symbol))


# ------------------------------------------------------------------------------------------
# The entries

x = Symbol("x")
alpha = Symbol("alpha", positive=True)
j, k, l = (Symbol(letter, integer=True) for letter in "jkl")
L = Symbol("L", integer=True, positive=True)
z, p, y, t = (IndexedBase(letter) for letter in "zpyt")


def _catalog():
    from derive.functions import softmax as catalog

    return catalog


def _layers():
    """The layers' module, whose functions each return a `Layer`; `_layer` makes its problem."""
    from derive.functions import layers

    return layers


def _layer(name: str) -> Callable[[], Problem]:
    def build() -> Problem:
        layer = getattr(_layers(), name)()
        return Problem(layer.expression, layer.variable, layer.closed_form, layer.definitions, layer.legend,
                       with_rules(QUOTIENT, layer.rules), layer.backward, layer.lengths)
    return build


def _sigmoid(argument: Expr) -> Expr:
    return 1 / (1 + exp(-argument))


sigma = Function("sigma")
SIGMOID = Definition(sigma(x), 1 / (1 + exp(-x)), x)
SIGMOID_LEGEND = (Legend(sigma(x), "the sigmoid 1/(1 + e^(-x)), which the result folds into"),)


def _cross_entropy_orders(order: int) -> Derivation:
    """The softmax cross-entropy's second order, d²Loss/dz_j dz_k = S_j (δ_jk − S_k): see `derive.functions.hessian`."""
    if order != 2:
        raise DerivationError(f"the softmax cross-entropy is derived to order 2 at most (its Hessian), not {order}: "
                              "its third derivative has three indices")
    from derive.functions.hessian import softmax_cross_entropy_hessian

    return softmax_cross_entropy_hessian()


def _softmax_definition() -> Definition:
    S = IndexedBase("S")
    return Definition(S[j], exp(z[j]) / Sum(exp(z[l]), (l, 1, L)), j)


def _scalar(name, expression, closed_form, legend=(), definitions=()):
    return lambda: Problem(expression, x, closed_form, tuple(definitions), legend)


def _regions(positive: Expr, negative: Expr):
    return ((Gt(x, 0), positive), (Lt(x, 0), negative))


def sigmoid_rule() -> Rule:
    """d/dx sigma(g) = sigma(g)(1 - sigma(g)) g', the law taken from the verified derivation of the
    catalog's sigmoid (its result, with x renamed g), never written here by hand."""
    proven = derive_entry("sigmoid")
    if not proven.verified:
        raise DerivationError("the sigmoid's derivative is not proven, so no rule is made of it")
    return outer_function_rule(sigma, "sigmoid rule", r"\sigma'(g) = \sigma(g) (1 - \sigma(g))",
                               lambda g: hold(proven.unified.xreplace({x: g})), what="the sigmoid",
                               explanation="proven step by step by `derive sigmoid`")


def _binary_cross_entropy() -> Problem:
    """The loss of a logit x against a label y, with the sigmoid as a function of its own: the
    log rule, then the sigmoid's proven derivative; sigma over sigma cancels, and multiplied out,
    y sigma cancels too."""
    label = Symbol("y")
    loss = -(label * log(sigma(x)) + (1 - label) * log(1 - sigma(x)))
    return Problem(loss, x, ((true, sigma(x) - label),), (SIGMOID,), SIGMOID_LEGEND,
                   with_rules(QUOTIENT, [sigmoid_rule()]))


SLOPE = (Legend(alpha, "the slope (scale) for negative x, a constant: 0.01 for leaky ReLU, 1 for ELU in PyTorch"),)

for _entry in (
    Entry("sigmoid", "the logistic function 1/(1 + e^-x); closed form σ(x)(1 − σ(x))",
          _scalar("sigmoid", _sigmoid(x), ((true, sigma(x) * (1 - sigma(x))),), SIGMOID_LEGEND, [SIGMOID])),
    Entry("tanh", "the hyperbolic tangent; closed form 1 − tanh²(x)",
          _scalar("tanh", tanh(x), ((true, 1 - tanh(x)**2),))),
    Entry("softplus", "log(1 + e^x), a smooth ReLU; closed form σ(x)",
          _scalar("softplus", log(1 + exp(x)), ((true, _sigmoid(x)),))),
    Entry("silu", "x σ(x), also called swish; closed form σ(x)(1 + x(1 − σ(x)))",
          lambda: Problem(x * sigma(x), x, ((true, sigma(x) * (1 + x * (1 - sigma(x)))),), (SIGMOID,),
                          SIGMOID_LEGEND, with_rules(QUOTIENT, [sigmoid_rule()]))),
    Entry("gelu", "x Φ(x) with Φ the normal distribution function, the erf form; closed form Φ(x) + x φ(x)",
          _scalar("gelu", x / 2 * (1 + erf(x / sqrt(2))),
                  ((true, (1 + erf(x / sqrt(2))) / 2 + x * exp(-x**2 / 2) / sqrt(2 * pi)),))),
    Entry("relu", "max(0, x); slope 0 for x < 0, 1 for x > 0, none at 0",
          _scalar("relu", Max(0, x), _regions(Rational(1), Rational(0)))),
    Entry("leaky-relu", "x for x > 0, αx otherwise; slope 1 or α",
          _scalar("leaky-relu", Piecewise((x, x > 0), (alpha * x, True)), _regions(Rational(1), alpha), SLOPE)),
    Entry("elu", "x for x > 0, α(e^x − 1) otherwise; slope 1 or αe^x",
          _scalar("elu", Piecewise((x, x > 0), (alpha * (exp(x) - 1), True)), _regions(Rational(1), alpha * exp(x)),
                  SLOPE)),
    Entry("log-softmax", "log S_j, S the softmax of z; closed form δ_jk − S_k",
          lambda: Problem(log(exp(z[j]) / Sum(exp(z[l]), (l, 1, L))), z[k],
                          ((true, KroneckerDelta(j, k) - IndexedBase("S")[k]),), (_softmax_definition(),)),
          takes=tuple(option for option in INDEXED if option != "--hessian")),  # its first order splits into cases
    Entry("logsumexp", "log Σ_l e^(z_l); closed form S_k, the softmax",
          lambda: Problem(log(Sum(exp(z[l]), (l, 1, L))), z[k], ((true, IndexedBase("S")[k]),),
                          (_softmax_definition(),)), takes=INDEXED),
    Entry("cross-entropy", "−Σ_j y_j log p_j against the predicted probabilities p; closed form −y_k / p_k",
          lambda: Problem(-Sum(y[j] * log(p[j]), (j, 1, L)), p[k], ((true, -y[k] / p[k]),)), takes=INDEXED),
    Entry("binary-cross-entropy", "−(y log σ(x) + (1 − y) log(1 − σ(x))), label y, logit x; closed form σ(x) − y",
          lambda: _binary_cross_entropy()),
    Entry("mse", "(1/L) Σ_j (y_j − t_j)², prediction y, target t; closed form 2(y_k − t_k)/L",
          lambda: Problem(Sum((y[j] - t[j])**2, (j, 1, L)) / L, y[k], ((true, 2 * (y[k] - t[k]) / L),)),
          takes=INDEXED),
    Entry("softmax", "S_j = e^(z_j) / Σ_l e^(z_l); closed form S_j(1 − S_k) for j = k, −S_j S_k for j ≠ k",
          lambda: _catalog().softmax(), command="derive softmax",
          takes=("--format", "--out", "--fragment", "--explain", "--detail", "--linear", "--seed", "--route", "--emit")),
    Entry("softmax-cross-entropy", "−Σ_j y_j log S_j with one-hot y; closed form S_k − y_k; "
                                   "--order 2: S_j(δ_jk − S_k)",
          lambda: _catalog().softmax_cross_entropy(), command="derive softmax-cross-entropy",
          takes=("--format", "--out", "--fragment", "--explain", "--detail", "--linear", "--seed", "--route", "--order",
                 "--emit", "--hessian"),
          higher=_cross_entropy_orders),
    # the layers (derive/functions/layers.py): named parts, folded into
    Entry("l2-normalize", "y_j = x_j / ||x||; closed form (δ_jk − y_j y_k) / ||x||",
          _layer("l2_normalize"), takes=LAYER_MATRIX_BACKWARD),
    Entry("rmsnorm", "y_j = γ_j x_j / r, r = √(mean x² + ε); closed form (γ_j / r)(δ_jk − x_j x_k / (N r²))",
          _layer("rmsnorm"), takes=LAYER_MATRIX_BACKWARD),
    Entry("layernorm", "y_j = γ_j x̂_j + β_j, x̂_j = (x_j − μ)/σ; closed form (γ_j / σ)(δ_jk − 1/N − x̂_j x̂_k / N)",
          _layer("layernorm"), takes=LAYER_MATRIX_BACKWARD),
    Entry("batchnorm", "LayerNorm along the batch: sample i, channel c; closed form (γ_c/σ_c)(δ_ik − 1/B − x̂_ic x̂_kc/B)",
          _layer("batchnorm"), takes=LAYER_MATRIX_BACKWARD),
    Entry("attention-score", "a_l = softmax_l(s), by the score s_m; closed form a_l(δ_lm − a_m), softmax's, reused",
          _layer("attention_score"), takes=LAYER_MATRIX_BACKWARD),
    Entry("attention-query", "a_l = softmax_l(q · K_l / √d), by the query q_u; closed form (a_l/√d)(K_lu − Σ_n a_n K_nu)",
          _layer("attention_query"), takes=LAYER_MATRIX_BACKWARD),
    Entry("attention-value", "o_c = Σ_n a_n V_nc, by the value V_lu; closed form a_l δ_cu",
          _layer("attention_value"), takes=LAYER_MATRIX_BACKWARD),
    Entry("linear", "y_i = Σ_l W_il x_l + b_i; closed form ∂y_i/∂W_jk = δ_ij x_k",
          _layer("linear"), takes=LAYER_MATRIX_BACKWARD),
    Entry("linear-backward", "Σ_i g_i y_i, g = ∂Loss/∂y, through the linear layer; closed form g_j x_k (g xᵀ)",
          _layer("linear_backward"), takes=LAYER),
):
    register(_entry)
