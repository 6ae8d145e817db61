"""fit: the network learns, the history is right, max-norm holds, bad arguments are refused."""

import dataclasses

import numpy as np
import pytest

from dropout.history import History
from dropout.reference import MLP, SGDMomentum, fit


def blobs(n=240, d=10, classes=3, seed=0):
    """Gaussian blobs: class k centred at 4 e_k, unit noise: a small, nearly separable problem."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % classes
    centres = 4.0 * np.eye(classes, d)
    return centres[y] + rng.standard_normal((n, d)), y


X, Y = blobs()
X_VAL, Y_VAL = blobs(n=90, seed=1)


def net(inverted=True, keep_in=0.8, keep_hidden=0.5, seed=0, dtype=np.float64):
    return MLP([10, 32, 32, 3], keep_prob_input=keep_in, keep_prob_hidden=keep_hidden,
               inverted=inverted, rng=np.random.default_rng(seed), dtype=dtype)


@pytest.mark.parametrize("inverted", [True, False])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_network_learns_with_dropout(inverted, dtype):
    model = net(inverted=inverted, dtype=dtype)
    start_loss, start_acc = model.evaluate(X, Y)
    h = fit(model, X, Y, epochs=15, batch_size=32, optimizer=SGDMomentum(0.05, 0.9),
            rng=np.random.default_rng(1), x_val=X_VAL, y_val=Y_VAL)
    assert h.train_loss[-1] < 0.3 * start_loss
    assert h.train_acc[-1] > 0.9 and h.val_acc[-1] > 0.85
    # the noisy dropout curve falls too: last epoch's batches against the first epoch's
    per_epoch = len(h.batch_loss) // 15
    assert np.mean(h.batch_loss[-per_epoch:]) < 0.5 * np.mean(h.batch_loss[:per_epoch])
    assert all(p.dtype == dtype for p in model.params.values())


def test_history_is_a_dataclass_with_one_entry_per_epoch_and_batch():
    model = net()
    h = fit(model, X, Y, epochs=3, batch_size=50, optimizer=SGDMomentum(0.05), rng=np.random.default_rng(2),
            x_val=X_VAL, y_val=Y_VAL)
    assert isinstance(h, History) and dataclasses.is_dataclass(h)
    assert h.epochs == 3
    assert len(h.train_loss) == len(h.train_acc) == len(h.val_loss) == len(h.val_acc) == 3
    assert len(h.batch_loss) == 3 * 5  # 240 examples in batches of 50: 4 full ones and one of 40
    assert all(isinstance(v, float) for v in h.train_loss + h.batch_loss + h.fit_loss)
    # fit_loss: the epoch's batch losses (dropout on), weighted by batch size; fit_acc is the Keras loop's
    sizes = np.array([50, 50, 50, 50, 40])
    for e in range(3):
        assert h.fit_loss[e] == pytest.approx(np.dot(h.batch_loss[5 * e : 5 * e + 5], sizes) / 240, rel=1e-12)
    assert h.fit_acc == []
    # the per-epoch figures are the test-time network (dropout off) on the whole set
    assert (h.train_loss[-1], h.train_acc[-1]) == model.evaluate(X, Y)
    assert (h.val_loss[-1], h.val_acc[-1]) == model.evaluate(X_VAL, Y_VAL)
    assert History().epochs == 0 and History().val_loss == []


def test_without_validation_the_val_lists_stay_empty_and_big_batches_work():
    h = fit(net(), X, Y, epochs=2, batch_size=10_000, optimizer=SGDMomentum(0.05), rng=np.random.default_rng(3))
    assert h.val_loss == [] and h.val_acc == []
    assert len(h.batch_loss) == 2  # one batch holding everything per epoch


def test_a_seed_fixes_the_whole_run_and_the_data_is_not_changed():
    x = X.copy()
    runs = []
    for _ in range(2):
        model = net(seed=5)
        h = fit(model, x, Y, epochs=2, batch_size=32, optimizer=SGDMomentum(0.05), rng=np.random.default_rng(7))
        runs.append((h, model.params))
    assert runs[0][0] == runs[1][0]  # dataclass equality: every list identical
    assert all(np.array_equal(runs[0][1][k], runs[1][1][k]) for k in runs[0][1])
    np.testing.assert_array_equal(x, X)
    h_other = fit(net(seed=5), x, Y, epochs=2, batch_size=32, optimizer=SGDMomentum(0.05), rng=np.random.default_rng(8))
    assert h_other.batch_loss != runs[0][0].batch_loss


def test_without_curves_nothing_is_evaluated_and_the_weights_are_the_same():
    runs = {}
    for curves in (True, False):
        model = net(seed=4)
        h = fit(model, X, Y, epochs=3, batch_size=32, optimizer=SGDMomentum(0.05, 0.9),
                rng=np.random.default_rng(2), x_val=X_VAL, y_val=Y_VAL, curves=curves, max_norm_c=2.0)
        runs[curves] = (h, model)
    h, model = runs[False]
    assert h.train_loss == h.train_acc == h.val_loss == h.val_acc == []
    assert h.fit_loss == runs[True][0].fit_loss and h.batch_loss == runs[True][0].batch_loss
    assert all(np.array_equal(model.params[k], runs[True][1].params[k]) for k in model.params)
    assert runs[True][0].train_loss[-1] == model.evaluate(X, Y)[0]


@pytest.mark.parametrize("inverted", [True, False])
def test_max_norm_holds_after_fit(inverted):
    model = net(inverted=inverted)
    c = 0.8
    fit(model, X, Y, epochs=3, batch_size=32, optimizer=SGDMomentum(0.1, 0.9), rng=np.random.default_rng(4),
        max_norm_c=c)
    norms = np.concatenate([np.linalg.norm(model.params[f"W{l}"], axis=0) for l in (1, 2, 3)])
    assert np.all(norms <= c * (1 + 1e-12))
    assert np.sum(np.isclose(norms, c, rtol=1e-9)) > 10  # the constraint was active


def test_l2_shrinks_the_weights():
    sq = []
    for l2 in (0.0, 0.05):
        model = net(seed=3)
        fit(model, X, Y, epochs=5, batch_size=32, optimizer=SGDMomentum(0.05), rng=np.random.default_rng(5), l2=l2)
        sq.append(sum(float(np.sum(model.params[f"W{l}"] ** 2)) for l in (1, 2, 3)))
    assert sq[1] < 0.8 * sq[0]


OPT = SGDMomentum(0.01)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(epochs=0), ValueError, r"`epochs`.*epochs=0"),
        (dict(epochs=-2), ValueError, r"`epochs`"),
        (dict(epochs=1.5), TypeError, r"`epochs`.*float"),
        (dict(epochs=True), TypeError, r"`epochs`.*bool"),
        (dict(epochs="3"), TypeError, r"`epochs`.*str"),
        (dict(batch_size=0), ValueError, r"`batch_size`.*batch_size=0"),
        (dict(batch_size=None), TypeError, r"`batch_size`.*None"),
        (dict(optimizer=None), TypeError, r"`optimizer`.*step"),
        (dict(rng=np.random.RandomState(0)), TypeError, r"`rng`.*RandomState"),
        (dict(rng=42), TypeError, r"`rng`.*int"),
        (dict(x_val=X_VAL), ValueError, r"`x_val` and `y_val`"),
        (dict(y_val=Y_VAL), ValueError, r"`x_val` and `y_val`"),
        (dict(x_val=X_VAL[:, :5], y_val=Y_VAL), ValueError, r"`x_val`.*\(N, 10\)"),
        (dict(x_val=X_VAL, y_val=Y_VAL + 3), ValueError, r"`y_val`.*0\.\.2"),
        (dict(l2=-1.0), ValueError, r"`l2`"),
        (dict(max_norm_c=0), ValueError, r"`max_norm_c`.*positive"),
        (dict(max_norm_c=-1.0), ValueError, r"`max_norm_c`"),
        (dict(max_norm_c="3"), TypeError, r"`max_norm_c`"),
        (dict(x_train=X.astype(int)), TypeError, r"`x_train`.*floating"),
        (dict(x_train=np.where(np.eye(240, 10) > 0, np.nan, X)), ValueError, r"`x_train` contains NaN"),
        (dict(x_train=X.tolist()), TypeError, r"`x_train`.*list"),
        (dict(y_train=Y.astype(float)), TypeError, r"`y_train`.*integer"),
        (dict(y_train=Y[:-1]), ValueError, r"`y_train`.*\(240,\)"),
        (dict(y_train=Y + 1), ValueError, r"`y_train`.*0\.\.2.*3"),
        (dict(model="mlp"), TypeError, r"`model`.*MLP.*str"),
        (dict(curves="yes"), TypeError, r"`curves`"),
    ],
)
def test_fit_bad_arguments(kwargs, error, match):
    args = dict(model=net(), x_train=X, y_train=Y, epochs=1, batch_size=32, optimizer=OPT,
                rng=np.random.default_rng(0)) | kwargs
    with pytest.raises(error, match=match):
        fit(args.pop("model"), args.pop("x_train"), args.pop("y_train"), **args)
