# The cffi extension needs setup(cffi_modules=...), which pyproject.toml cannot express.
from setuptools import setup

setup(cffi_modules=["memview_build.py:ffibuilder"])
