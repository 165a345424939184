import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture
def header_path():
    """The contract header of this checkout (the one the binding must match)."""
    return REPO / "capi" / "include" / "memview.h"
