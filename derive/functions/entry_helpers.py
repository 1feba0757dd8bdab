"""The helpers every generated module of indexed inputs carries (`derive.functions.entry_code`),
as source, one version per array library: ``_at`` spreads an array over the axes of a scope,
``_sum`` sums the last axis, ``_delta`` is the Kronecker delta as an identity, ``_batch`` and
``_shaped`` give a result the whole shape of its batch and indices.
"""

HELPERS = {
    "numpy": '''

def _at(a, positions, rank):
    """a, whose last len(positions) axes are the indices at those positions of the scope, spread
    over the scope's rank axes (size 1 at the others); leading axes are the batch."""
    a = np.asarray(a, dtype=float)
    a = a.reshape(a.shape + (1,) * (rank - len(positions)))
    rest = [p for p in range(rank) if p not in positions]
    return np.moveaxis(a, list(range(-rank, 0)), [p - rank for p in (*positions, *rest)])


def _sum(a, size):
    """The sum over the last axis, which has size entries (or one, the same for each)."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0 or a.shape[-1] == 1:
        return (a[..., 0] if a.ndim else a) * size
    return np.sum(a, axis=-1)


def _batch(*arrays):
    """The batch shape: the leading axes of each (array, number of index axes), broadcast."""
    return np.broadcast_shapes(*(tuple(a.shape[:a.ndim - m]) for a, m in arrays))


def _shaped(a, shape):
    """a with the full shape (an axis it does not vary along is written out)."""
    a = np.asarray(a, dtype=float)
    return a if a.shape == shape else np.broadcast_to(a, shape).copy()


def _delta(size, a, b, rank):
    """The Kronecker delta as an array: size at axes a and b, 1 elsewhere."""
    return np.eye(size).reshape([size if axis in (a, b) else 1 for axis in range(rank)])
''',
    "torch": '''

def _at(a, positions, rank):
    """a, whose last len(positions) axes are the indices at those positions of the scope, spread
    over the scope's rank axes (size 1 at the others); leading axes are the batch."""
    a = torch.as_tensor(a, dtype=torch.float64)
    a = a.reshape(tuple(a.shape) + (1,) * (rank - len(positions)))
    rest = [p for p in range(rank) if p not in positions]
    return torch.movedim(a, list(range(-rank, 0)), [p - rank for p in (*positions, *rest)])


def _sum(a, size):
    """The sum over the last axis, which has size entries (or one, the same for each)."""
    a = torch.as_tensor(a, dtype=torch.float64)
    if a.ndim == 0 or a.shape[-1] == 1:
        return (a[..., 0] if a.ndim else a) * size
    return torch.sum(a, dim=-1)


def _batch(*arrays):
    """The batch shape: the leading axes of each (array, number of index axes), broadcast."""
    return tuple(torch.broadcast_shapes(*(tuple(a.shape[:a.ndim - m]) for a, m in arrays)))


def _shaped(a, shape):
    """a with the full shape (an axis it does not vary along is written out)."""
    a = torch.as_tensor(a, dtype=torch.float64)
    return a if tuple(a.shape) == shape else torch.broadcast_to(a, shape).clone()


def _delta(size, a, b, rank):
    """The Kronecker delta as an array: size at axes a and b, 1 elsewhere."""
    return torch.eye(size, dtype=torch.float64).reshape([size if axis in (a, b) else 1 for axis in range(rank)])
''',
}
