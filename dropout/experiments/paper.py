"""The paper's MNIST numbers (Srivastava et al., 2014), printed beside ours.

Test errors in percent, as the paper reports them. Only what the paper
states is here; the recipes of :mod:`dropout.experiments` say where they
follow it and where they choose.
"""

__all__ = ["TABLE2", "TABLE9", "TABLE10", "FIG8_MEAN_ACTIVATION", "FIGURES"]

#: Table 2 (MNIST, permutation invariant): run name -> (description, test error %).
TABLE2 = {
    "standard-2x800": ("Standard net, logistic, 2 x 800, no dropout", 1.60),
    "dropout-logistic-3x1024": ("Dropout, logistic, 3 x 1024", 1.35),
    "dropout-relu-3x1024": ("Dropout, ReLU, 3 x 1024", 1.25),
    "dropout-maxnorm-3x1024": ("Dropout + max-norm, ReLU, 3 x 1024", 1.06),
    "dropout-maxnorm-3x2048": ("Dropout + max-norm, ReLU, 3 x 2048", 1.04),
    "dropout-maxnorm-2x4096": ("Dropout + max-norm, ReLU, 2 x 4096", 1.01),
    "dropout-maxnorm-2x8192": ("Dropout + max-norm, ReLU, 2 x 8192", 0.95),
}

#: Table 9 (MNIST, 784-1024-1024-2048-10 ReLU): regulariser -> test error %.
TABLE9 = {
    "l2": ("L2", 1.62),
    "maxnorm": ("Max-norm", 1.35),
    "dropout-l2": ("Dropout + L2", 1.25),
    "dropout-maxnorm": ("Dropout + max-norm", 1.05),
}

#: Table 10 (MNIST): noise -> (test error %, its spread).
TABLE10 = {"bernoulli": ("Bernoulli dropout", 1.08, 0.04), "gaussian": ("Gaussian dropout", 0.95, 0.04)}

#: Figure 8: mean activation of the hidden units, (without dropout, with dropout).
FIG8_MEAN_ACTIVATION = (2.0, 0.7)

#: What each figure of the paper shows, in one line.
FIGURES = {
    "fig9a": "Figure 9a: test error is flat for 0.4 <= p <= 0.8 (n fixed); small p underfits",
    "fig9b": "Figure 9b: with p*n fixed, small p (large nets) does best, p ~ 0.6 at its lowest",
    "fig10": "Figure 10: dropout does not help with 100-500 examples and helps more as data grow",
    "features": "Figure 7: dropout gives smoother, more local first-layer features",
    "sparsity": "Figure 8: mean hidden activation ~2.0 without dropout, ~0.7 with; activations sparser",
    "coadaptation": "Section 7.1: dropout breaks co-adaptation; units work without particular others",
    "maxnorm-lr": "Appendix A.2: max-norm lets 10-100x larger learning rates and momentum 0.95-0.99 work",
}
