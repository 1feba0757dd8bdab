"""The type every rule is, and the type it returns.

A rule is a name, the law it states, a justification template and a rewrite function.
The rewrite function looks at one node of an expression tree and returns a `Rewrite`
(the replacement node and the concrete parts that fill the sentence) or `None` when the
rule does not apply there. Walking the tree is the engine's job, never a rule's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from sympy import Basic, Expr, S

# a clause of a template said only when its parts are not false: brackets around a {part} (an
# interval such as [-1, 1], with no part in it, is text)
OPTIONAL = re.compile(r"\[([^\[\]]*\{\w+\}[^\[\]]*)\]")

# the levels of detail a derivation is told at, least first: a rule states the least at which its
# steps stand on their own (see `Rule.detail`)
DETAILS = ("brief", "normal", "full")


@dataclass(frozen=True)
class Definition:
    """A named quantity the derivation may fold back into: ``name`` stands for ``body``.

    ``name`` is an indexed symbol such as ``S[i, j]`` whose index ``index`` (``j``) is free in
    ``body``; every instance ``S[i, m]`` means ``body`` with ``j`` replaced by ``m``. Or it is a
    function applied to its argument, ``sigma(x)`` with ``index`` x: ``sigma(y)`` means ``body``
    with ``x`` replaced by ``y``. ``index`` may also be a tuple of the name's free indices
    (``S[i, j]`` with both free, as a check file writes it), or ``()`` for a plain name such as
    ``mu``, which stands for ``body`` wherever it occurs.
    """

    name: Expr
    body: Expr
    index: Expr | tuple = ()

    @property
    def parameters(self) -> tuple:
        """The free indices (or arguments) of the name, as a tuple."""
        return self.index if isinstance(self.index, tuple) else (self.index,)

    def instance(self, value: Expr) -> tuple[Expr, Expr]:
        """The pair (name, body) with the free index set to ``value`` (remembered: the rules that
        fold into a definition ask for the same instances at every node they look at)."""
        return _instance(self, value)

    def is_instance(self, node: Basic) -> bool:
        """Whether ``node`` is the name at some index (``S[i, m]``) or argument (``sigma(y)``)."""
        from sympy import Indexed

        if isinstance(self.name, Indexed):
            return isinstance(node, Indexed) and node.base == self.name.base
        if not self.name.args:
            return node == self.name
        return node.func == self.name.func and len(node.args) == len(self.name.args)

    def unfold(self, expr: Basic) -> Basic:
        """``expr`` with every instance of the name replaced by its body."""
        from sympy import Indexed

        if not self.name.args and not isinstance(self.name, Indexed):
            return expr.xreplace({self.name: self.body})
        arguments = list(self.name.indices if isinstance(self.name, Indexed) else self.name.args)
        positions = [(parameter, arguments.index(parameter)) for parameter in self.parameters]

        def body_of(node: Basic) -> Basic:
            values = node.indices if isinstance(node, Indexed) else node.args
            return self.body.xreplace({parameter: values[position] for parameter, position in positions})

        return expr.replace(self.is_instance, body_of)


@functools.lru_cache(maxsize=4096)
def _instance(definition: Definition, value: Expr) -> tuple[Expr, Expr]:
    return (definition.name.xreplace({definition.index: value}), definition.body.xreplace({definition.index: value}))


@dataclass(frozen=True)
class Context:
    """What a rule may know beyond the node: definitions to fold into, the case in force, and
    the summation indices bound around the node (``l`` inside ``sum_l``). ``kept`` holds the named
    parts whose derivatives were proven on their own (lemmas): they stay named under a derivative,
    and a rule asking whether a part depends on the variable reads them through their definitions
    (`derive.rules.forms.varies`)."""

    definitions: tuple[Definition, ...] = ()
    case: Basic | None = None
    bound: frozenset = frozenset()
    kept: frozenset = frozenset()


@dataclass(frozen=True)
class Branch:
    """One branch of a case split: under ``relation`` the node becomes ``after``."""

    relation: Basic
    after: Expr


@dataclass(frozen=True)
class Rewrite:
    """What a rule returns when it applies.

    ``after`` replaces the node. ``bindings`` name the concrete parts that fill the rule's
    justification template. ``branches`` is set instead of ``after`` by a case split.
    """

    after: Expr | None
    bindings: Mapping[str, Basic] = field(default_factory=dict)
    branches: tuple[Branch, ...] = ()

    def __post_init__(self):
        if (self.after is None) == (not self.branches):
            raise ValueError("a rewrite has either the expression after it or its branches, one of the two")


RewriteFunction = Callable[[Basic, Context], "Rewrite | None"]


@dataclass(frozen=True)
class Rule:
    """A named rewrite: ``name`` ("quotient rule"), ``law`` in LaTeX, ``template`` a sentence.

    The template names its parts in braces, ``{u}``, filled from the rewrite's bindings by
    whichever printer renders the step. ``on`` names the node types the rule looks at: at a node
    of any other type it does not apply, and its rewrite function is never called, so that
    function may take the type of its node as given. ``detail`` is the least level of `DETAILS`
    at which a step of the rule is told on its own; told with less detail, the step is folded
    into the step that needed it ("brief": every level tells it).
    """

    name: str
    law: str
    template: str
    rewrite: RewriteFunction = field(repr=False, compare=False)
    explanation: str = ""
    on: tuple[type, ...] = ()  # the node types the rule looks at (empty: every node)
    detail: str = "brief"  # the least level of DETAILS at which its steps are told on their own

    def __post_init__(self):
        if self.detail not in DETAILS:
            raise ValueError(f"rule '{self.name}': detail '{self.detail}' is not one of {', '.join(DETAILS)}")

    def apply(self, node: Basic, context: Context = Context()) -> Rewrite | None:
        """The rewrite of ``node``, or None where the rule does not apply (at a node not of its
        ``on`` types, without asking the rewrite function)."""
        if self.on and not isinstance(node, self.on):
            return None
        return self.rewrite(node, context)

    def justify(self, bindings: Mapping[str, Basic], show: Callable[[Basic], str]) -> str:
        """The template filled with ``bindings``, each shown by ``show``. A clause in square
        brackets is said only when none of its parts is false (``[; where {meets} ...]`` is left
        out when the pieces meet nowhere)."""
        def clause(match: re.Match) -> str:
            names = re.findall(r"\{(\w+)\}", match.group(1))
            return "" if any(bindings.get(name) is S.false for name in names) else match.group(1)

        return OPTIONAL.sub(clause, self.template).format(**{name: show(value) for name, value in bindings.items()})

    def __str__(self) -> str:
        return self.name
