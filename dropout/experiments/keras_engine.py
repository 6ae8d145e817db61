"""One run as a Keras model, for ``tf.distribute`` strategies (``--strategy mirrored``).

:func:`dropout.tensorflow.train_replicas` trains many seeds as one stacked
model on one device. Under a ``tf.distribute.MirroredStrategy`` each seed is
instead a Keras model built and compiled inside ``strategy.scope()``, and
``fit`` splits every batch over the devices and averages the gradients.
Same network, same recipe; other random streams than the stacked replicas.
"""

from __future__ import annotations

import keras

from dropout.tensorflow.randomness import derive_seeds
from dropout.tensorflow.training import train

__all__ = ["build_spec_model", "train_keras"]


def build_spec_model(spec, input_dim, num_classes, seed):
    """The network of a :class:`~dropout.experiments.spec.RunSpec` as a Keras model (probabilities out)."""
    seeds = derive_seeds(seed, 2 * (len(spec.hidden) + 1))

    def noise(rate, s, name):
        if rate == 0:
            return keras.layers.Identity(name=name)
        if spec.noise == "gaussian":
            return keras.layers.GaussianDropout(rate, seed=s, name=name)
        return keras.layers.Dropout(rate, seed=s, name=name)

    def dense(units, i, activation, name):
        return keras.layers.Dense(
            units, activation=activation, name=name,
            kernel_initializer=keras.initializers.GlorotUniform(seed=seeds[i]),
            kernel_regularizer=keras.regularizers.L2(spec.l2) if spec.l2 else None,
            kernel_constraint=keras.constraints.MaxNorm(spec.max_norm) if spec.max_norm else None,
        )

    inputs = keras.Input(shape=(input_dim,), name="input")
    h = noise(spec.rate_input, seeds[len(spec.hidden) + 1], "dropout_input")(inputs)
    for i, units in enumerate(spec.hidden):
        h = dense(units, i, spec.activation, f"dense_{i + 1}")(h)
        h = noise(spec.rate_hidden, seeds[len(spec.hidden) + 2 + i], f"dropout_{i + 1}")(h)
    outputs = dense(num_classes, len(spec.hidden), "softmax", "output")(h)
    return keras.Model(inputs, outputs, name=spec.name)


def train_keras(spec, train_data, test_data, *, seed, epochs, strategy):
    """Train one seed of ``spec`` under ``strategy``; returns the figures and the weights."""
    x, y = train_data
    num_classes = int(max(y.max(), test_data[1].max())) + 1
    with strategy.scope():
        model = build_spec_model(spec, x.shape[1], num_classes, seed)
        if spec.optimizer == "sgd":
            opt = keras.optimizers.SGD(spec.learning_rate, momentum=spec.momentum)
        else:
            opt = keras.optimizers.Adam(spec.learning_rate)
        result = train(model, train_data, test_data, epochs=epochs, batch_size=spec.batch_size,
                       optimizer=opt, seed=seed)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    return {
        "train_acc": result.train_acc, "test_acc": result.test_acc,
        "train_loss": result.train_loss, "test_loss": result.test_loss,
        "fit_loss": result.history.fit_loss,
        "weights": [tuple(layer.get_weights()) for layer in dense],
    }
