"""Which format a report file is in, and its text as the cleaner reads it.

A report's format comes from its file name (``report_format``); its bytes
must then say the same (``report_text`` checks their signature): a Word file
named ``.pdf``, a PDF named ``.txt`` or an old ``.doc`` renamed ``.docx`` gets
one clear error instead of a parser's confusion. Text formats (``txt``,
``md``) are decoded here; Word, web pages and PDF go to their readers
(``docx_text``, ``html_text``, ``pdf_text``), which return Markdown, so the
cleaner reads their headings as headings. The size limit (``max_file_mb``)
has been applied to the file before any of this (``ingest.stat_report``).
"""

from __future__ import annotations

import os

from dj_tui.analysis.stages import ingest
from dj_tui.analysis.stages.ingest import IngestError

_BY_EXTENSION = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}

# What a file's first bytes say it is (see ``_content_kind``).
_PDF = b"%PDF-"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003, and encrypted Office files
_KIND_NAMES = {"pdf": "a PDF file", "zip": "a zip archive", "ole": "an old Office (97–2003) file"}
_PDF_HEADER_WINDOW = 1024


def report_format(path: str) -> str:
    """The format a report file is read in, by its extension; a file of any other name is read as text."""
    return _BY_EXTENSION.get(os.path.splitext(path)[1].lower(), "txt")


def report_text(data: bytes, format_name: str, max_bytes: int) -> tuple[str, bool]:
    """The text of a report's bytes and whether it is Markdown by its format; ``IngestError`` with a one-line reason.

    (A ``.txt`` may be written in Markdown too: ``Analyzer.analyze_text``
    tells by its content.)
    """
    kind = _content_kind(data)
    if format_name == "docx":
        if kind == "ole":
            raise IngestError("a Word 97–2003 .doc file (or an encrypted Word file); save it as .docx")
        if kind is None:
            raise IngestError("not a Word .docx file (not a zip archive)")
        if kind != "zip":
            raise IngestError(_mislabelled(format_name, kind))
        from dj_tui.analysis.stages.docx_text import docx_markdown

        return docx_markdown(data, max_bytes), True
    if format_name == "pdf":
        if kind is None:
            raise IngestError("not a PDF file")
        if kind != "pdf":
            raise IngestError(_mislabelled(format_name, kind))
        from dj_tui.analysis.stages.pdf_text import pdf_markdown

        return pdf_markdown(data, max_bytes), True
    if kind is not None:
        raise IngestError(_mislabelled(format_name, kind))
    if format_name == "html":
        from dj_tui.analysis.stages.html_text import html_markdown

        return html_markdown(data), True
    return ingest.report_text(data), format_name == "md"


def _content_kind(data: bytes) -> str | None:
    """What the bytes are when they are a binary format dj-tui knows: "pdf", "zip", "ole"; else None."""
    if data.startswith(_ZIP):
        return "zip"
    if data.startswith(_OLE):
        return "ole"
    # Readers accept a PDF header after a little white space.
    if data[:_PDF_HEADER_WINDOW].lstrip(b"\x00\t\n\r\f ").startswith(_PDF):
        return "pdf"
    return None


def _mislabelled(format_name: str, kind: str) -> str:
    return f"named as a .{format_name} file but the content is {_KIND_NAMES[kind]}"
