"""The shipped type hints describe the runtime API (and nothing else)."""
import ast
import pathlib

import memview


def test_stub_matches_runtime():
    pkg = pathlib.Path(memview.__file__).parent
    assert (pkg / "py.typed").exists()
    tree = ast.parse((pkg / "__init__.pyi").read_text())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "MemoryView")
    names = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}
    assert len(names) > 30
    missing = sorted(n for n in names if not hasattr(memview.MemoryView, n)
                     and n not in ("__buffer__",))  # Python 3.12+ only
    assert missing == []
    public = {n for n in dir(memview.MemoryView) if not n.startswith("_")}
    assert sorted(public - names) == []
    for n in ast.walk(tree):
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.target.id != "Item":
            assert hasattr(memview, n.target.id), n.target.id
