"""dropout.glue.glue writes the output myst_nb.glue writes, and checks its arguments."""

import numpy as np
import pytest

from dropout.glue import GLUE_PREFIX, glue

VALUES = [3, 0.9443, np.float64(0.0125), "n/p", [1, 2], {"a": 1}, True]


def _displayed(monkeypatch, fn, module_name, attribute, *args):
    """The (args, kwargs) of every IPython display call made by ``fn(*args)``."""
    calls = []
    monkeypatch.setattr(f"{module_name}.{attribute}", lambda *a, **k: calls.append((a, k)))
    fn(*args)
    return calls


@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("display", [True, False])
def test_same_output_as_myst_nb(monkeypatch, value, display):
    myst_glue = pytest.importorskip("myst_nb.ext.glue")
    ours = _displayed(monkeypatch, glue, "IPython.display", "display", "key_1", value, display)
    theirs = _displayed(monkeypatch, myst_glue.glue, "myst_nb.ext.glue", "ipy_display", "key_1", value, display)
    assert ours == theirs
    (bundle,), kwargs = ours[0]
    assert kwargs["metadata"]["scrapbook"] == {"name": "key_1", "mime_prefix": "" if display else GLUE_PREFIX}
    assert all(key.startswith(GLUE_PREFIX) != display for key in bundle)
    assert bundle[("" if display else GLUE_PREFIX) + "text/plain"] == repr(value)


def test_importing_it_imports_nothing_heavy():
    import subprocess
    import sys

    code = "import sys, dropout.glue; print(sorted(m for m in ('nbformat', 'IPython', 'myst_nb') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    "args, error, match",
    [
        ((1, 2), TypeError, "`name` must be a str"),
        (("", 2), ValueError, "`name` must be non-empty"),
        (("a b", 2), ValueError, "name='a b'"),
        (("a", 2, "no"), TypeError, "`display` must be a bool"),
    ],
)
def test_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        glue(*args)
