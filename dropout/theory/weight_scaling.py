"""Test-time weights: the paper's weight scaling and inverted dropout, side by side.

Chapter 4 shows that the two parameterisations give the same expected
pre-activation and the same test-time network:

* **standard** dropout (the paper) trains with z = W (r * y) + b and tests with
  W_test = p W (eq. ``eq-ch04-test-scaling``);
* **inverted** dropout trains with z = W' (r * y / p) + b and tests with W'
  itself; W' = p W, so the trained networks correspond one to one
  (eq. ``eq-ch04-equivalence``).

Only the weights that multiply dropped units are scaled; biases are not.
All functions take ``keep_prob``, the paper's p, the probability of
**keeping** a unit; :func:`test_time_weights` takes ``inverted`` (default
True, as everywhere in the package; ``inverted=False`` is the paper's weight scaling).
"""

from __future__ import annotations

import numpy as np

from dropout._checks import check_bool, check_float_array, check_keep_prob

__all__ = ["test_time_weights", "standard_to_inverted_weights", "inverted_to_standard_weights"]


def test_time_weights(W: np.ndarray, keep_prob: float, *, inverted: bool = True) -> np.ndarray:
    """Weights to use at test time (chapter 4, eq. ``eq-ch04-test-scaling``).

    W_test = p W for standard dropout, and W_test = W for inverted dropout,
    whose training already divided the survivors by p.

    Args:
        W: weights applied to a dropped layer, any shape (e.g. ``(D, M)``), floating.
        keep_prob: p in (0, 1], the probability of **keeping** a unit of the
            layer that ``W`` multiplies.
        inverted: the network was trained with inverted dropout (True, the
            default: W_test = W) or with the paper's standard dropout (False: W_test = p W).

    Returns:
        A new array of the shape of ``W``.

    Raises:
        TypeError: ``W`` not a floating array, ``keep_prob`` not a number,
            ``inverted`` not a bool.
        ValueError: ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> W = np.array([[2.0, 4.0]])
        >>> test_time_weights(W, 0.5, inverted=False).tolist()
        [[1.0, 2.0]]
        >>> test_time_weights(W, 0.5).tolist()
        [[2.0, 4.0]]
    """
    check_float_array(W, "W")
    p = check_keep_prob(keep_prob)
    return W.copy() if check_bool(inverted, "inverted") else p * W


# Not a pytest test, although its name starts with "test_".
test_time_weights.__test__ = False


def standard_to_inverted_weights(W: np.ndarray, keep_prob: float) -> np.ndarray:
    """Weights of the inverted-dropout network equal to a standard one (chapter 4, eq. ``eq-ch04-equivalence``).

    A network trained with standard dropout and weights W computes, during
    training, W (r * y) = (p W)(r * y / p): it is the inverted-dropout network
    with weights W' = p W, and both test with p W.

    Args:
        W: weights of the standard-dropout network, any shape, floating.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.

    Returns:
        W' = p W, a new array.

    Raises:
        TypeError: ``W`` not a floating array, ``keep_prob`` not a number.
        ValueError: ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> W = standard_to_inverted_weights(np.array([3.0]), 0.8)
        >>> W.round(12).tolist()
        [2.4]
    """
    check_float_array(W, "W")
    return check_keep_prob(keep_prob) * W


def inverted_to_standard_weights(W: np.ndarray, keep_prob: float) -> np.ndarray:
    """Inverse of :func:`standard_to_inverted_weights`: W = W' / p (chapter 4, eq. ``eq-ch04-equivalence``).

    Args:
        W: weights W' of the inverted-dropout network, any shape, floating.
        keep_prob: p in (0, 1], the probability of **keeping** a unit.

    Returns:
        W' / p, a new array.

    Raises:
        TypeError: ``W`` not a floating array, ``keep_prob`` not a number.
        ValueError: ``keep_prob`` outside (0, 1].

    Example:
        >>> import numpy as np
        >>> inverted_to_standard_weights(np.array([2.0]), 0.5).tolist()
        [4.0]
    """
    check_float_array(W, "W")
    return W / check_keep_prob(keep_prob)
