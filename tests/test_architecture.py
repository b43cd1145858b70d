"""The analysis package is the domain layer: it must work without any UI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import dj_tui

PACKAGE = Path(dj_tui.__file__).parent
HEADLESS_MODULES = [PACKAGE / "analysis", PACKAGE / "config.py", PACKAGE / "cli.py"]


def _python_files():
    for root in HEADLESS_MODULES:
        yield from ([root] if root.is_file() else sorted(root.rglob("*.py")))


def test_domain_sources_never_import_textual():
    offenders = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "textual"]
    assert offenders == []


def test_headless_summarize_does_not_load_textual(samples_dir):
    code = (
        "import sys, io, contextlib\n"
        "from dj_tui.cli import main\n"
        "out = io.TextIOWrapper(io.BytesIO(), encoding='utf-8')\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main(['summarize', {str(samples_dir)!r}])\n"
        "assert code == 0, code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
