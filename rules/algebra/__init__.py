"""The algebra once the calculus is done: factor out, split a fraction or a difference, cancel (a
quotient, a factor, a power), multiply out, the Pythagorean and tangent identities, a power
written back from its exponential form, and the logarithm of a quotient and of an exponential."""
