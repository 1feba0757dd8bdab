"""The rules of the package, found by reading its modules: no list of them is kept by hand.

A rule is a `Rule` bound to a name at the top of a module under rules/. `rules_in("calculus")` gives
the rules of one section by those names, so that a route names a rule by its section
(``calculus.product_rule``) and a new rule file is found as soon as it is there; `every_rule()`
gives every rule of the package, each once. The rules a derivation builds for itself (from a
proven derivative, from an assumption) are made by functions, not bound in a module: they are
not among them.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from .base import Rule

PACKAGE = __name__.rpartition(".")[0]  # derive.rules


def modules(section: str = "") -> list[ModuleType]:
    """Every module of the package, or of one ``section`` of it ("calculus", "for_functions.sigmoid"),
    imported, its packages' own modules included, in the order of their names."""
    package = importlib.import_module(f"{PACKAGE}.{section}" if section else PACKAGE)
    found = [package]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".", onerror=_failed):
        found.append(importlib.import_module(info.name))
    return sorted(found, key=lambda module: module.__name__)


def _failed(name: str):
    raise ImportError(f"the rules' package {name} could not be imported")


def rules_of(module: ModuleType) -> dict[str, Rule]:
    """The rules ``module`` binds at its top, by the names it binds them to."""
    return {name: value for name, value in vars(module).items() if isinstance(value, Rule)}


class Section:
    """The rules of one section of the package, by name: ``rules_in("calculus").product_rule``."""

    def __init__(self, name: str, rules: dict[str, Rule]):
        self.name, self.rules = name, dict(rules)

    def __getattr__(self, attribute: str) -> Rule:
        if attribute.startswith("_") or attribute in ("name", "rules"):
            raise AttributeError(attribute)
        try:
            return self.rules[attribute]
        except KeyError:
            folder = "rules/" + self.name.replace(".", "/") + "/"
            raise AttributeError(f"no rule named {attribute} in {folder} (its rules: "
                                 f"{', '.join(sorted(self.rules))})") from None

    def __iter__(self):
        return iter(self.rules.values())

    def __repr__(self) -> str:
        return f"Section({self.name!r}, {sorted(self.rules)})"


def rules_in(section: str) -> Section:
    """The rules of ``section`` ("calculus", "for_functions.sigmoid"), by the names their modules
    bind them to. Two different rules under one name in a section are an error."""
    found: dict[str, Rule] = {}
    for module in modules(section):
        for name, rule in rules_of(module).items():
            if found.setdefault(name, rule) is not rule:
                raise ImportError(f"two rules are named {name} in the section {section} of {PACKAGE}")
    return Section(section, found)


def every_rule() -> tuple[Rule, ...]:
    """Every rule of the package, each once, in the order of its modules' names."""
    found: dict[int, Rule] = {}
    for module in modules():
        for rule in rules_of(module).values():
            found.setdefault(id(rule), rule)
    return tuple(found.values())
