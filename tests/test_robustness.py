"""Never lose the user's work: one bad report, an odd file name, a closed output, ctrl+c, a killed run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_runner import run_cli

from dj_tui.analysis import pipeline
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages import figures

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"
RAW_CONTROLS = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))} - {"\n"}


def copy_samples(target: Path, times: int = 1) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    copies = []
    for number in range(times):
        for sample in sorted(SAMPLES.glob("*.txt")):
            copy = target / f"{number}-{sample.name}"
            shutil.copyfile(sample, copy)
            copies.append(copy)
    return copies


def dj_tui(*args: str, **kwargs) -> subprocess.Popen:
    """dj-tui in a process of its own, with ctrl+c handled as a terminal's user would get it."""
    return subprocess.Popen(
        [sys.executable, "-m", "dj_tui", *args],
        cwd=ROOT,
        stdout=kwargs.pop("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        # Whoever started the tests (a CI job in the background) may ignore SIGINT.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        **kwargs,
    )


def children(pid: int) -> set[int]:
    """The processes ``pid`` started, and theirs (pool workers, the resource tracker)."""
    found: set[int] = set()
    pending = [pid]
    while pending:
        parent = pending.pop()
        try:
            listed = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        for child in map(int, listed):
            found.add(child)
            pending.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"waited {timeout} s for {what}")


@pytest.fixture(scope="module")
def slow_collection(tmp_path_factory) -> Path:
    """Reports big enough that two workers are still busy seconds after they start."""
    folder = tmp_path_factory.mktemp("slow")
    paragraphs = [p for sample in sorted(SAMPLES.glob("*.txt")) for p in sample.read_text("utf-8").split("\n") if p]
    for number in range(4):
        rotated = paragraphs[number:] + paragraphs[:number]
        (folder / f"big-{number}.txt").write_text("\n".join(rotated * 12), encoding="utf-8")
    return folder


# --- one report's unexpected failure is that report's error ------------------------


def test_an_unexpected_failure_in_one_report_is_that_reports_error(tmp_path, monkeypatch):
    copy_samples(tmp_path)
    original = figures.extract_figures

    def failing(sentences, tokens):
        if any("三航行动" in s.text for s in sentences):
            raise RuntimeError("figure stage met\nsomething odd")
        return original(sentences, tokens)

    monkeypatch.setattr(figures, "extract_figures", failing)
    code, out, err = run_cli("summarize", "--no-cache", "--jobs", "1", str(tmp_path))
    assert code == 1
    data = json.loads(out)
    assert len(data["reports"]) == 4
    (error,) = data["errors"]
    assert error["path"].endswith("shuangyashan-sanhang-xingdong.txt")
    assert error["message"] == "internal error: RuntimeError: figure stage met something odd"
    assert err.splitlines() == [f"dj-tui: {error['path']}: {error['message']}"]


# --- a file name that is not UTF-8 costs nothing ------------------------------------------


@pytest.fixture
def odd_name_dir(tmp_path) -> Path:
    folder = tmp_path / "r1"
    folder.mkdir()
    shutil.copyfile(SAMPLES / "anhui-qiangji-guben.txt", folder / "good.txt")
    shutil.copyfile(SAMPLES / "suzhou-dangqi-piaoyang.txt", os.fsencode(folder) + b"/bad\xff.txt")
    return folder


@pytest.mark.parametrize("options", [[], ["--no-cache"]])
def test_a_file_name_that_is_not_utf8_is_analysed_and_written_visibly(odd_name_dir, options):
    code, out, err = run_cli("summarize", *options, str(odd_name_dir))
    assert (code, err) == (0, "")
    paths = [report["path"] for report in json.loads(out)["reports"]]
    assert paths == [f"{odd_name_dir}/bad\\xff.txt", f"{odd_name_dir}/good.txt"]
    code, markdown, err = run_cli("summarize", *options, "--format", "markdown", str(odd_name_dir))
    assert (code, err) == (0, "")
    assert f"`{odd_name_dir}/bad\\xff.txt`" in markdown


def test_a_file_name_that_is_not_utf8_is_kept_in_the_cache(odd_name_dir, analysed):
    first = run_cli("summarize", str(odd_name_dir))
    assert len(analysed) == 2
    assert run_cli("summarize", str(odd_name_dir)) == first
    assert len(analysed) == 2  # both read back from the cache


# --- a closed output ends with one line -------------------------------------------------


def test_output_to_a_full_disk_ends_with_one_line():
    with open("/dev/full", "wb") as full:
        done = dj_tui("summarize", str(SAMPLES), stdout=full)
        _, err = done.communicate(timeout=120)
    assert done.returncode == 3
    assert err.decode().splitlines() == ["dj-tui: cannot write the output: no space left on device"]


def test_a_closed_standard_output_ends_with_one_line():
    # As `dj-tui summarize >&-` starts it: no descriptor 1 at all.
    done = subprocess.run(
        [sys.executable, "-m", "dj_tui", "summarize", str(SAMPLES)],
        cwd=ROOT, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), timeout=120,
    )
    assert done.returncode == 3
    assert done.stderr.decode().splitlines() == ["dj-tui: cannot write the output: standard output is closed"]


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_reader_that_stops_early_ends_the_output_with_one_line(tmp_path, unbuffered):
    copy_samples(tmp_path, times=4)  # well over a pipe's 64 KB of JSON
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    done = dj_tui("summarize", str(tmp_path), env=env)
    assert done.stdout.read(10) == b'{\n  "versi'
    done.stdout.close()
    err = done.stderr.read().decode()
    assert done.wait(timeout=120) == 3
    assert err.splitlines() == ["dj-tui: output closed early by its reader (broken pipe)"]


# --- ctrl+c and kill -9 ---------------------------------------------------------------------


def test_ctrl_c_stops_the_workers_and_exits_130_with_one_line(slow_collection, tmp_path):
    env = {**os.environ, "DJ_TUI_CACHE_DIR": str(tmp_path / "cache")}
    run = dj_tui("summarize", "--jobs", "2", str(slow_collection), env=env)
    workers = wait_for(lambda: len(children(run.pid)) >= 3 and children(run.pid), 60, "two workers and a tracker")
    time.sleep(1)  # the workers are importing jieba or analysing
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=30)
    assert run.returncode == 130
    assert err.decode() == "dj-tui: interrupted\n"
    assert out == b""
    wait_for(lambda: not alive(workers), 10, "the workers to end")
    info = subprocess.run(
        [sys.executable, "-m", "dj_tui", "cache", "info"], cwd=ROOT, env=env, capture_output=True, timeout=60
    )
    assert info.returncode == 0 and b"entries:" in info.stdout


def test_workers_end_by_themselves_when_dj_tui_is_killed(slow_collection, tmp_path):
    env = {**os.environ, "DJ_TUI_CACHE_DIR": str(tmp_path / "cache")}
    run = dj_tui("summarize", "--jobs", "2", str(slow_collection), env=env)
    workers = wait_for(lambda: len(children(run.pid)) >= 3 and children(run.pid), 60, "two workers and a tracker")
    run.kill()
    run.communicate(timeout=30)
    wait_for(lambda: not alive(workers), 10, "the workers and the resource tracker to end")


def test_jobs_never_exceed_the_cpus_or_the_files(tmp_path, monkeypatch):
    copy_samples(tmp_path)
    started: list[int] = []
    real_start_pool = pipeline.start_pool

    def counting(settings, jobs):
        started.append(jobs)
        return real_start_pool(settings, jobs)

    monkeypatch.setattr(pipeline, "start_pool", counting)
    files = sorted(str(p) for p in tmp_path.glob("*.txt"))[:3]
    results = list(pipeline.analyze_iter(files, AnalysisSettings(), cache=None, jobs=1000, isolate=True))
    assert len(results) == 3
    assert started == [min(3, len(os.sched_getaffinity(0)))]


# --- nothing raw reaches a terminal ---------------------------------------------------------


@pytest.fixture
def hostile_dir(tmp_path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    base = (SAMPLES / "anhui-qiangji-guben.txt").read_text("utf-8")
    body = "强基固本\x1bc重置\x9b31m标题\n\n" + base + "\n全市党组织达到1200个\x1b(0，党员3.5万名\x07。\n"
    (folder / "ok.txt").write_text(body, encoding="utf-8")
    (folder / "evil\x1b[31mred\x1b]52;c;aGFja2Vk\x07\r\x9bX\nline2.txt").write_text(body, encoding="utf-8")
    (folder / "empty\x1b[5m\n.txt").write_bytes(b"")
    return folder


def test_markdown_and_stderr_hold_no_raw_control_character(hostile_dir):
    code, out, err = run_cli("summarize", "--format", "markdown", str(hostile_dir))
    assert code == 1
    assert not RAW_CONTROLS & set(out)
    assert not RAW_CONTROLS & set(err)
    assert len(err.splitlines()) == 1  # one error, one line, whatever its name holds
    assert "强基固本␛c重置\ufffd31m标题" in out
    assert "evil␛[31mred␛]52;c;aGFja2Vk␇␍\ufffdX␊line2.txt" in out


def test_json_escapes_every_control_character_and_keeps_the_data(hostile_dir):
    code, out, _ = run_cli("summarize", str(hostile_dir))
    assert code == 1
    assert not RAW_CONTROLS & set(out)
    assert "\\u009b" in out
    titles = {report["title"] for report in json.loads(out)["reports"]}
    assert titles == {"强基固本\x1bc重置\x9b31m标题"}
