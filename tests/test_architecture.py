"""The analysis package is the domain layer: it must work without any UI.

What it may import is checked by import-linter (``[tool.importlinter]`` in
pyproject.toml, run by ``make test``); this checks what a headless run loads.
"""

from __future__ import annotations

import subprocess
import sys


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
