"""CPython 3.11's own test_memoryview, run with memoryview replaced by
memview.MemoryView (the drop-in claim, tested with CPython's own suite)."""
import unittest

import pytest

import memview

T = pytest.importorskip("test.test_memoryview", reason="CPython's test package is not installed")
T.memoryview = memview.MemoryView

globals().update({name: cls for name, cls in vars(T).items()
                  if isinstance(cls, type) and issubclass(cls, unittest.TestCase)
                  and cls.__module__ == T.__name__})
