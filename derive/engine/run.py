"""The engine: applies an ordered route of rules to an expression tree, one rule per step.

It knows no rule by name. At each step it tries the route's rules in order; the first rule
that applies anywhere in the tree (visited outermost first, left to right) rewrites that one
node, and the whole expression before and after is recorded. A rule that returns branches
splits the derivation into cases, each carried on with the same route under its relation.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Iterator, Sequence

from sympy import And, Basic, Derivative, Expr, Piecewise
from sympy.concrete.expr_with_limits import ExprWithLimits

from derive.errors import DeriveError
from derive.rules import Context, Definition, Rule

from derive.readers import inputs
from derive.sympy_quirks import hold_constants, put_back
from derive.rules.limits import DERIVE_SECONDS, PLAIN_SECONDS, Named, TimeLimit, within
from .records import Case, Derivation, Step

MAX_STEPS = 5000


class DerivationError(DeriveError):
    """The engine could not finish a derivation."""

    lead = "cannot derive it"


class NoRuleApplies(DerivationError):
    """A derivative is left that no rule of the route covers."""

    def __init__(self, node: Basic, route: str):
        self.node = node
        super().__init__(f"no rule of the route '{route}' covers {node}")


class TooSlow(DerivationError):
    """The derivation ran past its time bound (SymPy working out a constant such as
    log((1/27)^(asin(pi)^2)) while a step rebuilt the expression)."""

    def __init__(self, expression: Basic, variable: Basic, seconds: float):
        super().__init__(f"the derivative of {expression} with respect to {variable} was not found "
                         f"within {seconds:g} s")


class NotReal(DerivationError):
    """The function compares values that are not real (max(3^(3/4)·sqrt(-i), x)): a region
    of the real line cannot be made of it, so no derivative over the reals is taken."""

    def __init__(self, node: Basic, reason: str):
        self.node = node
        super().__init__(f"{node} is not a real function: {reason}")


REFUSED_COMPARISONS = ("Invalid comparison of non-real", "is not comparable")  # SymPy's words


@contextmanager
def real_comparisons(node: Basic):
    """Turns SymPy's refusal to compare a non-real value, met while building a region of
    ``node``, into `NotReal`; any other error passes through."""
    try:
        yield
    except (TypeError, ValueError) as error:
        if not any(words in str(error) for words in REFUSED_COMPARISONS):
            raise
        raise NotReal(node, str(error)) from None


@dataclass(frozen=True)
class Route:
    """An ordered list of rules: earlier rules are tried first. ``merge`` joins split cases."""

    name: str
    rules: tuple[Rule, ...]
    merge: Rule | None = None
    description: str = ""


Path = tuple[int, ...]


def walk(expr: Basic, path: Path = ()) -> Iterator[tuple[Path, Basic]]:
    """Every node of ``expr`` with its path, outermost first, left to right."""
    yield path, expr
    for position, arg in enumerate(expr.args):
        yield from walk(arg, path + (position,))


def replace_at(expr: Basic, path: Path, new: Basic) -> Basic:
    """``expr`` with the node at ``path`` replaced by ``new`` (and only that node)."""
    if not path:
        return new
    args = list(expr.args)
    args[path[0]] = replace_at(args[path[0]], path[1:], new)
    return expr.func(*args)


_TABLES: dict = {}  # a route's rules (by identity) -> (the rules, {node type: the (rank, rule) pairs that may apply})


class Search:
    """Finds, for one route and one context, the rewrite the engine takes next.

    That is the first rule of the route that applies anywhere in the tree, at the first node
    in outermost-first, left-to-right order. What applies in each subtree is remembered, keyed
    by the (immutable) subtree and the summation indices bound around it, so a step costs work
    only along the path it rewrote, not over the whole expression again.
    """

    def __init__(self, rules: Sequence[Rule], context: Context):
        self.rules, self.context = tuple(rules), context
        self.known: dict = {}
        # the (rank, rule) pairs that may apply to a node of each type, shared by every search of one route
        if len(_TABLES) > 256:  # routes made on the fly (a proven rule first): never a store without end
            _TABLES.clear()
        # keyed by the rules themselves, not by equality (two rules of one name may rewrite differently);
        # the entry holds the rules, so no id is reused while it stands
        self.by_type: dict = _TABLES.setdefault(tuple(map(id, self.rules)), (self.rules, {}))[1]

    def _candidates(self, kind: type):
        found = self.by_type.get(kind)
        if found is None:
            found = self.by_type[kind] = tuple((rank, rule) for rank, rule in enumerate(self.rules)
                                               if not rule.on or issubclass(kind, rule.on))
        return found

    def first(self, expr: Basic):
        """(rule, path, node, rewrite) of the next rewrite in ``expr``, or None."""
        found = self._best(expr, frozenset())
        if found is None:
            return None
        _, path, rule, node, rewrite = found
        return rule, path, node, rewrite

    def _best(self, node: Basic, bound: frozenset):
        key = (node, bound)
        if key in self.known:
            return self.known[key]
        found = None
        scope = replace(self.context, bound=bound) if bound else self.context
        for rank, rule in self._candidates(type(node)):
            rewrite = rule.rewrite(node, scope)  # the types were matched by `_candidates`
            if rewrite is not None:
                found = (rank, (), rule, node, rewrite)
                break
        inner = bound | frozenset(node.variables) if isinstance(node, ExprWithLimits) else bound
        for position, arg in enumerate(node.args):
            below = self._best(arg, inner)
            if below is not None and (found is None or below[0] < found[0]):
                rank, path, rule, match, rewrite = below
                found = (rank, (position,) + path, rule, match, rewrite)
        self.known[key] = found
        return found


def first_rewrite(expr: Basic, rules: Sequence[Rule], context: Context):
    """The first rule of ``rules`` that applies somewhere in ``expr``, where, and its rewrite."""
    return Search(rules, context).first(expr)


def _run(expr: Expr, route: Route, context: Context, budget: list[int]):
    """Apply the route until no rule applies. Returns (steps, cases, final expression)."""
    steps: list[Step] = []
    search = Search(route.rules, context)
    while True:
        found = search.first(expr)
        if found is None:
            return steps, (), expr
        budget[0] -= 1
        if budget[0] < 0:
            raise DerivationError(f"the route '{route.name}' did not finish within {MAX_STEPS} steps")
        rule, path, node, rewrite = found
        if rewrite.branches:
            cases = []
            for branch in rewrite.branches:
                relation = branch.relation if context.case is None else And(context.case, branch.relation)
                after = replace_at(expr, path, branch.after)
                first = Step(rule, dict(rewrite.bindings), expr, after, node, relation,
                             replacement=branch.after, path=tuple(path))
                inner = replace(context, case=relation)
                more, subcases, final = _run(after, route, inner, budget)
                if subcases:
                    for sub in subcases:
                        cases.append(Case(sub.relation, (first, *more, *sub.steps), sub.shown))
                else:
                    cases.append(Case(relation, (first, *more), final))
            return steps, tuple(cases), None
        after = replace_at(expr, path, rewrite.after)
        steps.append(Step(rule, dict(rewrite.bindings), expr, after, node, context.case,
                          replacement=rewrite.after, path=tuple(path)))
        expr = after


def _leftover_derivative(expr: Expr) -> Basic | None:
    for _, node in walk(expr):
        if isinstance(node, Derivative):
            return node
    return None


def derive(expression: Expr, variable: Expr, route: Route, *, definitions: Sequence[Definition] = (),
           title: str = "", legend=(), closed_form=(), name: Expr | None = None, kept=(),
           lemmas=()) -> Derivation:
    """Derive d expression / d variable along ``route``, recording every step.

    Raises `NoRuleApplies` naming the first derivative no rule of the route covers, and
    `TooSlow` past DERIVE_SECONDS. Past PLAIN_SECONDS, the derivation starts again with each
    constant part held as a symbol (see `derive.constants`), put back in every step at the end.
    ``kept`` names the defined parts whose derivatives ``lemmas`` (derivations of their own, whose
    rules the route tries first) proved: they stay named under the derivative (derive/engine/lemmas.py).
    The derivation returned is not yet verified: see `derive.checker.checks`. Text is read by the
    whitelist of `derive.parse` (never handed to SymPy, which would run it), and anything else
    that is not a SymPy expression is refused: `derive.inputs.BadExpression`.
    """
    expression, variable = inputs.expression(expression), inputs.variable(variable)
    inputs.consistent(expression, variable)
    context = Context(tuple(definitions), kept=frozenset(kept))

    def too_slow(bound: TimeLimit):
        raise TooSlow(expression, variable, bound.seconds) from None

    def held(_):
        held_expression, constants = hold_constants(expression)
        return _put_back(_derive(held_expression, variable, route, context), constants)

    def attempt():
        return within(PLAIN_SECONDS, "deriving with the constants as they are",
                      lambda: _derive(expression, variable, route, context), held)

    steps, cases, result, merge = within(DERIVE_SECONDS, Named(lambda: f"deriving {expression}"), attempt, too_slow)
    return Derivation(title=title or f"d/d{variable}", route=route.name, expression=expression,
                      variable=variable, steps=steps, cases=cases, result=result,
                      merge=merge, definitions=tuple(definitions), legend=tuple(legend),
                      closed_form=tuple(closed_form), name=name, lemmas=tuple(lemmas))


def _derive(expression: Expr, variable: Expr, route: Route, context: Context):
    """The steps, the cases, the result and the merge step of d expression / d variable."""
    start = Derivative(expression, variable, evaluate=False)
    with real_comparisons(expression):
        steps, cases, final = _run(start, route, context, [MAX_STEPS])
    for expr in ([final] if not cases else [case.result for case in cases]):
        leftover = _leftover_derivative(expr)
        if leftover is not None:
            raise NoRuleApplies(leftover, route.name)
    if cases:
        result, merge = merged(cases, route, context, expression)
    else:
        result, merge = final, None
    return tuple(steps), tuple(cases), result, merge


def merged(cases: Sequence[Case], route: Route, context: Context, expression: Expr):
    """The result of a case split (a Piecewise over the cases) and the step of the route's merge
    rule that joins it into one expression (None when it does not apply)."""
    with real_comparisons(expression):
        result = Piecewise(*[(case.result, case.relation) for case in cases])
    merge = None
    if route.merge is not None:
        rewrite = route.merge.apply(result, context)
        if rewrite is not None:
            merge = Step(route.merge, dict(rewrite.bindings), result, rewrite.after, result, None,
                         replacement=rewrite.after)
    return result, merge


def derive_in_case(expression: Expr, variable: Expr, route: Route, relation: Basic, *,
                   definitions: Sequence[Definition] = ()) -> tuple[tuple[Step, ...], Expr]:
    """The steps and the result of d expression / d variable where ``relation`` holds (one case of
    a split already made): the engine's run with the case as its context, each step marked with it.
    A split inside the case raises `DerivationError` (the cases of a case are not told)."""
    context = Context(tuple(definitions), relation)

    def run():
        start = Derivative(expression, variable, evaluate=False)
        with real_comparisons(expression):
            steps, cases, final = _run(start, route, context, [MAX_STEPS])
        if cases:
            raise DerivationError(f"d/d{variable} of {expression} splits again where {relation} holds")
        leftover = _leftover_derivative(final)
        if leftover is not None:
            raise NoRuleApplies(leftover, route.name)
        return tuple(steps), final

    def too_slow(bound: TimeLimit):
        raise TooSlow(expression, variable, bound.seconds) from None

    return within(DERIVE_SECONDS, Named(lambda: f"deriving {expression}"), run, too_slow)


def _put_back(found, constants: dict):
    """The steps, cases, result and merge step of `_derive` with the held constants back."""
    if not constants:
        return found
    steps, cases, result, merge = found

    def back(expr):
        return put_back(expr, constants) if isinstance(expr, Basic) else expr  # a binding may be text

    def step_back(step: Step) -> Step:
        return replace(step, bindings={name: back(value) for name, value in step.bindings.items()},
                       before=back(step.before), after=back(step.after), node=back(step.node), case=back(step.case),
                       replacement=back(step.replacement))
    return (tuple(step_back(step) for step in steps),
            tuple(Case(back(case.relation), tuple(step_back(step) for step in case.steps), back(case.shown))
                  for case in cases),
            back(result), None if merge is None else step_back(merge))
