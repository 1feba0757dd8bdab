"""Several derivations of the same derivative, by different routes, proven to agree."""

from __future__ import annotations

from dataclasses import dataclass

from derive.engine.records import Check, Derivation
from .checks import check_equal


@dataclass(frozen=True)
class Comparison:
    """Derivations of one derivative by several routes, and the checks that their results agree."""

    derivations: tuple[Derivation, ...]
    checks: tuple[Check, ...]

    @property
    def verified(self) -> bool:
        return all(d.verified for d in self.derivations) and all(check.passed for check in self.checks)


def compare(derivations) -> Comparison:
    """Check every route's result against the first route's: symbolically where cheap, and
    numerically at random points, several lengths L, both with j = k and with j != k."""
    derivations = tuple(derivations)
    first = derivations[0]
    checks = []
    for other in derivations[1:]:
        definitions = first.definitions + tuple(d for d in other.definitions if d not in first.definitions)
        checks.append(check_equal(f"route {other.route} gives the same result as route {first.route}",
                                  first.unified, other.unified, None, definitions))
    return Comparison(derivations, tuple(checks))
