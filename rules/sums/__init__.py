"""Finite sums over an index: the Kronecker delta keeps one term of a sum, a sum of terms splits
into sums, a factor free of the index comes out in front, and a product is written out term by
term inside a sum so that the sum can split."""
