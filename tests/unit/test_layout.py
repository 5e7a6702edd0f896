"""The shape of the code: small modules (the import contracts are checked by `make lint`)."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).parents[2] / "paramatlas"
MAX_LINES = 400
# Declaration-only modules may be longer: field declarations with their docstrings.
DECLARATIONS = {"schema.py"}


def test_no_code_module_is_over_400_lines() -> None:
    long = {
        p.relative_to(GENERATOR).as_posix(): n
        for p in GENERATOR.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert set(long) <= DECLARATIONS, long


def test_declaration_modules_hold_declarations() -> None:
    """Outside class bodies only imports, constants and type aliases; inside, fields,
    docstrings and validators of a few lines."""
    for name in DECLARATIONS:
        tree = ast.parse((GENERATOR / name).read_text(encoding="utf-8"))
        for node in tree.body:
            assert isinstance(
                node,
                (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.Expr, ast.ClassDef),
            ), f"{name}:{node.lineno}: {type(node).__name__} is not a declaration"
            for item in node.body if isinstance(node, ast.ClassDef) else ():
                if isinstance(item, ast.FunctionDef):
                    assert item.end_lineno - item.lineno < 12, f"{name}:{item.lineno}"
