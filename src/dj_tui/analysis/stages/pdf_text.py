"""Reading a PDF report: its text layer, as Markdown for the cleaner.

``pdf_markdown`` opens the file with pypdf (never strict: real PDFs are often
slightly malformed), decrypts one protected by the empty password (readable by
anyone, as many are), and reads each page's text in pypdf's plain mode, in
the order the page draws it, with the position and type size of every line
(``pdf_layout`` then drops page furniture, re-joins lines into paragraphs and
finds the headings). pypdf's layout mode was measured on the real printed web
pages and not chosen: it pads lines with runs of spaces inside words and
numbers (近20␣␣␣0件) and gives nothing the positions do not.

Fonts of Chinese PDFs often map a character to a look-alike code point: a
Kangxi radical (⾏ U+2F8F for 行), a CJK radical supplement form (⻰ U+2EF0
for 龙), a compatibility ideograph. Each is read as the ordinary character.

Every failure is an ``IngestError`` with a one-line reason; the work is
bounded whatever the file holds: pypdf's decompression and parsing limits are
set from the size limit, and pages, text pieces and characters are counted.
"""

from __future__ import annotations

import io
import logging
import math
import re
import unicodedata
from typing import Any

import pypdf
from pypdf.errors import DependencyError, EmptyFileError, FileNotDecryptedError, LimitReachedError, PyPdfError

from dj_tui.analysis.stages.ingest import IngestError
from dj_tui.analysis.stages.pdf_layout import PdfLine, layout_markdown
from dj_tui.analysis.stages.textnorm import needs_simplification, to_simplified

# pypdf reports every repair it makes to a malformed file through logging;
# without a handler Python would print each one on stderr.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False

_PDF_SIGNATURE = b"%PDF-"
_SIGNATURE_WINDOW = 1024
# More pages than any report has: a bound on the work, not a size a report reaches.
_MAX_PAGES = 500
# Text pieces pypdf hands over (about one per character drawn, and per
# operator that ends a run of text): the bound on extraction work, which the
# size of the file does not bound (a small content stream can draw a form many times).
_MAX_TEXT_PIECES = 1_000_000
# Characters of text: twice what 500 dense pages hold. The size limit bounds
# them too, as it bounds a text file.
_MAX_TEXT_CHARACTERS = 2_000_000
# A decompressed stream may be this many times the size limit (content
# streams of text are a few times larger than the text), within pypdf's own
# default ceiling and never below what a page of text needs.
_STREAM_EXPANSION = 4
_MIN_STREAM_BYTES = 8 * 1024 * 1024
_MAX_STREAM_BYTES = 75_000_000
_MAX_OPERATIONS_PER_STREAM = 1_000_000
# Forms (XObjects) a page may draw; a printed web page draws a few.
_MAX_FORMS_PER_PAGE = 100
_MAX_PAGE_TREE_ENTRIES = 10_000
_REASON_MAX = 80
# pypdf quotes the bytes it could not parse (b'\xa5' @22): no words for a user.
_RAW_BYTES = re.compile(r"""\bb['"]|@\d|\\x[0-9a-f]{2}""")
_AES_UNREADABLE = "an encrypted PDF (AES) that dj-tui cannot decrypt without the cryptography package"

# Weights at or above this are bold (FontWeight in a font descriptor: 400 regular, 700 bold).
_BOLD_WEIGHT = 600
_BOLD_NAMES = ("bold", "heavy", "black", "semibold", "demibold", "demi")
_FORCE_BOLD_FLAG = 1 << 18

# CJK Radicals Supplement forms and the unified ideographs they look like,
# from Unicode's EquivalentUnifiedIdeograph.txt; NFKC maps only ⺟ and ⻳ of
# this block. ⻔ (C-SIMPLIFIED GATE) and ⻆ (SIMPLIFIED HORN), which that
# file leaves out, are the characters their names say.
_RADICAL_SUPPLEMENT_EQUIVALENTS = (
    "⺀冫 ⺁厂 ⺂乛 ⺃乚 ⺄乙 ⺅亻 ⺆冂 ⺉刂 ⺊卜 ⺋㔾 ⺎兀 ⺏尣 ⺐尢 ⺒巳 ⺓幺 ⺔彑 ⺕彐 ⺖忄 ⺗㣺 ⺘扌 ⺙攵 "
    "⺛旡 ⺝月 ⺞歺 ⺟母 ⺠民 ⺡氵 ⺢氺 ⺣灬 ⺥爫 ⺦丬 ⺨犭 ⺫罒 ⺬示 ⺭礻 ⺯糹 ⺰纟 ⺱罓 ⺳㓁 ⺴㓁 ⺹耂 "
    "⺺肀 ⺼月 ⺽臼 ⺾艹 ⺿艹 ⻀艹 ⻁虎 ⻂衤 ⻃覀 ⻄西 ⻅见 ⻆角 ⻈讠 ⻉贝 ⻋车 ⻍辶 ⻏阝 ⻐钅 ⻑長 ⻒镸 "
    "⻓长 ⻔门 ⻖阝 ⻘青 ⻙韦 ⻚页 ⻛风 ⻜飞 ⻝食 ⻟飠 ⻠饣 ⻢马 ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻪黾 "
    "⻫斉 ⻬齐 ⻭歯 ⻮齿 ⻯竜 ⻰龙 ⻱龜 ⻲亀 ⻳龟"
)
# Kangxi radicals and the compatibility ideographs: NFKC gives their ideograph.
_NFKC_LOOKALIKE_BLOCKS = ((0x2F00, 0x2FD5), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
# The radicals (Supplement and Kangxi): a font draws a simplified character
# with a radical's glyph where the radical's own character is traditional.
_RADICAL_BLOCKS = ((0x2E80, 0x2EF3), (0x2F00, 0x2FD5))


def _lookalike_tables() -> tuple[dict[int, str], dict[int, str]]:
    """Look-alike code point -> ideograph, as written and for simplified text.

    A radical's character may be the traditional form (⼾ NFKC 戶) where a
    simplified font drew the simplified character (户) with its glyph: in a
    simplified document the second table gives that. A compatibility
    ideograph is a character of its own (豈) and stays what NFKC says.
    """
    table: dict[int, str] = {}
    for first, last in _NFKC_LOOKALIKE_BLOCKS:
        for code in range(first, last + 1):
            mapped = unicodedata.normalize("NFKC", chr(code))
            if len(mapped) == 1 and unicodedata.name(mapped, "").startswith("CJK UNIFIED IDEOGRAPH"):
                table[code] = mapped
    for pair in _RADICAL_SUPPLEMENT_EQUIVALENTS.split():
        table[ord(pair[0])] = pair[1]
    simplified = dict(table)
    for first, last in _RADICAL_BLOCKS:
        for code in range(first, last + 1):
            if code in table and needs_simplification(table[code]):
                simplified[code] = to_simplified(table[code])
    return table, simplified


_LOOKALIKES, _LOOKALIKES_SIMPLIFIED = _lookalike_tables()


class _WorkLimitReached(BaseException):
    """Raised from inside pypdf's extraction to stop it.

    A BaseException: pypdf catches every Exception raised while it extracts a
    form XObject, and the extraction of the page would go on.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def pdf_markdown(data: bytes, max_bytes: int) -> str:
    """The text of a PDF file as Markdown: the title as `# `, headings as `## `, one line per paragraph.

    ``IngestError`` when the file is no PDF, is damaged, encrypted, has no
    text layer (a scan), or holds more than dj-tui reads.
    """
    if not data[:_SIGNATURE_WINDOW].lstrip(b"\x00\t\n\r\f ").startswith(_PDF_SIGNATURE):
        raise IngestError("not a PDF file")
    limits = _pypdf_limits(max_bytes)
    try:
        with pypdf.apply_configuration(**limits):
            lines, title = _read_lines(data, max_bytes)
    except IngestError:
        raise
    except _WorkLimitReached as limit:
        raise IngestError(limit.reason) from None
    except DependencyError:
        # pypdf decrypts AES only with the cryptography package, when the
        # password is checked or when a stream is first read.
        raise IngestError(_AES_UNREADABLE) from None
    except LimitReachedError:
        raise IngestError("a PDF whose content expands past dj-tui's reading limits (a decompression bomb?)") from None
    except RecursionError:
        raise IngestError("a damaged PDF: its objects nest without end") from None
    except Exception as exc:  # pypdf raises anything on a malformed file: KeyError, ValueError, struct.error …
        raise IngestError(f"a damaged PDF: {_reason(exc)}") from None
    markdown = layout_markdown(lines, title)
    if not markdown:
        raise IngestError("no text layer (a scanned PDF?)")
    return markdown


def _pypdf_limits(max_bytes: int) -> dict[str, int | None]:
    stream_bytes = min(_MAX_STREAM_BYTES, max(_MIN_STREAM_BYTES, _STREAM_EXPANSION * max_bytes))
    return {
        "maximum_declared_stream_length": stream_bytes,
        "array_based_stream_maximum_output_length": stream_bytes,
        "lzw_maximum_output_length": stream_bytes,
        "run_length_maximum_output_length": stream_bytes,
        "zlib_maximum_output_length": stream_bytes,
        "brotli_maximum_output_length": stream_bytes,
        "jbig2_maximum_output_length": stream_bytes,
        "image_maximum_buffer_size": stream_bytes,
        "stream_decoding_work_maximum_length": 4 * stream_bytes,
        "stream_parsing_work_maximum_count": _MAX_OPERATIONS_PER_STREAM,
        "xform_maximum_invocations_per_extraction": _MAX_FORMS_PER_PAGE,
        "page_tree_maximum_entries": _MAX_PAGE_TREE_ENTRIES,
        "page_tree_maximum_page_entries": _MAX_PAGE_TREE_ENTRIES,
        # Images are never decoded for their text; no outside program is ever run.
        "jbig2dec_binary": None,
    }


def _read_lines(data: bytes, max_bytes: int) -> tuple[list[PdfLine], str | None]:
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        _decrypt(reader)
    page_count = len(reader.pages)
    if page_count > _MAX_PAGES:
        raise IngestError(f"a PDF of {page_count} pages, over the {_MAX_PAGES}-page limit")
    budget = _Budget(max_bytes)
    lines: list[PdfLine] = []
    for index, page in enumerate(reader.pages):
        collector = _PageCollector(index, budget)
        page.extract_text(visitor_text=collector.visit)
        lines.extend(collector.finish())
    return _unify_lookalikes(lines), _document_title(reader)


def _decrypt(reader: pypdf.PdfReader) -> None:
    """Open a PDF protected by the empty password; any other cannot be read."""
    try:
        opened = reader.decrypt("")
    except (FileNotDecryptedError, NotImplementedError):
        raise IngestError("an encrypted (password-protected) PDF") from None
    if opened == pypdf.PasswordType.NOT_DECRYPTED:
        raise IngestError("an encrypted (password-protected) PDF")


def _document_title(reader: pypdf.PdfReader) -> str | None:
    """The title in the document's information, if it has a readable one (a damaged one is none)."""
    try:
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except Exception:  # a damaged information dictionary does not stop the text being read
        return None
    if not isinstance(title, str) or not title.strip():
        return None
    return title.translate(_LOOKALIKES).strip()


def _unify_lookalikes(lines: list[PdfLine]) -> list[PdfLine]:
    as_written = "".join(line.text for line in lines).translate(_LOOKALIKES)
    table = _LOOKALIKES if needs_simplification(as_written) else _LOOKALIKES_SIMPLIFIED
    return [PdfLine(line.page, line.text.translate(table), line.x, line.y, line.size, line.bold) for line in lines]


def _reason(exc: Exception) -> str:
    """A short reason for a user: pypdf's own words when they are words, else what kind of damage."""
    message = str(exc).strip().split("\n", 1)[0].rstrip(".")
    if isinstance(exc, EmptyFileError) or message == "Stream has ended unexpectedly":
        return "the file is cut short"
    if not isinstance(exc, PyPdfError) or not message or _RAW_BYTES.search(message):
        return "unreadable objects"
    message = message[0].lower() + message[1:]
    return message if len(message) <= _REASON_MAX else message[: _REASON_MAX - 1] + "…"


class _Budget:
    """The text pieces and characters left to read in the whole file."""

    def __init__(self, max_bytes: int) -> None:
        self.pieces = _MAX_TEXT_PIECES
        # Text beyond the size limit of a text file is more than a report holds.
        self.by_size_limit = max_bytes < _MAX_TEXT_CHARACTERS
        self.characters = min(max_bytes, _MAX_TEXT_CHARACTERS)

    def spend(self, text: str) -> None:
        self.pieces -= 1
        self.characters -= len(text)
        if self.pieces < 0:
            raise _WorkLimitReached(f"a PDF with more text pieces than dj-tui reads ({_MAX_TEXT_PIECES:,})")
        if self.characters < 0:
            raise _WorkLimitReached(
                "a PDF with more text than the size limit allows (max_file_mb)"
                if self.by_size_limit
                else f"a PDF with more text than dj-tui reads ({_MAX_TEXT_CHARACTERS:,} characters)"
            )


class _PageCollector:
    """Builds one page's lines from the pieces pypdf's plain extraction hands its visitor.

    pypdf ends a line with "\\n" in a piece; a line's position is that of its
    first piece with text, its size the largest of its pieces.
    """

    def __init__(self, page: int, budget: _Budget) -> None:
        self.page = page
        self.budget = budget
        self.lines: list[PdfLine] = []
        self.text: list[str] = []
        self.position: tuple[float, float] | None = None
        self.size = 0.0
        self.bold = True
        self.bold_fonts: dict[int, bool] = {}

    def visit(self, text: str, cm: list[float], tm: list[float], font: Any, font_size: float) -> None:
        self.budget.spend(text)
        for number, part in enumerate(text.split("\n")):
            if number:
                self._end_line()
            if part:
                self._add(part, cm, tm, font, font_size)

    def finish(self) -> list[PdfLine]:
        self._end_line()
        return self.lines

    def _add(self, part: str, cm: list[float], tm: list[float], font: Any, font_size: float) -> None:
        self.text.append(part)
        if not part.strip():
            return
        # The text matrix times the current transformation matrix places the text on the page.
        a, b, c, d, e, f = (float(value) for value in tm[:6])
        ca, cb, cc, cd, ce, cf = (float(value) for value in cm[:6])
        x = e * ca + f * cc + ce
        y = e * cb + f * cd + cf
        vertical_scale = math.hypot(c * ca + d * cc, c * cb + d * cd)
        size = abs(float(font_size)) * vertical_scale
        if self.position is None and math.isfinite(x) and math.isfinite(y):
            self.position = (x, y)
        if math.isfinite(size):
            self.size = max(self.size, size)
        self.bold = self.bold and self._is_bold(font)

    def _end_line(self) -> None:
        text = "".join(self.text)
        if text.strip() and self.position is not None:
            self.lines.append(PdfLine(self.page, text, self.position[0], self.position[1], self.size, self.bold))
        self.text = []
        self.position = None
        self.size = 0.0
        self.bold = True

    def _is_bold(self, font: Any) -> bool:
        if font is None:
            return False
        known = self.bold_fonts.get(id(font))
        if known is None:
            known = self.bold_fonts[id(font)] = _font_is_bold(font)
        return known


def _font_is_bold(font: Any) -> bool:
    """Whether a font dictionary names a bold face (its name, weight or ForceBold flag)."""
    try:
        descriptor = font.get("/FontDescriptor")
        descendants = font.get("/DescendantFonts")
        if descriptor is None and descendants:
            descriptor = descendants[0].get_object().get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        name = str(font.get("/BaseFont") or descriptor.get("/FontName") or "").lower()
        weight = float(descriptor.get("/FontWeight", 0) or 0)
        flags = int(descriptor.get("/Flags", 0) or 0)
    except Exception:  # a damaged font dictionary is read as regular type
        return False
    return any(word in name for word in _BOLD_NAMES) or weight >= _BOLD_WEIGHT or bool(flags & _FORCE_BOLD_FLAG)
