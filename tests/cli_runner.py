"""Run the dj-tui command line in-process and capture what it prints."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from dj_tui.cli import main


def run_cli(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr); stdout is read as the UTF-8 bytes the CLI writes."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    out.flush()
    return code, out.buffer.getvalue().decode("utf-8"), err.getvalue()
