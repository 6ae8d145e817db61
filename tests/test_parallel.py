"""map_runs: independent runs on threads give the serial results, in order, bit for bit."""

import threading
import time

import numpy as np
import pytest

from dropout.parallel import map_runs
from dropout.reference import MLP, SGDMomentum, fit


def _train(seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((64, 5)).astype(np.float32)
    y = (x[:, 0] > 0).astype(int)
    net = MLP([5, 16, 2], keep_prob_hidden=0.5, rng=np.random.default_rng([seed, 1]), dtype=np.float32)
    history = fit(net, x, y, epochs=3, batch_size=16, optimizer=SGDMomentum(0.1, 0.9), rng=rng)
    return net.params, history.batch_loss


@pytest.mark.parametrize("workers", [None, 1, 2, 3])
def test_threads_give_the_serial_results(workers):
    serial = [_train(s) for s in range(5)]
    threaded = map_runs(_train, range(5), workers=workers)
    assert len(threaded) == 5
    for (p1, l1), (p2, l2) in zip(serial, threaded):
        assert l1 == l2
        assert all(np.array_equal(p1[k], p2[k]) for k in p1)


def test_order_of_items_not_of_finishing():
    def slow_first(i):
        time.sleep(0.05 if i == 0 else 0.0)
        return i

    assert map_runs(slow_first, range(6), workers=3) == list(range(6))


def test_runs_on_several_threads_and_one_thread_when_asked():
    def thread_of(_):
        time.sleep(0.02)
        return threading.get_ident()

    assert len(set(map_runs(thread_of, range(4), workers=2))) == 2
    assert set(map_runs(thread_of, range(4), workers=1)) == {threading.get_ident()}


def test_an_exception_in_a_run_is_raised():
    def fails_on_two(i):
        if i == 2:
            raise ValueError("run 2 failed")
        return i

    with pytest.raises(ValueError, match="run 2 failed"):
        map_runs(fails_on_two, range(4), workers=2)


def test_empty_items():
    assert map_runs(lambda i: i, [], workers=2) == []


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(fn=3, items=[1]), TypeError, "`fn` must be callable"),
        (dict(fn=abs, items=[1], workers=0), ValueError, "workers=0"),
        (dict(fn=abs, items=[1], workers=1.5), TypeError, "`workers` must be a positive int"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        map_runs(**kwargs)


def test_tensorflow_runs_on_threads_give_their_serial_results():
    pytest.importorskip("tensorflow")
    from dropout.tensorflow import train_replicas

    rng = np.random.default_rng(0)
    x = rng.random((96, 12), dtype=np.float32)
    y = rng.integers(0, 3, 96)

    def run(rate):
        return train_replicas((x, y), (x, y), hidden=(8,), seeds=[0, 1], rate_hidden=rate, epochs=3, batch_size=32)

    serial = [run(r) for r in (0.0, 0.5)]
    threaded = map_runs(run, (0.0, 0.5), workers=2)
    for a, b in zip(serial, threaded):
        assert np.array_equal(a.test_loss, b.test_loss)
        assert all(np.array_equal(wa, wb) for ra, rb in zip(a.weights, b.weights) for (wa, _), (wb, _) in zip(ra, rb))
