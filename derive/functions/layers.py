"""The layers beyond softmax, each a problem of the catalog: its expression, written with the
named parts the papers use (the norm, the RMS, the mean, the standard deviation, the normalised
input), the definitions of those parts, what each symbol means, and the closed form the checker
compares the result with. Nothing here writes a step: the rules of the route write them all, and
the layers differ only in what is below.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr, IndexedBase, KroneckerDelta, Sum, Symbol, sqrt, true

from derive.rules import Definition
from derive.engine.records import Symbol as Legend

j, k, l, m = (Symbol(letter, integer=True) for letter in "jklm")
N = Symbol("N", integer=True, positive=True)
eps = Symbol("epsilon", positive=True)
x, y, gamma, beta = (IndexedBase(name) for name in ("x", "y", "gamma", "beta"))
g = IndexedBase("g")  # the gradient dLoss/dy that reaches the layer's output from above (the backward pass)
delta = KroneckerDelta(j, k)

INPUT = Legend(x[j], "the input, x_1 ... x_N; the derivative is taken by x_k")
LENGTH = Legend(N, "the number of inputs the layer normalises over")
EPSILON = Legend(eps, "a small positive constant that keeps the denominator away from 0")
GAIN = Legend(gamma[j], "the learned gain (scale) of output j, a constant here")


@dataclass(frozen=True)
class Layer:
    """What the catalog makes a layer's problem of (derive/functions/catalog.py builds the `Problem`:
    this module imports nothing of the catalog). ``rules`` are tried before the route's."""

    expression: Expr
    variable: Expr
    closed_form: tuple
    definitions: tuple
    legend: tuple
    rules: tuple = ()
    backward: tuple = ()  # the known form of the backward pass sum_j g_j dy_j/dx_k, which the checker compares with
    lengths: tuple = ()   # (output index, the length it runs over): o_c's c runs to d, said nowhere in sum_n a_n V_nc


def problem(expression, definitions, closed_form, legend, variable=x[k], rules=(), backward=None,
            lengths=()) -> Layer:
    return Layer(expression, variable, ((true, closed_form),), tuple(definitions), tuple(legend), tuple(rules),
                 ((true, backward),) if backward is not None else (), tuple(lengths))


def l2_normalize():
    """y_j = x_j / ||x||; dy_j/dx_k = (delta_jk - y_j y_k) / ||x||; backward (g_k - y_k sum_j g_j y_j) / ||x||."""
    n = Symbol("n", positive=True)
    norm = Definition(n, sqrt(Sum(x[l]**2, (l, 1, N))))
    output = Definition(y[j], x[j] / n, j)
    legend = (INPUT, Legend(n, "the Euclidean norm ||x|| = sqrt(sum_l x_l^2)"),
              Legend(y[j], "the output x_j / ||x||, which the result folds into"), LENGTH)
    backward = (g[k] - y[k] * Sum(g[j] * y[j], (j, 1, N))) / n
    return problem(y[j], (output, norm), (delta - y[j] * y[k]) / n, legend, backward=backward, lengths=((j, N),))


def rmsnorm():
    """y_j = gamma_j x_j / r, r = sqrt(mean of x^2 + eps); dy_j/dx_k = (gamma_j / r)(delta_jk - x_j x_k / (N r^2));
    backward (gamma_k g_k - x_k sum_j gamma_j g_j x_j / (N r^2)) / r."""
    r = Symbol("r", positive=True)
    rms = Definition(r, sqrt(Sum(x[l]**2, (l, 1, N)) / N + eps))
    legend = (INPUT, Legend(r, "the root mean square sqrt(sum_l x_l^2 / N + epsilon)"), GAIN, LENGTH, EPSILON)
    backward = (gamma[k] * g[k] - x[k] * Sum(gamma[j] * g[j] * x[j], (j, 1, N)) / (N * r**2)) / r
    return problem(gamma[j] * x[j] / r, (rms,), gamma[j] / r * (delta - x[j] * x[k] / (N * r**2)), legend,
                   backward=backward, lengths=((j, N),))


def layernorm():
    """y_j = gamma_j xhat_j + beta_j, xhat_j = (x_j - mu)/sigma, sigma = sqrt(var + eps);
    dy_j/dx_k = (gamma_j / sigma)(delta_jk - 1/N - xhat_j xhat_k / N); backward, with g'_j = gamma_j g_j,
    (g'_k - mean(g') - xhat_k mean(g' xhat)) / sigma."""
    mu, sigma, xhat = Symbol("mu"), Symbol("sigma", positive=True), IndexedBase("xhat")
    mean = Definition(mu, Sum(x[l], (l, 1, N)) / N)
    deviation = Definition(sigma, sqrt(Sum((x[m] - mu)**2, (m, 1, N)) / N + eps))
    normalised = Definition(xhat[j], (x[j] - mu) / sigma, j)
    legend = (INPUT, Legend(mu, "the mean of the inputs, sum_l x_l / N"),
              Legend(sigma, "the standard deviation sqrt(sum_m (x_m - mu)^2 / N + epsilon)"),
              Legend(xhat[j], "the normalised input (x_j - mu) / sigma"), GAIN,
              Legend(beta[j], "the learned bias (shift) of output j, a constant here"), LENGTH, EPSILON)
    closed = gamma[j] / sigma * (delta - 1 / N - xhat[j] * xhat[k] / N)
    backward = (gamma[k] * g[k] - Sum(gamma[j] * g[j], (j, 1, N)) / N
                - xhat[k] * Sum(gamma[j] * g[j] * xhat[j], (j, 1, N)) / N) / sigma
    return problem(gamma[j] * xhat[j] + beta[j], (normalised, deviation, mean), closed, legend, backward=backward,
                   lengths=((j, N),))


i = Symbol("i", integer=True)
M = Symbol("M", integer=True, positive=True)
W, b = IndexedBase("W"), IndexedBase("b")
LINEAR = (Legend(W[i, l], "the weight from input l to output i"), Legend(x[l], "the input, x_1 ... x_N"),
          Legend(b[i], "the bias of output i"), Legend(N, "the number of inputs"))


def linear():
    """y_i = sum_l W_il x_l + b_i; dy_i/dW_jk = delta_ij x_k; backward g_j x_k, the outer product g x^T
    (what linear-backward derives from the loss directly)."""
    legend = (*LINEAR, Legend(M, "the number of outputs"))
    return problem(Sum(W[i, l] * x[l], (l, 1, N)) + b[i], (), KroneckerDelta(i, j) * x[k], legend, W[j, k],
                   backward=g[j] * x[k], lengths=((i, M),))


def linear_backward():
    """The gradient of a loss by the weights, through y_i = sum_l W_il x_l + b_i: with g_i = dLoss/dy_i
    held fixed, Loss changes as sum_i g_i y_i, and dLoss/dW_jk = g_j x_k, the outer product g x^T."""
    legend = (*LINEAR, Legend(g[i], "dLoss/dy_i, the gradient that reaches output i from above"),
              Legend(M, "the number of outputs"))
    loss = Sum(g[i] * (Sum(W[i, l] * x[l], (l, 1, N)) + b[i]), (i, 1, M))
    return problem(loss, (), g[j] * x[k], legend, W[j, k])


def batchnorm():
    """LayerNorm's normalisation along the batch axis: x_ic is sample i in channel c, normalised over
    the B samples of its channel; dy_ic/dx_kc = (gamma_c / sigma_c)(delta_ik - 1/B - xhat_ic xhat_kc / B);
    backward, summed over the batch, (gamma_c / sigma_c)(g_kc - mean_i g_ic - xhat_kc mean_i(g_ic xhat_ic))."""
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
    backward = gamma[c] / sigma[c] * (g[k, c] - Sum(g[i, c], (i, 1, B)) / B
                                      - xhat[k, c] * Sum(g[i, c] * xhat[i, c], (i, 1, B)) / B)
    return problem(gamma[c] * xhat[i, c] + beta[c], (normalised, deviation, mean), closed, legend, x[k, c],
                   backward=backward, lengths=((i, B),))


# attention: one query q (q_1 ... q_d) against L keys K_n and values V_n (rows of K and V)
ATTENTION = None  # the letters of softmax in attention, made when first asked for (see `attention_letters`)


def attention_letters():
    """Softmax in the letters of attention: the weights a_l of the scores s_l, the sum over n to L."""
    from derive.functions.notation import Notation, softmax_in

    return softmax_in(Notation("attention", function="a", input="s", sample=None, output="l", wrt="m",
                               summation="n", length="L"))


def softmax_rule():
    """d a_l / d s_n, taken from the verified derivation of softmax in attention's letters (derive
    softmax, the same rules), never written here by hand."""
    from derive.engine.run import DerivationError
    from derive.functions.notation import Notation
    from derive.functions.softmax import softmax
    from derive.rules.calculus.use_proven import use_proven

    proven = softmax(notation=Notation("attention", function="a", input="s", sample=None, output="l", wrt="m",
                                       summation="n", length="L"))
    if not proven.verified:
        raise DerivationError("softmax's derivative is not proven, so no rule is made of it")
    return use_proven(proven)


def attention_parts():
    """The symbols and definitions of attention: the scores s_l = q . K_l / sqrt(d), the weights a_l."""
    sm = attention_letters()
    (l_, m_), L = sm.indices, sm.length
    # (u, not e: the reader takes e for Euler's number, so --wrt 'q[e]' could not name the input)
    c, e, n, p = (Symbol(letter, integer=True) for letter in "cunp")
    d = Symbol("d", integer=True, positive=True)
    q, K, V, s, a = (IndexedBase(name) for name in ("q", "K", "V", "s", "a"))
    # the sum over the components has a letter of its own (p): no free index of a derivative is bound in it
    scores = Definition(s[l_], Sum(q[p] * K[l_, p], (p, 1, d)) / sqrt(d), l_)
    legend = (Legend(q[c], "the query, q_1 ... q_d"), Legend(K[l_, c], "component c of key l"),
              Legend(V[l_, c], "component c of value l"), Legend(s[l_], "the score of key l, q . K_l / sqrt(d)"),
              Legend(a[l_], "the attention weight of key l, softmax_l(s)"),
              Legend(L, "the number of keys"), Legend(d, "the dimension of the query and the keys"))
    return sm, scores, legend, (l_, m_, c, e, n, d, L, q, K, V, s, a)


def attention_score():
    """d a_l / d s_m = a_l (delta_lm - a_m): softmax's proven derivative, read in attention's letters."""
    sm, _, legend, (l_, m_, c, e, n, d, L, q, K, V, s, a) = attention_parts()
    closed = a[l_] * (KroneckerDelta(l_, m_) - a[m_])
    backward = a[m_] * (g[m_] - Sum(g[l_] * a[l_], (l_, 1, L)))
    return problem(a[l_], (sm.definition,), closed, legend, s[m_], rules=(softmax_rule(),), backward=backward,
                   lengths=((l_, L),))


def attention_query():
    """d a_l / d q_u = (a_l / sqrt(d))(K_lu - sum_n a_n K_nu): the weights move with the query
    through every score."""
    sm, scores, legend, (l_, m_, c, e, n, d, L, q, K, V, s, a) = attention_parts()
    closed = a[l_] / sqrt(d) * (K[l_, e] - Sum(a[n] * K[n, e], (n, 1, L)))
    backward = Sum(a[l_] * (g[l_] - Sum(g[n] * a[n], (n, 1, L))) * K[l_, e], (l_, 1, L)) / sqrt(d)
    return problem(a[l_], (sm.definition, scores), closed, legend, q[e], backward=backward, lengths=((l_, L),))


def attention_value():
    """o_c = sum_n a_n V_nc, the output; d o_c / d V_lu = a_l delta_cu: each value moves the output by
    its weight, in its own component."""
    sm, scores, legend, (l_, m_, c, e, n, d, L, q, K, V, s, a) = attention_parts()
    output = Sum(a[n] * V[n, c], (n, 1, L))
    legend = (*legend, Legend(Symbol("o"), "the output o_c = sum_n a_n V_nc"))
    return problem(output, (sm.definition, scores), a[l_] * KroneckerDelta(c, e), legend, V[l_, e],
                   backward=a[l_] * g[e], lengths=((c, d),))
