"""Tests of dropout.data.shift: rotated, inverted and noise images for chapter 8."""

import numpy as np
import pytest

from dropout.data import gaussian_noise_images, invert, rotate


def _digits(n=6, side=28, seed=0):
    """Blobs of ink near the centre of each image, values in [0, 1], float32."""
    rng = np.random.default_rng(seed)
    img = np.zeros((n, side, side), dtype=np.float32)
    img[:, 8:20, 10:18] = rng.random((n, 12, 8))
    return img.reshape(n, side * side)


# ------------------------------------------------------------------ rotate
def test_rotate_by_zero_is_an_exact_copy_and_keeps_shape_and_dtype():
    x = _digits()
    out = rotate(x, 0)
    assert out.shape == x.shape and out.dtype == x.dtype and out is not x
    assert np.array_equal(out, x)


@pytest.mark.parametrize("quarter", [1, 2, 3, -1, 4])
def test_multiples_of_90_degrees_are_numpy_rot90(quarter):
    x = _digits()
    expected = np.rot90(x.reshape(-1, 28, 28), k=quarter, axes=(1, 2)).reshape(x.shape)
    assert np.array_equal(rotate(x, 90.0 * quarter), expected)


def test_a_small_angle_turns_counter_clockwise_like_rot90():
    # a bar along the top edge: turned by 89.9 degrees it lies (almost) where rot90 puts it
    x = np.zeros((1, 15 * 15))
    x[0, 7 * 15 + 2 : 7 * 15 + 13] = 1.0  # horizontal bar through the centre
    near = rotate(x, 89.9).reshape(15, 15)
    exact = np.rot90(x.reshape(15, 15))
    assert np.abs(near - exact).max() < 0.05


def test_rotation_keeps_values_in_range_and_the_ink_of_a_centred_digit():
    x = _digits()
    out = rotate(x, 37.0)
    assert out.min() >= 0.0 and out.max() <= 1.0
    np.testing.assert_allclose(out.sum(axis=1), x.sum(axis=1), rtol=0.05)
    back = rotate(out, -37.0)  # bilinear twice: blurred, but close
    assert np.abs(back - x).mean() < 0.05


def test_one_angle_per_image_equals_rotating_each_image_alone():
    x = _digits(4)
    angles = np.array([0.0, 15.0, 90.0, 170.0])
    together = rotate(x, angles)
    for i, angle in enumerate(angles):
        assert np.array_equal(together[i], rotate(x[i : i + 1], float(angle))[0])


def test_rotate_rejects_bad_input():
    x = _digits(2)
    with pytest.raises(TypeError, match="`images` must be a floating array"):
        rotate(x.astype(np.int64), 10)
    with pytest.raises(ValueError, match=r"`images` must have shape \(N, side \* side\)"):
        rotate(x.reshape(2, 28, 28), 10)
    with pytest.raises(ValueError, match="square images.*row length of 783"):
        rotate(x[:, :783], 10)
    with pytest.raises(ValueError, match="`images` must be finite"):
        rotate(np.full((1, 4), np.nan), 10)
    with pytest.raises(TypeError, match="`degrees` must be a real number.*got '10'"):
        rotate(x, "10")
    with pytest.raises(ValueError, match=r"`degrees` must be a number or have shape \(2,\)"):
        rotate(x, np.zeros(3))
    with pytest.raises(ValueError, match="`degrees` must be finite"):
        rotate(x, float("inf"))


# ------------------------------------------------------------------ invert
def test_invert_is_one_minus_x_and_an_involution():
    x = _digits()
    out = invert(x)
    assert out.dtype == x.dtype and np.array_equal(out, 1 - x)
    np.testing.assert_allclose(invert(out), x, atol=1e-7)  # 1 - (1 - x) rounds
    dyadic = np.array([[0.0, 0.25, 0.5, 1.0]])
    assert np.array_equal(invert(invert(dyadic)), dyadic)


def test_invert_rejects_values_outside_the_unit_interval():
    with pytest.raises(ValueError, match=r"`images` must hold pixel values in \[0, 1\], got values in \[0.0, 2.0\]"):
        invert(np.array([[0.0, 2.0]]))
    with pytest.raises(TypeError, match="`images` must be a NumPy array of floats"):
        invert([[0.5]])
    with pytest.raises(ValueError, match="`images` must have shape"):
        invert(np.zeros(3))


# ------------------------------------------------------------------ gaussian_noise_images
def test_noise_images_are_seeded_clipped_and_have_the_requested_moments():
    a = gaussian_noise_images(500, np.random.default_rng(3))
    b = gaussian_noise_images(500, np.random.default_rng(3))
    assert a.shape == (500, 784) and a.dtype == np.float32 and np.array_equal(a, b)
    assert a.min() == 0.0 and a.max() == 1.0  # clipped at both ends
    wide = gaussian_noise_images(200, np.random.default_rng(4), mean=0.5, std=0.05, dtype=np.float64)
    assert wide.dtype == np.float64
    assert abs(wide.mean() - 0.5) < 0.005 and abs(wide.std() - 0.05) < 0.005
    assert np.all(gaussian_noise_images(2, np.random.default_rng(5), std=0.0) == np.float32(0.13))


def test_noise_images_leave_the_global_random_state_alone():
    state = np.random.get_state()[1].copy()
    gaussian_noise_images(3, np.random.default_rng(0))
    assert np.array_equal(np.random.get_state()[1], state)


def test_noise_images_reject_bad_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="`rng` must be a numpy.random.Generator"):
        gaussian_noise_images(2, 0)
    with pytest.raises(ValueError, match="`n` must be a positive int, got n=0"):
        gaussian_noise_images(0, rng)
    with pytest.raises(ValueError, match="`std` must be finite and non-negative"):
        gaussian_noise_images(2, rng, std=-1.0)
    with pytest.raises(ValueError, match="`mean` must be finite"):
        gaussian_noise_images(2, rng, mean=float("nan"))
    with pytest.raises(TypeError, match="`dtype` must be a floating dtype"):
        gaussian_noise_images(2, rng, dtype=np.int32)
