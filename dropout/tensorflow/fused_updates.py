"""Adam and SGD with momentum as one fused TensorFlow kernel per weight tensor.

Keras's optimizers update a weight in about a dozen element-wise kernels,
each a pass over the weights in memory. For the stacked replicas of
:func:`dropout.tensorflow.train_replicas` (millions of weights, small
batches) those passes cost as much as the forward and backward passes
together. TensorFlow's own training kernels (``ResourceApplyAdam``,
``ResourceApplyKerasMomentum``) apply the same update in one pass. The
result equals Keras's to float32 rounding (the order of a few operations
differs; a test compares them), not bit for bit.
"""

from __future__ import annotations

import tensorflow as tf

__all__ = ["FusedAdam", "FusedMomentum"]


class FusedAdam:
    """Adam with Keras's defaults (beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7).

    At step t = 1, 2, ... with gradient g of a weight theta:

        m <- m + (1 - beta_1) (g - m),    v <- v + (1 - beta_2) (g^2 - v),
        theta <- theta - alpha_t m / (sqrt(v) + epsilon),
        alpha_t = learning_rate sqrt(1 - beta_2^t) / (1 - beta_1^t),

    the update of ``keras.optimizers.Adam`` (Kingma and Ba, 2015).

    Args:
        variables: the ``tf.Variable`` weights to update.
        learning_rate: the step size, > 0.
    """

    def __init__(self, variables, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.variables = list(variables)
        self.m = [tf.Variable(tf.zeros_like(v), trainable=False) for v in self.variables]
        self.v = [tf.Variable(tf.zeros_like(v), trainable=False) for v in self.variables]
        self.iterations = tf.Variable(0, dtype=tf.int64, trainable=False)
        self.learning_rate = tf.constant(learning_rate, tf.float32)
        self.beta_1, self.beta_2 = tf.constant(beta_1, tf.float32), tf.constant(beta_2, tf.float32)
        self.epsilon = tf.constant(epsilon, tf.float32)

    def apply(self, gradients):
        """One update of every variable with its gradient (same order as ``variables``)."""
        self.iterations.assign_add(1)
        t = tf.cast(self.iterations, tf.float32)
        beta_1_power, beta_2_power = tf.pow(self.beta_1, t), tf.pow(self.beta_2, t)
        for var, m, v, g in zip(self.variables, self.m, self.v, gradients, strict=True):
            tf.raw_ops.ResourceApplyAdam(
                var=var.handle, m=m.handle, v=v.handle, beta1_power=beta_1_power,
                beta2_power=beta_2_power, lr=self.learning_rate, beta1=self.beta_1,
                beta2=self.beta_2, epsilon=self.epsilon, grad=g)


class FusedMomentum:
    """SGD with classical momentum, as ``keras.optimizers.SGD(learning_rate, momentum)``.

    With gradient g of a weight theta and velocity u (0 at the start):

        u <- momentum u - learning_rate g,    theta <- theta + u;

    momentum 0 is plain SGD, theta <- theta - learning_rate g.

    Args:
        variables: the ``tf.Variable`` weights to update.
        learning_rate: the step size, > 0.
        momentum: in [0, 1).
    """

    def __init__(self, variables, learning_rate, momentum=0.0):
        self.variables = list(variables)
        self.u = [tf.Variable(tf.zeros_like(v), trainable=False) for v in self.variables]
        self.learning_rate = tf.constant(learning_rate, tf.float32)
        self.momentum = tf.constant(momentum, tf.float32)

    def apply(self, gradients):
        """One update of every variable with its gradient (same order as ``variables``)."""
        for var, u, g in zip(self.variables, self.u, gradients, strict=True):
            tf.raw_ops.ResourceApplyKerasMomentum(
                var=var.handle, accum=u.handle, lr=self.learning_rate, grad=g,
                momentum=self.momentum)
