"""Small, pure, named rewrite rules for differentiation and the algebra that follows it.

Each rule lives in a module of its own, in the folder of its section: calculus/ (the rules of
differentiation), functions/ (the derivatives of the named functions), sums/, cases/, algebra/,
definitions/, and for_functions/ (the rules written for one function, in a folder named after
it). A rule is a `Rule`: a name, the law it states, a justification template and a rewrite
function returning a `Rewrite` or `None`. Rules know nothing of printing, of the command line, or
of the order they are tried in: derive/engine/routes.py states that.

No list of the rules is kept by hand: `rules_in` gives the rules of one section by name,
`every_rule` every rule of the package, both found by reading the modules.
"""

from .base import DETAILS, Branch, Context, Definition, Rewrite, Rule
from .discovery import every_rule, rules_in

__all__ = ["DETAILS", "Branch", "Context", "Definition", "Rewrite", "Rule", "every_rule", "rules_in"]
