"""The training recipes of the experiments, as far as the paper documents them.

The paper (Section 6.1.1, Appendices A and B.1) trains its MNIST nets with
SGD and momentum, mini-batches of 100, p = 0.8 for the inputs and p = 0.5 for
the hidden units, and max-norm constraints with c between 3 and 4; it
recommends momentum 0.95 to 0.99 and learning rates 10 to 100 times larger
with max-norm. It does not give every learning rate, schedule or epoch
count, so these are our choices: SGD with momentum 0.95 and a constant
learning rate (``PAPER_SGD``), no momentum or learning-rate schedule, and
Adam (``ADAM``) where an experiment compares settings rather than
reproducing a table.
"""

__all__ = ["PAPER_SGD", "ADAM", "MAX_NORM", "L2", "RATE_INPUT", "RATE_HIDDEN"]

#: SGD with momentum, the paper's optimiser (learning rate: our choice).
PAPER_SGD = dict(optimizer="sgd", learning_rate=0.05, momentum=0.95, batch_size=100)
#: Adam, for the experiments that compare settings.
ADAM = dict(optimizer="adam", learning_rate=1e-3, batch_size=100)
#: The max-norm bound c (the paper: 3 to 4).
MAX_NORM = 3.5
#: The L2 coefficient of Table 9's L2 runs (our choice).
L2 = 1e-4
#: Keras rates (1 - p): the paper's p = 0.8 for inputs and 0.5 for hidden units.
RATE_INPUT, RATE_HIDDEN = 0.2, 0.5
