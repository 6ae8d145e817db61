"""The layers of a multilayer perceptron, each a forward/backward pair.

Chapter 5 builds the network of the paper from these pieces. For layer l,

.. math::

    z^{(l+1)} = W^{(l+1)} \\tilde y^{(l)} + b^{(l+1)}, \\qquad
    y^{(l+1)} = f(z^{(l+1)}),

written for a batch as ``out = x @ W + b`` with one example per row, so ``W``
has shape ``(inputs, units)``: column j holds the incoming weights of unit j.
Every ``*_forward`` returns ``(out, cache)`` and the matching ``*_backward``
takes the upstream gradient and that cache, in the style of CS231n.
"""

from __future__ import annotations

import numpy as np

from dropout._checks import check_float_array

__all__ = [
    "affine_forward",
    "affine_backward",
    "relu_forward",
    "relu_backward",
    "sigmoid",
    "sigmoid_forward",
    "sigmoid_backward",
    "softmax",
    "log_softmax",
    "softmax_cross_entropy",
]


def _check_dout(dout, shape) -> np.ndarray:
    check_float_array(dout, "dout")
    if dout.shape != tuple(shape):
        raise ValueError(
            f"`dout` must have the shape of the forward output, {tuple(shape)}, "
            f"got dout.shape={dout.shape}"
        )
    return dout


def _check_matrix(a, name: str) -> np.ndarray:
    check_float_array(a, name)
    if a.ndim != 2:
        raise ValueError(f"`{name}` must be 2-D (batch, features), got {name}.shape={a.shape}")
    return a


def check_labels(y, n: int, n_classes: int, name: str = "y") -> np.ndarray:
    """Check integer class labels: shape ``(n,)``, values in ``0 .. n_classes - 1``.

    Raises:
        TypeError: ``y`` is not an integer NumPy array (bool arrays are refused).
        ValueError: wrong shape or a label outside the range.
    """
    if not isinstance(y, np.ndarray) or not np.issubdtype(y.dtype, np.integer):
        got = f"dtype {y.dtype}" if isinstance(y, np.ndarray) else type(y).__name__
        raise TypeError(f"`{name}` must be a NumPy array of integer class labels, got {got}")
    if y.shape != (n,):
        raise ValueError(f"`{name}` must have shape ({n},), one label per example, got {name}.shape={y.shape}")
    if n and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(
            f"`{name}` must hold labels in 0..{n_classes - 1}, "
            f"got values from {y.min()} to {y.max()}"
        )
    return y


def affine_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray):
    """Affine layer z = W y~ + b (chapter 5, eq. ``eq-ch05-affine``), one example per row.

    For a batch this is ``out = x @ W + b``.

    Args:
        x: inputs y~, shape ``(N, D)``, floating.
        W: weights, shape ``(D, M)``; column j is the incoming weight vector of unit j.
        b: biases, shape ``(M,)``.

    Returns:
        ``(out, cache)``: ``out`` of shape ``(N, M)``; ``cache = (x, W)`` for
        :func:`affine_backward`.

    Raises:
        TypeError: an argument is not a floating NumPy array.
        ValueError: the shapes do not fit together.

    Example:
        >>> import numpy as np
        >>> x, W, b = np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)
        >>> out, _ = affine_forward(x, W, b)
        >>> out.tolist()
        [[3.0, 3.0, 3.0, 3.0], [3.0, 3.0, 3.0, 3.0]]
    """
    _check_matrix(x, "x")
    _check_matrix(W, "W")
    check_float_array(b, "b")
    if W.shape[0] != x.shape[1] or b.shape != (W.shape[1],):
        raise ValueError(
            f"shapes do not fit: x {x.shape} @ W {W.shape} + b {b.shape}; "
            f"need x (N, D), W (D, M), b (M,)"
        )
    out = x @ W
    out += b
    return out, (x, W)


def affine_backward(dout: np.ndarray, cache, *, input_grad: bool = True):
    """Gradients of the affine layer (chapter 1, eq. ``eq-ch01-backprop``; chapter 5, eq. ``eq-ch05-affine-backward``).

    With ``out = x @ W + b``: ``dx = dout @ W.T``, ``dW = x.T @ dout`` and
    ``db = dout.sum(axis=0)``.

    Args:
        dout: upstream gradient dL/dout, shape ``(N, M)``.
        cache: the ``(x, W)`` returned by :func:`affine_forward`.
        input_grad: compute ``dx``; pass ``False`` for the first layer of a
            network, whose input gradient nobody needs (``dx`` is then ``None``).

    Returns:
        ``(dx, dW, db)`` with the shapes of ``x``, ``W`` and ``b``.

    Raises:
        TypeError: ``dout`` is not a floating array.
        ValueError: ``dout`` has the wrong shape.

    Example:
        >>> import numpy as np
        >>> x, W, b = np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)
        >>> out, cache = affine_forward(x, W, b)
        >>> dx, dW, db = affine_backward(np.ones((2, 4)), cache)
        >>> dx.shape, dW.shape, db.tolist()
        ((2, 3), (3, 4), [2.0, 2.0, 2.0, 2.0])
    """
    x, W = cache
    _check_dout(dout, (x.shape[0], W.shape[1]))
    dx = dout @ W.T if input_grad else None
    dW = x.T @ dout
    db = dout.sum(axis=0)
    return dx, dW, db


def relu_forward(x: np.ndarray):
    """Rectified linear unit f(z) = max(0, z) (chapter 1, eq. ``eq-ch01-relu``; chapter 5, eq. ``eq-ch05-relu``).

    Args:
        x: pre-activations z, any shape, floating.

    Returns:
        ``(out, cache)``: ``out = max(0, x)`` with the shape and dtype of ``x``;
        ``cache`` is the boolean array ``x > 0``.

    Raises:
        TypeError: ``x`` is not a floating array.

    Example:
        >>> import numpy as np
        >>> relu_forward(np.array([-1.0, 0.0, 2.0]))[0].tolist()
        [0.0, 0.0, 2.0]
    """
    check_float_array(x, "x")
    positive = x > 0
    return np.maximum(x, 0), positive


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Gradient of the ReLU: dz = dout * [z > 0] (chapter 1, eq. ``eq-ch01-relu``; chapter 5, eq. ``eq-ch05-relu``).

    One factor f'(z) of the chain rule: the delta^(l-1) = f'(z^(l-1)) * (W^(l)T delta^(l))
    step of backpropagation (chapter 1, eq. ``eq-ch01-backprop``).

    The derivative at z = 0 is taken to be 0.

    Args:
        dout: upstream gradient, shape of the forward input.
        cache: the boolean array returned by :func:`relu_forward`.

    Returns:
        ``dx`` with the shape of ``dout``.

    Raises:
        TypeError: ``dout`` is not a floating array.
        ValueError: ``dout`` has the wrong shape.

    Example:
        >>> import numpy as np
        >>> _, cache = relu_forward(np.array([-1.0, 2.0]))
        >>> relu_backward(np.array([5.0, 5.0]), cache).tolist()
        [0.0, 5.0]
    """
    _check_dout(dout, cache.shape)
    return dout * cache


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function f(z) = 1 / (1 + exp(-z)) (chapter 1, eq. ``eq-ch01-sigmoid``).

    Computed without overflow for large ``|z|``: exp is only taken of ``-|z|``.

    Args:
        x: z, any shape, floating.

    Returns:
        An array of the shape and dtype of ``x`` with values in [0, 1].

    Raises:
        TypeError: ``x`` is not a floating array.

    Example:
        >>> import numpy as np
        >>> sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist()
        [0.0, 0.5, 1.0]
    """
    check_float_array(x, "x")
    e = np.exp(-np.abs(x))  # in (0, 1], never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype, copy=False)


def sigmoid_forward(x: np.ndarray):
    """Sigmoid layer y = sigma(z) with a cache (chapter 1, eq. ``eq-ch01-sigmoid``).

    Args:
        x: pre-activations z, any shape, floating.

    Returns:
        ``(out, cache)``: ``out = sigmoid(x)``; ``cache`` is ``out`` itself,
        since sigma'(z) = sigma(z) (1 - sigma(z)).

    Raises:
        TypeError: ``x`` is not a floating array.

    Example:
        >>> import numpy as np
        >>> sigmoid_forward(np.zeros(2))[0].tolist()
        [0.5, 0.5]
    """
    out = sigmoid(x)
    return out, out


def sigmoid_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Gradient of the sigmoid: dz = dout * y (1 - y) (chapter 1, eq. ``eq-ch01-sigmoid-derivative``).

    Args:
        dout: upstream gradient, shape of the forward input.
        cache: the output ``y`` returned by :func:`sigmoid_forward`.

    Returns:
        ``dx`` with the shape of ``dout``.

    Raises:
        TypeError: ``dout`` is not a floating array.
        ValueError: ``dout`` has the wrong shape.

    Example:
        >>> import numpy as np
        >>> _, cache = sigmoid_forward(np.zeros(1))
        >>> sigmoid_backward(np.ones(1), cache).tolist()
        [0.25]
    """
    _check_dout(dout, cache.shape)
    return dout * cache * (1 - cache)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, softmax(z)_k = exp(z_k) / sum_c exp(z_c).

    Chapter 1, eq. ``eq-ch01-softmax``; chapter 5, eq. ``eq-ch05-softmax``.

    The row maximum is subtracted first, which changes nothing mathematically
    and keeps ``exp`` from overflowing.

    Args:
        logits: z, shape ``(N, C)`` (or any shape; the last axis holds the classes).

    Returns:
        Probabilities of the shape and dtype of ``logits``; each row sums to 1.

    Raises:
        TypeError: ``logits`` is not a floating array.

    Example:
        >>> import numpy as np
        >>> softmax(np.array([[0.0, 0.0], [1000.0, 0.0]])).tolist()
        [[0.5, 0.5], [1.0, 0.0]]
    """
    check_float_array(logits, "logits")
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Log-softmax over the last axis, log softmax(z)_k = z_k - log sum_c exp(z_c) (chapter 5, eq. ``eq-ch05-softmax``).

    Computed as (z - max z) - log sum_c exp(z_c - max z): the shift changes
    nothing mathematically, keeps ``exp`` from overflowing, and gives a large
    finite value instead of ``log 0 = -inf`` for a very unlikely class.

    Args:
        logits: z, shape ``(N, C)`` (or any shape; the last axis holds the classes).

    Returns:
        Log-probabilities of the shape and dtype of ``logits``; ``exp`` of each row sums to 1.

    Raises:
        TypeError: ``logits`` is not a floating array.

    Example:
        >>> import numpy as np
        >>> z = np.array([[0.0, 0.0], [1000.0, 0.0]])
        >>> log_softmax(z).round(6).tolist()
        [[-0.693147, -0.693147], [0.0, -1000.0]]
    """
    check_float_array(logits, "logits")
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax_cross_entropy(logits: np.ndarray, y: np.ndarray):
    """Mean cross-entropy of the softmax, and its gradient.

    Chapter 1, eq. ``eq-ch01-softmax-cross-entropy``; chapter 5, eq. ``eq-ch05-cross-entropy``.

    L = -(1/N) sum_n log softmax(z_n)_{y_n}, and dL/dz_n = (softmax(z_n) - onehot(y_n)) / N.
    The log-probabilities come from :func:`log_softmax`, so a very confident
    wrong prediction gives a large finite loss instead of ``inf``; the
    gradient from :func:`softmax`.

    Args:
        logits: z, shape ``(N, C)``, floating.
        y: integer class labels, shape ``(N,)``, values in ``0 .. C - 1``.

    Returns:
        ``(loss, dlogits)``: the mean loss as a Python float, and dL/dz with
        the shape and dtype of ``logits``.

    Raises:
        TypeError: ``logits`` not floating, or ``y`` not an integer array.
        ValueError: ``logits`` not 2-D, or ``y`` of the wrong shape or out of range.

    Example:
        >>> import numpy as np
        >>> loss, dz = softmax_cross_entropy(np.zeros((1, 4)), np.array([2]))
        >>> round(loss, 6) == round(float(np.log(4)), 6), dz.tolist()
        (True, [[0.25, 0.25, -0.75, 0.25]])
    """
    _check_matrix(logits, "logits")
    n, c = logits.shape
    check_labels(y, n, c, "y")
    if n == 0:
        raise ValueError("`logits` must hold at least one example, got logits.shape=(0, C)")
    rows = np.arange(n)
    loss = -float(log_softmax(logits)[rows, y].mean(dtype=np.float64))
    dlogits = softmax(logits)
    dlogits[rows, y] -= 1
    dlogits /= logits.dtype.type(n)
    return loss, dlogits

