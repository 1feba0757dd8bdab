"""The layers beyond softmax, each a problem of the catalog: its expression, written with the
named parts the papers use (the norm, the RMS, the mean, the standard deviation, the normalised
input), the definitions of those parts, what each symbol means, and the closed form the checker
compares the result with. Nothing here writes a step: the rules of the route write them all, and
the layers differ only in what is below.
"""

from __future__ import annotations

from sympy import IndexedBase, KroneckerDelta, Sum, Symbol, sqrt, true

from derive.rules import Definition
from derive.engine.records import Symbol as Legend

j, k, l, m = (Symbol(letter, integer=True) for letter in "jklm")
N = Symbol("N", integer=True, positive=True)
eps = Symbol("epsilon", positive=True)
x, y, gamma, beta = (IndexedBase(name) for name in ("x", "y", "gamma", "beta"))
delta = KroneckerDelta(j, k)

INPUT = Legend(x[j], "the input, x_1 ... x_N; the derivative is taken by x_k")
LENGTH = Legend(N, "the number of inputs the layer normalises over")
EPSILON = Legend(eps, "a small positive constant that keeps the denominator away from 0")
GAIN = Legend(gamma[j], "the learned gain (scale) of output j, a constant here")


def problem(expression, definitions, closed_form, legend, variable=x[k]):
    """The catalog's `Problem` on the quotient route (imported here, where it is used: the catalog
    imports this module when an entry is derived)."""
    from derive.engine.routes import QUOTIENT
    from derive.functions.catalog import Problem

    return Problem(expression, variable, ((true, closed_form),), tuple(definitions), tuple(legend), QUOTIENT)


def l2_normalize():
    """y_j = x_j / ||x||; dy_j/dx_k = (delta_jk - y_j y_k) / ||x||."""
    n = Symbol("n", positive=True)
    norm = Definition(n, sqrt(Sum(x[l]**2, (l, 1, N))))
    output = Definition(y[j], x[j] / n, j)
    legend = (INPUT, Legend(n, "the Euclidean norm ||x|| = sqrt(sum_l x_l^2)"),
              Legend(y[j], "the output x_j / ||x||, which the result folds into"), LENGTH)
    return problem(y[j], (output, norm), (delta - y[j] * y[k]) / n, legend)


def rmsnorm():
    """y_j = gamma_j x_j / r, r = sqrt(mean of x^2 + eps); dy_j/dx_k = (gamma_j / r)(delta_jk - x_j x_k / (N r^2))."""
    r = Symbol("r", positive=True)
    rms = Definition(r, sqrt(Sum(x[l]**2, (l, 1, N)) / N + eps))
    legend = (INPUT, Legend(r, "the root mean square sqrt(sum_l x_l^2 / N + epsilon)"), GAIN, LENGTH, EPSILON)
    return problem(gamma[j] * x[j] / r, (rms,), gamma[j] / r * (delta - x[j] * x[k] / (N * r**2)), legend)


def layernorm():
    """y_j = gamma_j xhat_j + beta_j, xhat_j = (x_j - mu)/sigma, sigma = sqrt(var + eps);
    dy_j/dx_k = (gamma_j / sigma)(delta_jk - 1/N - xhat_j xhat_k / N)."""
    mu, sigma, xhat = Symbol("mu"), Symbol("sigma", positive=True), IndexedBase("xhat")
    mean = Definition(mu, Sum(x[l], (l, 1, N)) / N)
    deviation = Definition(sigma, sqrt(Sum((x[m] - mu)**2, (m, 1, N)) / N + eps))
    normalised = Definition(xhat[j], (x[j] - mu) / sigma, j)
    legend = (INPUT, Legend(mu, "the mean of the inputs, sum_l x_l / N"),
              Legend(sigma, "the standard deviation sqrt(sum_m (x_m - mu)^2 / N + epsilon)"),
              Legend(xhat[j], "the normalised input (x_j - mu) / sigma"), GAIN,
              Legend(beta[j], "the learned bias (shift) of output j, a constant here"), LENGTH, EPSILON)
    closed = gamma[j] / sigma * (delta - 1 / N - xhat[j] * xhat[k] / N)
    return problem(gamma[j] * xhat[j] + beta[j], (normalised, deviation, mean), closed, legend)


i = Symbol("i", integer=True)
M = Symbol("M", integer=True, positive=True)
W, b, g = IndexedBase("W"), IndexedBase("b"), IndexedBase("g")
LINEAR = (Legend(W[i, l], "the weight from input l to output i"), Legend(x[l], "the input, x_1 ... x_N"),
          Legend(b[i], "the bias of output i"), Legend(N, "the number of inputs"))


def linear():
    """y_i = sum_l W_il x_l + b_i; dy_i/dW_jk = delta_ij x_k."""
    return problem(Sum(W[i, l] * x[l], (l, 1, N)) + b[i], (), KroneckerDelta(i, j) * x[k], LINEAR, W[j, k])


def linear_weight_gradient():
    """The gradient of a loss by the weights, through y_i = sum_l W_il x_l + b_i: with g_i = dLoss/dy_i
    held fixed, Loss changes as sum_i g_i y_i, and dLoss/dW_jk = g_j x_k, the outer product g x^T."""
    legend = (*LINEAR, Legend(g[i], "dLoss/dy_i, the gradient that reaches output i from above"),
              Legend(M, "the number of outputs"))
    loss = Sum(g[i] * (Sum(W[i, l] * x[l], (l, 1, N)) + b[i]), (i, 1, M))
    return problem(loss, (), g[j] * x[k], legend, W[j, k])


def batchnorm():
    """LayerNorm's normalisation along the batch axis: x_ic is sample i in channel c, normalised over
    the B samples of its channel; dy_ic/dx_kc = (gamma_c / sigma_c)(delta_ik - 1/B - xhat_ic xhat_kc / B)."""
    c, a, s = (Symbol(letter, integer=True) for letter in "cas")
    B = Symbol("B", integer=True, positive=True)
    mu, sigma, xhat = IndexedBase("mu"), IndexedBase("sigma", positive=True), IndexedBase("xhat")
    mean = Definition(mu[c], Sum(x[s, c], (s, 1, B)) / B, c)
    deviation = Definition(sigma[c], sqrt(Sum((x[a, c] - mu[c])**2, (a, 1, B)) / B + eps), c)
    normalised = Definition(xhat[i, c], (x[i, c] - mu[c]) / sigma[c], (i, c))
    legend = (Legend(x[i, c], "sample i of the batch in channel c; the derivative is taken by x_kc, same channel"),
              Legend(mu[c], "the mean of channel c over the batch, sum_s x_sc / B"),
              Legend(sigma[c], "the standard deviation of channel c, sqrt(sum_a (x_ac - mu_c)^2 / B + epsilon)"),
              Legend(xhat[i, c], "the normalised input (x_ic - mu_c) / sigma_c"),
              Legend(gamma[c], "the learned gain of channel c"), Legend(beta[c], "the learned bias of channel c"),
              Legend(B, "the number of samples in the batch"), EPSILON)
    closed = gamma[c] / sigma[c] * (KroneckerDelta(i, k) - 1 / B - xhat[i, c] * xhat[k, c] / B)
    return problem(gamma[c] * xhat[i, c] + beta[c], (normalised, deviation, mean), closed, legend, x[k, c])
