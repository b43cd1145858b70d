"""Which format a file is read in, and one clear error for a file that is not what its name says."""

from __future__ import annotations

import json

import pytest
from cli_runner import run_cli

from dj_tui.analysis.stages.file_formats import report_format, report_text
from dj_tui.analysis.stages.ingest import IngestError, discover

LIMIT = 10 * 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
ZIP = b"PK\x03\x04" + b"\0" * 26


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.txt", "txt"),
        ("a.TXT", "txt"),
        ("a.md", "md"),
        ("a.markdown", "md"),
        ("报告.docx", "docx"),
        ("a.HTML", "html"),
        ("a.htm", "html"),
        ("a.pdf", "pdf"),
        ("notes", "txt"),
    ],
)
def test_the_format_comes_from_the_extension(name, expected):
    assert report_format(f"dir/{name}") == expected


@pytest.mark.parametrize(
    ("data", "format_name", "reason"),
    [
        (OLE, "docx", "a Word 97–2003 .doc file (or an encrypted Word file); save it as .docx"),
        (b"\xe5\x85\x9a\xe5\xbb\xba", "docx", "not a Word .docx file (not a zip archive)"),
        (PDF, "docx", "named as a .docx file but the content is a PDF file"),
        (b"<html><body>x</body></html>", "pdf", "not a PDF file"),
        (ZIP, "pdf", "named as a .pdf file but the content is a zip archive"),
        (PDF, "txt", "named as a .txt file but the content is a PDF file"),
        (ZIP, "md", "named as a .md file but the content is a zip archive"),
        (OLE, "html", "named as a .html file but the content is an old Office (97–2003) file"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_gets_one_line(data, format_name, reason):
    with pytest.raises(IngestError) as error:
        report_text(data, format_name, LIMIT)
    assert str(error.value) == reason


def test_a_pdf_header_after_white_space_is_a_pdf():
    with pytest.raises(IngestError, match="named as a .txt file but the content is a PDF file"):
        report_text(b"\r\n  " + PDF, "txt", LIMIT)


def test_text_that_mentions_a_pdf_header_is_text():
    text, markdown = report_text("报告说明：%PDF-1.4 是文件头。".encode(), "txt", LIMIT)
    assert text == "报告说明：%PDF-1.4 是文件头。" and not markdown
    assert report_text("# 标题\n\n正文。".encode(), "md", LIMIT) == ("# 标题\n\n正文。", True)


def test_words_lock_files_are_no_reports(tmp_path):
    (tmp_path / "报告.docx").write_bytes(ZIP)
    (tmp_path / "~$报告.docx").write_bytes(b"\x08owner")
    files, errors = discover([str(tmp_path)], ["*.docx"])
    assert [name.rsplit("/", 1)[-1] for name in files] == ["报告.docx"] and errors == []


def test_bad_files_of_every_format_are_one_line_each_and_the_rest_goes_on(tmp_path):
    (tmp_path / "old.docx").write_bytes(OLE)
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf at all")
    (tmp_path / "renamed.txt").write_bytes(PDF)
    (tmp_path / "good.txt").write_text("某县党建工作综述\n\n全县建成党群服务中心120个。\n", encoding="utf-8")
    code, out, err = run_cli("summarize", str(tmp_path), "--format", "json", "--no-cache")
    assert code == 1
    data = json.loads(out)
    assert [(r["path"].rsplit("/", 1)[-1], r["format"]) for r in data["reports"]] == [("good.txt", "txt")]
    reasons = {e["path"].rsplit("/", 1)[-1]: e["message"] for e in data["errors"]}
    assert reasons == {
        "old.docx": "a Word 97–2003 .doc file (or an encrypted Word file); save it as .docx",
        "broken.pdf": "not a PDF file",
        "renamed.txt": "named as a .txt file but the content is a PDF file",
    }
    assert len(err.splitlines()) == 3 and all(line.startswith("dj-tui: ") for line in err.splitlines())
