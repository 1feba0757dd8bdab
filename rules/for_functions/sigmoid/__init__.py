"""The sigmoid's own algebra: with sigma(x) defined as 1/(1 + e^{-x}), a power of that denominator
is a power of sigma, and e^{-x} sigma(x) is 1 - sigma(x)."""
