"""The text of a Word (.docx) file as Markdown for the cleaner.

``docx_markdown`` reads the body of the document only, paragraph by
paragraph in reading order: paragraphs and tables interleaved as the body
holds them, each table cell's paragraphs row by row (nested tables, content
controls and text boxes included). Headers, footers, comments, footnotes,
deleted (tracked) text, hidden text and tables of contents are page
furniture or not part of the text as it reads, and are left out.

A paragraph in a heading style (Title, Heading 1–9, their Chinese names 标题,
标题 1, or an outline level) becomes a Markdown heading; the title is the
first of them (a Title-style one first), unless the text shows it is a
section heading. A document without heading styles, as most Chinese reports
are typed, comes out as plain paragraphs and the cleaner finds its title.
Metadata lines (来源：, 文字：, 审核：XXX) stay paragraphs of their own for the
cleaner to read.

The archive is checked from its central directory before anything is
unpacked: a zip bomb is refused, never inflated. Every failure is an
``IngestError`` with a one-line reason.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from dj_tui.analysis.stages.ingest import IngestError
from dj_tui.analysis.stages.markdown_text import markdown_heading, markdown_line

_MB = 1024 * 1024

# An OLE2 compound file: Word 97–2003, or an encrypted Office 2007+ file,
# which is an OLE container holding the encrypted package. Stream names in
# its directory are UTF-16LE.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_WORD_97_STREAM = "WordDocument".encode("utf-16-le")
_ZIP_MAGIC = b"PK\x03\x04"
_MAIN_PART = "word/document.xml"

# Expansion bounds, checked on the sizes the central directory declares
# (zipfile never inflates a member past its declared size, so they hold).
# Word's XML deflates 4–9 to 1 (measured on real reports) and pictures about
# 1 to 1, so twenty times the file's size limit leaves room for the densest
# real document. The XML is parsed into a tree that can take twenty times
# its size in memory (a run of empty elements), hence the fixed ceiling on
# it: 64 MB of WordprocessingML is a book of thousands of pages.
_EXPANSION_FACTOR = 20
_XML_CEILING = 64 * _MB
# Deflate's best is about 1032 to 1, reached only by one short pattern
# repeated; real parts stay far below 200 to 1 (a generated document of one
# sentence repeated 20,000 times: 245 to 1 at 3 MB, so small parts are exempt).
_MAX_RATIO = 200
_RATIO_EXEMPT_SIZE = 8 * _MB
_XML_PART_SUFFIXES = (".xml", ".rels")

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


_P, _R, _T, _TAB, _PTAB, _BR, _CR = (_w(t) for t in ("p", "r", "t", "tab", "ptab", "br", "cr"))
_NO_BREAK_HYPHEN, _TEXT_BOX = _w("noBreakHyphen"), _w("txbxContent")
_VAL = _w("val")
_MC_FALLBACK = f"{{{_MC_NS}}}Fallback"

# Elements of the body that hold paragraphs: tables, rows and cells, content
# controls, custom XML, and text boxes (reached from their paragraph).
_BLOCK_CONTAINERS = frozenset(_w(t) for t in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "txbxContent"))
# Elements inside a paragraph that hold its runs. Deleted text (w:del,
# w:moveFrom) is not among them: it is not part of the document as it reads.
_RUN_CONTAINERS = frozenset(
    _w(t)
    for t in ("hyperlink", "ins", "moveTo", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml", "dir", "bdo")
)
_FALSE_VALUES = frozenset(("0", "false", "off"))

_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.IGNORECASE)
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*[1-9]$", re.IGNORECASE)
_CONTENTS_STYLE = re.compile(r"^(?:toc|目录)\s*[1-9]$", re.IGNORECASE)
_CONTENTS_GALLERY = "Table of Contents"
# An outline level of 0–8 makes a heading (levels 1–9); 9 is body text.
_BODY_OUTLINE_LEVEL = 9

_TITLE, _HEADING, _CONTENTS, _TEXT = "title", "heading", "contents", "text"

# A heading after the body's prose, or numbered as a section (一、 （一）
# 1. 第一章), is a section heading and never the title.
_PROSE_LENGTH = 64
_SECTION_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|"
    r"第[一二三四五六七八九十\d]+[章节部分篇])"
)


def docx_markdown(data: bytes, max_bytes: int) -> str:
    """The text of a .docx file's body as Markdown (see the module's docstring); ``IngestError`` when it cannot be read.

    ``max_bytes`` is the file size limit; the unpacked parts may be at most
    twenty times that (and the XML at most 64 MB).
    """
    if data.startswith(_OLE_MAGIC):
        raise IngestError(_ole_reason(data))
    archive = _open_archive(data)
    _check_expansion(archive, max_bytes)
    body, styles = _open_document(data, archive)
    blocks = list(_paragraph_blocks(body, _StyleKinds(styles))) if body is not None else []
    if not blocks:
        raise IngestError("no text in the document")
    return "\n\n".join(_markdown_blocks(blocks)) + "\n"


# -- the file -------------------------------------------------------------


def _ole_reason(data: bytes) -> str:
    if _ENCRYPTED_STREAM in data:
        return "an encrypted (password-protected) Word file; save a copy without the password"
    if _WORD_97_STREAM in data:
        return "a Word 97–2003 .doc file; save it as .docx"
    return "an old Office (97–2003) file, not a Word .docx file"


def _open_archive(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # zipfile raises several kinds on a broken central directory
        if data.startswith(_ZIP_MAGIC):
            raise IngestError("damaged Word file (its zip archive is truncated or corrupt)") from None
        raise IngestError("not a Word .docx file (not a zip archive)") from None


def _check_expansion(archive: zipfile.ZipFile, max_bytes: int) -> None:
    """Refuse a zip bomb by the sizes the central directory declares, before anything is inflated."""
    members = archive.infolist()
    if any(member.flag_bits & 0x1 for member in members):
        raise IngestError("not a Word .docx file (its zip archive is password-protected)")
    for member in members:
        if member.file_size > _RATIO_EXEMPT_SIZE and member.file_size > _MAX_RATIO * member.compress_size:
            ratio = member.file_size // max(member.compress_size, 1)
            raise IngestError(f"refused: a part of it would unpack to {ratio} times its packed size (a zip bomb?)")
    total_bound = _EXPANSION_FACTOR * max_bytes
    xml_bound = min(total_bound, _XML_CEILING)
    total = sum(member.file_size for member in members)
    xml_total = sum(member.file_size for member in members if member.filename.endswith(_XML_PART_SUFFIXES))
    if xml_total > xml_bound:
        raise IngestError(
            f"refused: its XML would unpack to {_size(xml_total)}, more than the {_size(xml_bound)} allowed"
        )
    if total > total_bound:
        raise IngestError(
            f"refused: it would unpack to {_size(total)}, more than the {_size(total_bound)} allowed "
            f"({_EXPANSION_FACTOR} times the file size limit)"
        )


def _size(size: int) -> str:
    return f"{size / _MB:.0f} MB" if size >= _MB else f"{size / 1024:.0f} KB"


def _open_document(data: bytes, archive: zipfile.ZipFile) -> tuple[etree._Element | None, etree._Element]:
    """The body (None when the document has none) and the styles of the main document, as python-docx loads them."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        return document.element.body, document.styles.element
    except etree.XMLSyntaxError:
        raise IngestError("damaged Word file (its XML is not well-formed)") from None
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise IngestError("damaged Word file (a part of its zip archive is corrupt)") from None
    except Exception:  # python-docx reports a package that does not fit together in many ways
        # The main part is found through the package's relationships; Word
        # names it word/document.xml, some converters word/document2.xml.
        if _MAIN_PART not in archive.namelist():
            raise IngestError(f"not a Word .docx file (no {_MAIN_PART} in the zip archive)") from None
        if "[Content_Types].xml" not in archive.namelist():
            raise IngestError("not a Word .docx file (the zip archive has no [Content_Types].xml)") from None
        raise IngestError("damaged Word file (its package structure is broken)") from None


# -- styles ---------------------------------------------------------------


class _StyleKinds:
    """What each paragraph style makes of a paragraph: title, heading, contents entry or text.

    A style says so by its name or its outline level, else its base style
    (``w:basedOn``) does: a custom style based on Heading 1 is a heading.
    """

    def __init__(self, styles: etree._Element) -> None:
        self._styles: dict[str, etree._Element] = {}
        self._default: str | None = None
        for style in styles.iterchildren(_w("style")):
            if style.get(_w("type")) != "paragraph" or style.get(_w("styleId")) is None:
                continue
            self._styles.setdefault(style.get(_w("styleId")), style)
            if style.get(_w("default")) in ("1", "true", "on") and self._default is None:
                self._default = style.get(_w("styleId"))
        self._kinds: dict[str | None, str] = {}

    def paragraph_kind(self, paragraph: etree._Element) -> str:
        properties = paragraph.find(_w("pPr"))
        own_level = _outline_kind(properties)
        if own_level is not None:
            return own_level
        style_ref = properties.find(_w("pStyle")) if properties is not None else None
        return self._style_kind(style_ref.get(_VAL) if style_ref is not None else self._default)

    def _style_kind(self, style_id: str | None) -> str:
        # Every style on the way to the one that decides defers to it, so all
        # of them get its kind: each style is looked at once per document.
        path: dict[str, None] = {}  # ordered, and quick to ask
        kind = _TEXT
        # A basedOn cycle in a damaged file ends at the first style seen twice.
        while style_id is not None and style_id in self._styles and style_id not in path:
            if style_id in self._kinds:
                kind = self._kinds[style_id]
                break
            path[style_id] = None
            style = self._styles[style_id]
            name_element = style.find(_w("name"))
            name = (name_element.get(_VAL) or "").strip() if name_element is not None else ""
            decided = _name_kind(name) or _outline_kind(style.find(_w("pPr")))
            if decided is not None:
                kind = decided
                break
            based_on = style.find(_w("basedOn"))
            style_id = based_on.get(_VAL) if based_on is not None else None
        for step in path:
            self._kinds[step] = kind
        return kind


def _name_kind(name: str) -> str | None:
    if _TITLE_STYLE.match(name):
        return _TITLE
    if _HEADING_STYLE.match(name):
        return _HEADING
    if _CONTENTS_STYLE.match(name):
        return _CONTENTS
    return None


def _outline_kind(properties: etree._Element | None) -> str | None:
    """Heading or text by an explicit outline level in these paragraph properties; None without one."""
    if properties is None:
        return None
    outline = properties.find(_w("outlineLvl"))
    if outline is None:
        return None
    try:
        level = int(outline.get(_VAL, ""))
    except ValueError:
        return None
    return _HEADING if 0 <= level < _BODY_OUTLINE_LEVEL else _TEXT


# -- paragraphs -----------------------------------------------------------


def _paragraph_blocks(body: etree._Element, styles: _StyleKinds) -> Iterator[tuple[str, list[str]]]:
    """(kind, lines) of every paragraph with text, in reading order.

    The walk keeps its own stack, so a deeply nested table costs no
    recursion; each element is visited once.
    """
    stack = list(reversed(body))
    while stack:
        element = stack.pop()
        if element.tag == _P:
            kind = styles.paragraph_kind(element)
            runs, text_boxes = _paragraph_content(element)
            lines = [line.strip() for line in "".join(runs).split("\n")]
            lines = [line for line in lines if line]
            if lines and kind != _CONTENTS:
                yield kind, lines
            # A text box anchored in the paragraph reads after it.
            stack.extend(reversed(text_boxes))
        elif element.tag in _BLOCK_CONTAINERS and not _is_table_of_contents(element):
            stack.extend(reversed(element))


def _is_table_of_contents(element: etree._Element) -> bool:
    gallery = element.find(f"{_w('sdtPr')}/{_w('docPartObj')}/{_w('docPartGallery')}")
    return gallery is not None and gallery.get(_VAL) == _CONTENTS_GALLERY


def _paragraph_content(paragraph: etree._Element) -> tuple[list[str], list[etree._Element]]:
    """The texts of a paragraph's runs (a line break as ``\\n``) and the text boxes anchored in it."""
    texts: list[str] = []
    text_boxes: list[etree._Element] = []
    stack = list(reversed(paragraph))
    while stack:
        element = stack.pop()
        if element.tag == _R:
            if not _is_hidden(element):
                texts.append(_run_text(element))
            text_boxes.extend(_text_boxes(element))
        elif element.tag in _RUN_CONTAINERS:
            stack.extend(reversed(element))
    return texts, text_boxes


def _run_text(run: etree._Element) -> str:
    # A line break (w:br of any type, w:cr) is a real one in a Chinese
    # document: lines are typed to end there, never wrapped by hand.
    parts = []
    for child in run:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag in (_TAB, _PTAB):
            parts.append("\t")
        elif child.tag in (_BR, _CR):
            parts.append("\n")
        elif child.tag == _NO_BREAK_HYPHEN:
            parts.append("-")
    return "".join(parts)


def _is_hidden(run: etree._Element) -> bool:
    hidden = run.find(f"{_w('rPr')}/{_w('vanish')}")
    return hidden is not None and hidden.get(_VAL, "true").lower() not in _FALSE_VALUES


def _text_boxes(run: etree._Element) -> list[etree._Element]:
    """The text boxes drawn in a run, each once.

    A drawing comes twice, as DrawingML and as a VML fallback for old
    readers (``mc:Fallback``): the fallback is skipped. Text boxes nested in a
    text box are reached from its own paragraphs.
    """
    found: list[etree._Element] = []
    stack = [child for child in run if child.tag != _T]
    while stack:
        element = stack.pop()
        if element.tag == _TEXT_BOX:
            found.append(element)
        elif element.tag != _MC_FALLBACK:
            stack.extend(element)
    # The stack visited them last to first.
    return found[::-1]


# -- Markdown -------------------------------------------------------------


def _markdown_blocks(blocks: list[tuple[str, list[str]]]) -> Iterator[str]:
    title = _title_index(blocks)
    for index, (kind, lines) in enumerate(blocks):
        if kind in (_TITLE, _HEADING):
            yield markdown_heading(_one_line(lines), 1 if index == title else 2)
        else:
            yield "\n".join(markdown_line(line) for line in lines)


def _title_index(blocks: list[tuple[str, list[str]]]) -> int | None:
    """The block that is the title: the first in Title style, else the first heading if it reads as one."""
    for index, (kind, _) in enumerate(blocks):
        if kind == _TITLE:
            return index
    for index, (kind, lines) in enumerate(blocks):
        if kind == _HEADING:
            return None if _SECTION_NUMBER.match(lines[0]) else index
        if any("。" in line or len(line) > _PROSE_LENGTH for line in lines):
            return None  # prose came first: the headings are its sections
    return None


def _one_line(lines: list[str]) -> str:
    """A heading broken over lines, as one line: Chinese joins without a space, Latin words with one."""
    joined = lines[0]
    for line in lines[1:]:
        latin_meets_latin = joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii() and line[0].isalnum()
        joined += (" " if latin_meets_latin else "") + line
    return joined
