"""The dashboard on a real collection, cold: worker processes under the running app, odd names, Esc and quit."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from textual.widgets import Static, Tab

from dj_tui.analysis.search import _MemoryIndex
from dj_tui.config import Config
from dj_tui.ui.app import DashboardApp, create_app
from dj_tui.ui.widgets.errors_pane import ErrorsPane

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"
RAW_CONTROLS = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))} - {"\n"}


async def settle(app: DashboardApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot, condition, timeout: float) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"not within {timeout} s")


async def test_a_cold_collection_big_enough_for_worker_processes_is_shown_whole(tmp_path):
    # 40 reports, 372 KB: over the size that starts a process pool, as on a
    # user's first day with a real collection.
    for number in range(8):
        for sample in SAMPLES.glob("*.txt"):
            shutil.copyfile(sample, tmp_path / f"{number}-{sample.name}")
    app = create_app([str(tmp_path)], Config(path=None, jobs=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.collection.errors == ()
        assert len(app.collection.reports) == 40
        assert sum(len(group.reports) for group in app.collection.regions) == 40
    assert multiprocessing.active_children() == []


async def test_a_file_name_that_is_not_utf8_is_listed_with_its_bytes_visible(tmp_path):
    shutil.copyfile(SAMPLES / "anhui-qiangji-guben.txt", tmp_path / "good.txt")
    shutil.copyfile(SAMPLES / "wuwei-2022-jiceng-dangjian.txt", os.fsencode(tmp_path) + b"/bad\xff.txt")
    with open(os.fsencode(tmp_path) + b"/none\xfe.txt", "wb"):
        pass  # an empty file: listed in the errors tab
    app = create_app([str(tmp_path)], Config(path=None))
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert len(app.collection.reports) == 2
        await pilot.press(str(len(app.tabs.query("Tab"))))
        listing = str(app.query_one(ErrorsPane).query_one("#errors-list", Static).render())
        assert f"{tmp_path}/none\\xfe.txt" in listing
        screen = app.export_screenshot()
        assert "\udcfe" not in screen


@pytest.mark.parametrize("where", ["nowhere", "empty"])
async def test_a_hostile_path_is_echoed_visibly(tmp_path, where):
    hostile = "\x1bc\x1b]52;c;aGFja2Vk\x07"
    target = tmp_path / hostile
    if where == "empty":
        target.mkdir()
    app = create_app([str(target)], Config(path=None))
    async with app.run_test(size=(80, 24)) as pilot:
        shown = str(app.query_one("#overview-message", Static).render())
        await settle(app, pilot)
        shown += str(app.query_one("#overview-message", Static).render())
        assert "␛c␛]52;c;aGFja2Vk␇" in shown
        assert not RAW_CONTROLS & set(shown)
        assert not RAW_CONTROLS & set("".join(n.message for n in app._notifications))


@pytest.fixture(scope="module")
def slow_collection(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("slow")
    paragraphs = [p for sample in sorted(SAMPLES.glob("*.txt")) for p in sample.read_text("utf-8").split("\n") if p]
    for number in range(2):
        (folder / f"big-{number}.txt").write_text("\n".join(paragraphs * 40), encoding="utf-8")
    return folder


async def wait_for_two_busy_workers(pilot, before: set[multiprocessing.Process]) -> list[multiprocessing.Process]:
    """The two worker processes the dashboard started (not those an earlier test may leave to be reaped)."""

    def started() -> list[multiprocessing.Process]:
        return [process for process in multiprocessing.active_children() if process not in before]

    await wait_until(pilot, lambda: len(started()) == 2, timeout=60)
    return started()


async def test_escape_abandons_the_reports_being_analysed_at_once(slow_collection):
    before = set(multiprocessing.active_children())
    app = create_app([str(slow_collection)], Config(path=None, jobs=2))
    async with app.run_test(size=(80, 24)) as pilot:
        workers = await wait_for_two_busy_workers(pilot, before)
        await pilot.press("escape")
        # Far sooner than either report could be analysed.
        await wait_until(pilot, lambda: not app.running, timeout=5)
        assert app.cancelled and app.collection.reports == (), app.collection.errors
        assert [worker.exitcode for worker in workers] == [-9, -9]


class Terminal:
    """dj-tui in a terminal of its own (a pseudo-terminal at 80x24), as a user runs it."""

    def __init__(self, *args: str, cache: Path) -> None:
        self.main, terminal = pty.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "DJ_TUI_CACHE_DIR": str(cache)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dj_tui", *args],
            cwd=ROOT, env=env, stdin=terminal, stdout=terminal, stderr=terminal, close_fds=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        os.close(terminal)
        self.shown = b""

    def read_until(self, marker: bytes, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.shown and time.monotonic() < deadline:
            if select.select([self.main], [], [], 0.1)[0]:
                try:
                    self.shown += os.read(self.main, 65536)
                except OSError:  # the terminal closed: the process is gone
                    return

    def children(self) -> set[int]:
        """Its child processes, whichever of its threads started them."""
        found: set[int] = set()
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            try:
                found.update(map(int, (task / "children").read_text().split()))
            except OSError:
                pass  # the thread ended meanwhile
        return found

    def close(self) -> None:
        """Hang up, as a terminal closing does; a dashboard still running then ends."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGHUP)
            self.process.wait(timeout=10)
        os.close(self.main)


@pytest.fixture
def terminals():
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def test_sigint_leaves_the_dashboard_with_130_and_one_line(tmp_path, terminals):
    terminal = Terminal(str(SAMPLES), cache=tmp_path / "cache")
    terminals.append(terminal)
    terminal.read_until("地区".encode(), timeout=60)  # the overview's table: the reports are in
    terminal.process.send_signal(signal.SIGINT)
    terminal.read_until(b"interrupted", timeout=10)
    assert terminal.process.wait(timeout=10) == 130
    assert b"dj-tui: interrupted" in terminal.shown
    assert b"Traceback" not in terminal.shown


def test_ctrl_q_quits_at_once_while_reports_are_being_analysed(slow_collection, tmp_path, terminals):
    terminal = Terminal("--jobs", "2", str(slow_collection), cache=tmp_path / "cache")
    terminals.append(terminal)
    deadline = time.monotonic() + 60
    while len(terminal.children()) < 3 and time.monotonic() < deadline:  # two workers and the resource tracker
        terminal.read_until(b"\x00", timeout=0.1)
    workers = terminal.children()
    assert len(workers) >= 3
    os.write(terminal.main, b"\x11")  # ctrl+q
    # Both reports would take minutes: quitting does not wait for them.
    assert terminal.process.wait(timeout=5) == 0
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


async def test_search_on_a_cached_collection_is_answered_by_the_cache_index(monkeypatch):
    # The path users take every day: reports read back from the cache, found
    # through its full-text tables, never through an index built in memory.
    monkeypatch.chdir(ROOT)
    first = create_app(["data/reports"], Config(path=None))
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(first, pilot)  # fills the cache
    built_in_memory: list[str] = []
    real_add = _MemoryIndex.add

    def add_in_memory(self, key, fields):
        built_in_memory.append(key)
        real_add(self, key, fields)

    monkeypatch.setattr(_MemoryIndex, "add", add_in_memory)
    app = create_app(["data/reports"], Config(path=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"三航行动")
        await settle(app, pilot)
        assert app.matches == {"data/reports/shuangyashan-sanhang-xingdong.txt"}
        assert [tab.label.plain for tab in app.tabs.query(Tab)] == ["总览", "黑龙江省 1", "安徽省 0", "甘肃省 0"]
    assert built_in_memory == []
