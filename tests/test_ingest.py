"""Reading report files: encodings, bad input and directory discovery."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from dj_tui.analysis.stages import ingest
from dj_tui.analysis.stages.ingest import IngestError, decode_bytes, discover, read_report

MB = 1024 * 1024
LIMIT = 10 * MB
TEXT = "党建引领基层治理\n今年以来，某县坚持大抓基层的鲜明导向。\n黨建工作綜述。\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_each_encoding_reads_back_the_same_text(tmp_path, encoding, bom):
    path = tmp_path / "report.txt"
    path.write_bytes(bom + TEXT.replace("\n", "\r\n").encode(encoding))
    assert read_report(path, LIMIT) == TEXT


def test_big5_traditional_text_is_not_read_as_gb18030_mojibake(tmp_path):
    text = "黨建引領基層治理\n今年以來，某縣堅持大抓基層的鮮明導向，黨員幹部積極參與。\n"
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    assert read_report(path, LIMIT) == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        # 幹部 in Big5 is also valid GB18030: 场 and two more characters.
        ("幹部", "big5"),
        ("發展黨員", "big5"),
        ("黨建\n", "cp950"),
        # ① is where Hong Kong's Big5 (HKSCS) has a kana.
        ("圖①：村民在議事小院裡商量修路。\n", "cp950"),
    ],
    ids=["two-characters", "four-characters", "line", "circled-digit"],
)
def test_big5_is_not_read_as_gb18030(text, encoding):
    data = text.encode(encoding)
    data.decode("gb18030")
    assert decode_bytes(data) == text


def test_gbk_and_big5_each_decode_as_themselves():
    for text in ("干部", "党建工作", "基层党组织建设\n"):
        assert decode_bytes(text.encode("gbk")) == text
    long_big5 = "黨建引領基層治理，今年以來，某縣堅持大抓基層的鮮明導向。\n" * 300
    for text in ("幹部", "黨建工作", "基層黨組織建設\n", long_big5):
        assert decode_bytes(text.encode("big5")) == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text_and_binary_is_not(encoding):
    text = "党建引领基层治理\r\n2024年，全县发展党员120名。\r\n"
    assert decode_bytes(text.encode(encoding)) == text.replace("\r\n", "\n")
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000010000000100806000000")
    with pytest.raises(IngestError, match=r"^binary file \(NUL bytes\)$"):
        decode_bytes(png)


def test_gb18030_only_characters_decode():
    # 𠀀 lies outside GBK: only the four-byte GB18030 form can carry it.
    assert decode_bytes("𠀀党建".encode("gb18030")) == "𠀀党建"


def test_line_ends_become_newlines():
    assert decode_bytes(b"a\r\nb\rc\nd") == "a\nb\nc\nd"


def test_utf8_is_preferred_over_gb18030_mojibake():
    # These UTF-8 bytes are also valid GB18030, which would give garbage.
    data = "党建".encode()
    data.decode("gb18030")
    assert decode_bytes(data) == "党建"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (" \n\u3000\r\n\t".encode("utf-8"), "empty file (only white space)"),
        (b"PK\x03\x04\x00\x00binary", "binary file (NUL bytes)"),
        (bytes(range(1, 9)) * 20 + "党建".encode(), "binary file (control characters)"),
        (
            "党建".encode() + b"\xff\xfe\xfa",
            "cannot decode: not UTF-8, UTF-16, GB18030 or Big5 (invalid byte 0xff at offset 6)",
        ),
    ],
    ids=["empty", "whitespace", "nul", "control", "undecodable"],
)
def test_bad_content_is_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        read_report(path, LIMIT)
    assert str(caught.value) == message


def test_a_stray_control_character_is_still_text():
    text = "党建引领发展。" * 20 + "\x07" + "坚持大抓基层。" * 20
    assert decode_bytes(text.encode("utf-8")) == text


def test_utf16_with_broken_bytes_says_so():
    with pytest.raises(IngestError, match="cannot decode as UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + "党".encode("utf-16-le") + b"\x00\xdc")


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.write("党建".encode())
        handle.truncate(50 * MB)

    def no_open(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(ingest, "open", no_open, raising=False)
    with pytest.raises(IngestError) as caught:
        read_report(path, LIMIT)
    assert str(caught.value) == "file is 50.0 MB, over the 10 MB limit (max_file_mb)"


def test_file_at_the_limit_is_read(tmp_path):
    path = tmp_path / "edge.txt"
    path.write_bytes(b"a" * 100)
    assert read_report(path, 100) == "a" * 100


def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("党建", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read a mode-000 file (root)")
        with pytest.raises(IngestError) as caught:
            read_report(path, LIMIT)
        assert str(caught.value) == "permission denied"
    finally:
        path.chmod(0o644)


def test_permission_error_while_opening_is_reported(tmp_path, monkeypatch):
    # The same path as above, reachable when tests run as root.
    path = tmp_path / "secret.txt"
    path.write_text("党建", encoding="utf-8")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(ingest, "open", denied, raising=False)
    with pytest.raises(IngestError) as caught:
        read_report(path, LIMIT)
    assert str(caught.value) == "permission denied"


def test_missing_file(tmp_path):
    with pytest.raises(IngestError) as caught:
        read_report(tmp_path / "nope.txt", LIMIT)
    assert str(caught.value) == "no such file or directory"


def test_directory_is_not_a_report(tmp_path):
    with pytest.raises(IngestError) as caught:
        read_report(tmp_path, LIMIT)
    assert str(caught.value) == "is a directory"


# -- discover --------------------------------------------------------------


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("党建", encoding="utf-8")


def test_discover_recurses_filters_and_sorts(tmp_path, monkeypatch):
    _tree(
        tmp_path / "data",
        ["b.txt", "a.md", "notes.docx", "sub/deep/c.TXT", "sub/d.csv", ".hidden.txt", ".git/e.txt"],
    )
    monkeypatch.chdir(tmp_path)
    files, errors = discover(["data"], ["*.txt", "*.md"])
    assert files == ["data/a.md", "data/b.txt", "data/sub/deep/c.TXT"]
    assert errors == []


def test_discover_keeps_the_path_as_given(tmp_path, monkeypatch):
    _tree(tmp_path / "d", ["x.txt"])
    monkeypatch.chdir(tmp_path)
    assert discover(["./d/"], ["*.txt"]) == (["./d/x.txt"], [])
    absolute = str(tmp_path / "d")
    assert discover([absolute], ["*.txt"]) == ([f"{absolute}/x.txt"], [])


def test_discover_takes_a_named_file_whatever_its_extension(tmp_path, monkeypatch):
    _tree(tmp_path, ["report.html", ".dotfile"])
    monkeypatch.chdir(tmp_path)
    assert discover(["report.html", ".dotfile"], ["*.txt"]) == ([".dotfile", "report.html"], [])


def test_discover_lists_each_file_once(tmp_path, monkeypatch):
    _tree(tmp_path / "d", ["x.txt", "y.txt"])
    monkeypatch.chdir(tmp_path)
    files, errors = discover(["d", "d/x.txt", str(tmp_path / "d" / "y.txt"), "./d"], ["*.txt"])
    assert files == ["d/x.txt", "d/y.txt"]
    assert errors == []


def test_discover_lists_a_file_once_through_links_to_it_or_its_directory(tmp_path, monkeypatch):
    _tree(tmp_path / "d", ["x.txt"])
    (tmp_path / "d" / "alias.txt").symlink_to(tmp_path / "d" / "x.txt")
    (tmp_path / "linked").symlink_to(tmp_path / "d", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    files, errors = discover(["d", "linked"], ["*.txt"])
    assert files == ["d/x.txt"]
    assert errors == []


def test_discover_reports_missing_paths_and_empty_directories(tmp_path, monkeypatch):
    _tree(tmp_path / "empty", ["readme.docx", ".hidden/x.txt"])
    _tree(tmp_path / "full", ["x.txt"])
    monkeypatch.chdir(tmp_path)
    files, errors = discover(["missing", "empty", "full"], ["*.txt", "*.md"])
    assert files == ["full/x.txt"]
    assert [(e.path, e.message) for e in errors] == [
        ("missing", "no such file or directory"),
        ("empty", "no reports (*.txt, *.md) in directory"),
    ]


def test_discover_writes_nothing(tmp_path, monkeypatch):
    _tree(tmp_path / "d", ["x.txt", "sub/y.md"])
    before = sorted((p, p.stat().st_mtime_ns) for p in tmp_path.rglob("*"))
    monkeypatch.chdir(tmp_path)
    discover(["d"], ["*.txt", "*.md"])
    assert sorted((p, p.stat().st_mtime_ns) for p in tmp_path.rglob("*")) == before


def test_discover_finds_the_bundled_samples(samples_dir):
    files, errors = discover([str(samples_dir)], ["*.txt", "*.md"])
    assert len(files) == 5 and errors == []
    assert all(f.startswith(str(samples_dir)) for f in files)
