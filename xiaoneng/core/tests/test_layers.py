"""The import rule of :mod:`xiaoneng.layers`, checked on every import in the tree (lazy
imports inside functions included; tests and migrations aside)."""

import ast
from pathlib import Path

import pytest

from xiaoneng.layers import LAYERS, layer_of

ROOT = Path(__file__).resolve().parents[2]  # the xiaoneng package


def _package(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else Path(parts[0]).stem


def _imports(path: Path):
    """(line, imported package) for every import of another xiaoneng package in ``path``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names if node.module == "xiaoneng"]
        for name in names:
            parts = name.split(".")
            if parts[0] == "xiaoneng" and len(parts) > 1:
                yield node.lineno, parts[1]


def package_imports() -> list[tuple[str, str, str]]:
    """(importing package, imported package, where) for every cross-package import."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(ROOT).parts) or path.name == "__init__.py" and path.parent == ROOT:
            continue
        package = _package(path)
        for line, imported in _imports(path):
            if imported != package:
                found.append((package, imported, f"{path.relative_to(ROOT.parent)}:{line}"))
    return found


def test_every_package_is_on_a_layer():
    packages = {_package(p) for p in ROOT.rglob("*.py") if p.parent != ROOT or p.name != "__init__.py"}
    packages -= {"layers"}
    missing = sorted(p for p in packages if not any(p in names for names in LAYERS))
    assert not missing, f"add these packages to xiaoneng.layers.LAYERS: {missing}"


def test_imports_only_go_down_the_layers():
    wrong = [
        f"{where}: {a} (layer {layer_of(a)}) imports {b} (layer {layer_of(b)})"
        for a, b, where in package_imports()
        if b != "layers" and layer_of(b) >= layer_of(a)
    ]
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_the_checker_sees_a_lazy_import_going_up(tmp_path, monkeypatch):
    """The rule catches an import written inside a function, the usual way to hide a cycle."""
    fake = tmp_path / "xiaoneng"
    (fake / "org").mkdir(parents=True)
    (fake / "org" / "x.py").write_text("def f():\n    from xiaoneng.workorders.models import WorkOrder\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", fake)
    assert package_imports() == [("org", "workorders", "xiaoneng/org/x.py:2")]
    with pytest.raises(AssertionError, match="org \\(layer 3\\) imports workorders"):
        test_imports_only_go_down_the_layers()
