"""spatial_dropout_forward, neighbour_correlation, neighbour_r2 (chapter 10)."""

import numpy as np
import pytest

from dropout.reference.dropout_layer import dropout_backward, dropout_forward
from dropout.reference.spatial import neighbour_correlation, neighbour_r2, spatial_dropout_forward


def test_one_mask_entry_per_example_and_channel():
    maps = np.random.default_rng(0).standard_normal((20, 5, 6, 8))
    out, cache = spatial_dropout_forward(maps, 0.6, np.random.default_rng(1))
    per_channel = cache.mask[:, 0, 0, :]
    assert np.all(cache.mask == per_channel[:, None, None, :])
    assert 0 < per_channel.sum() < per_channel.size
    np.testing.assert_array_equal(out, np.where(cache.mask, maps / 0.6, 0.0))
    np.testing.assert_array_equal(dropout_backward(np.ones_like(maps), cache), cache.mask / 0.6)


def test_it_is_dropout_forward_with_a_broadcast_noise_shape():
    maps = np.ones((3, 4, 4, 2))
    a, _ = spatial_dropout_forward(maps, 0.5, np.random.default_rng(2))
    b, _ = dropout_forward(maps, 0.5, np.random.default_rng(2), noise_shape=(None, 1, 1, None))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(spatial_dropout_forward(maps, 0.5, None, training=False)[0], maps)


def test_smooth_maps_are_redundant_and_noise_is_not():
    rng = np.random.default_rng(3)
    noise = rng.standard_normal((40, 10, 10, 2))
    smooth = noise.cumsum(axis=1).cumsum(axis=2)  # strongly correlated neighbours
    assert np.all(np.abs(neighbour_correlation(noise)) < 0.1) and np.all(neighbour_r2(noise) < 0.05)
    assert np.all(neighbour_correlation(smooth) > 0.8) and np.all(neighbour_r2(smooth) > 0.9)


def test_a_linear_function_of_the_neighbours_is_recovered_exactly():
    rng = np.random.default_rng(4)
    maps = np.zeros((5, 7, 7, 1))
    maps[..., 0] = rng.standard_normal((5, 1, 1)) * np.arange(7)[None, :, None] + np.arange(7)[None, None, :]
    assert neighbour_r2(maps)[0] == pytest.approx(1.0, abs=1e-10)


def test_constant_channels_give_nan_and_bad_shapes_are_refused():
    maps = np.ones((2, 4, 4, 2))
    maps[..., 1] = np.random.default_rng(5).standard_normal((2, 4, 4))
    assert np.isnan(neighbour_r2(maps)[0]) and np.isnan(neighbour_correlation(maps)[0])
    with pytest.raises(ValueError, match=r"`maps` must be feature maps of shape \(batch, height, width, channels\)"):
        neighbour_r2(np.ones((2, 4, 4)))
    with pytest.raises(ValueError, match="height and width >= 3"):
        spatial_dropout_forward(np.ones((2, 2, 4, 1)), 0.5, np.random.default_rng(0))
    with pytest.raises(TypeError, match="`maps` must be a floating array"):
        neighbour_correlation(np.ones((2, 4, 4, 1), dtype=int))
