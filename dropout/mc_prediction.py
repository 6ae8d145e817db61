"""The result of Monte-Carlo dropout, one type for the NumPy network and the Keras models.

Monte-Carlo dropout runs k forward passes with dropout on and averages their
softmax outputs (chapter 8, eq. ``eq-ch08-mc-average``),

    p_bar(x) = (1/k) sum_{t=1}^{k} softmax(f(x; r_t)),    r_t ~ Bernoulli(p),

and the spread of the passes around the mean measures how unsure the model is
(eq. ``eq-ch08-spread``). :meth:`dropout.reference.MLP.mc_predict` and
:func:`dropout.tensorflow.mc_predict` both return an :class:`MCPrediction`
built by :meth:`MCPrediction.from_samples`; the spread is computed by
:func:`dropout.uncertainty.predictive_spread` only.

NumPy only: importing this module never imports TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["MCPrediction"]


@dataclass
class MCPrediction:
    """k Monte-Carlo dropout passes, summarised (chapter 8).

    Attributes:
        mean: ``(N, C)`` float64, p_bar(x), the mean of the class probabilities
            over the k passes (eq. ``eq-ch08-mc-average``).
        spread: ``(N,)`` float64, s(x), the standard deviation (with 1/k) over
            the passes of the probability of the predicted class
            (eq. ``eq-ch08-spread``, :func:`dropout.uncertainty.predictive_spread`);
            exactly 0 when nothing is random.
        samples: ``(k, N, C)`` float64, every pass, or ``None`` unless asked for.

    Example:
        >>> import numpy as np
        >>> # k = 2 passes, N = 1 example, C = 2 classes
        >>> samples = np.array([[[0.9, 0.1]], [[0.5, 0.5]]])
        >>> pred = MCPrediction.from_samples(samples)
        >>> pred.mean.tolist(), pred.spread.round(12).tolist()
        ([[0.7, 0.3]], [0.2])
        >>> pred.labels.tolist(), pred.samples
        ([0], None)
    """

    mean: np.ndarray
    spread: np.ndarray
    samples: np.ndarray | None = None

    @property
    def labels(self) -> np.ndarray:
        """``(N,)`` predicted classes, the argmax of :attr:`mean`."""
        return self.mean.argmax(axis=-1)

    @classmethod
    def from_samples(cls, samples: np.ndarray, *, keep_samples: bool = False) -> MCPrediction:
        """Summarise k passes: their mean and the spread of the predicted class.

        Args:
            samples: ``(k, N, C)`` class probabilities of k passes, floating;
                cast to float64 (so identical float32 passes give a spread of exactly 0).
            keep_samples: keep the ``(k, N, C)`` passes in :attr:`samples`.

        Returns:
            An :class:`MCPrediction`.

        Raises:
            TypeError: ``samples`` is not a floating NumPy array.
            ValueError: ``samples`` is not 3-D, is empty, or holds values outside [0, 1].
        """
        # Imported here: dropout.uncertainty imports dropout.reference, whose MLP imports this module.
        from dropout.uncertainty import predictive_spread

        if isinstance(samples, np.ndarray) and np.issubdtype(samples.dtype, np.floating):
            samples = samples.astype(np.float64, copy=False)
        spread = predictive_spread(samples)  # checks samples
        return cls(mean=samples.mean(axis=0), spread=spread, samples=samples if keep_samples else None)
