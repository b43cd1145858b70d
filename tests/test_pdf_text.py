"""Reading PDF reports: text layer to Markdown, furniture, look-alike characters, every bad file.

The PDFs are written here by hand: a Type0 font with Identity-H encoding
whose character codes are the Unicode code points, a ToUnicode CMap that
says so, and no embedded glyphs (text extraction needs none).
"""

from __future__ import annotations

import io
import random
import time
import zlib
from dataclasses import dataclass

import pypdf
import pytest

from dj_tui.analysis.stages import pdf_text
from dj_tui.analysis.stages.clean import clean_report
from dj_tui.analysis.stages.ingest import IngestError
from dj_tui.analysis.stages.markdown_text import markdown_heading, plain_lines
from dj_tui.analysis.stages.pdf_layout import PdfLine, layout_markdown
from dj_tui.analysis.stages.pdf_text import pdf_markdown

MB = 1024 * 1024
LIMIT = 10 * MB
PAGE_HEIGHT = 842
LEFT = 50
BODY = 10.0
PITCH = 15.0
# Characters of body text on a full line.
LINE_CHARS = 40


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    size: float
    text: str
    bold: bool = False


def build_pdf(
    pages: list[list[Text]],
    *,
    title: str | None = None,
    content_filter: bytes | None = None,
    raw_contents: list[bytes] | None = None,
) -> bytes:
    """A PDF drawing ``pages``; ``raw_contents`` replaces each page's content stream."""
    codes = sorted({ord(char) for page in pages for item in page for char in item.text} | {0x20})
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)

    catalog = add(b"")  # filled in once the pages are numbered
    pages_id = add(b"")
    fonts = {}
    for name, bold in ((b"TestSong", False), (b"TestSong-Bold", True)):
        descriptor = add(
            b"<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 "
            b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontWeight %d >>" % (name, 700 if bold else 400)
        )
        cid_font = add(
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) "
            b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 >>" % (name, descriptor)
        )
        to_unicode = add(stream(_to_unicode_cmap(codes)))
        fonts[bold] = add(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H "
            b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (name, cid_font, to_unicode)
        )
    page_ids = []
    for number, page in enumerate(pages):
        if raw_contents is not None:
            content = raw_contents[number]
        else:
            content = b"\n".join(
                b"BT /F%d %g Tf 1 0 0 1 %g %g Tm <%s> Tj ET"
                % (2 if item.bold else 1, item.size, item.x, item.y, item.text.encode("utf-16-be").hex().encode())
                for item in page
            )
        if content_filter == b"/FlateDecode":
            contents = add(stream(zlib.compress(content), b"/Filter /FlateDecode "))
        else:
            contents = add(stream(content))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                % (pages_id, PAGE_HEIGHT, contents, fonts[False], fonts[True])
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    kids = b" ".join(b"%d 0 R" % page for page in page_ids)
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    info = add(b"<< /Title <feff%s> >>" % title.encode("utf-16-be").hex().encode()) if title else None
    return _serialise(objects, catalog, info)


def _to_unicode_cmap(codes: list[int]) -> bytes:
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CMapName /Test-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(codes), 100):
        chunk = codes[start : start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        lines.extend(b"<%04X> <%04X>" % (code, code) for code in chunk)
        lines.append(b"endbfchar")
    lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return b"\n".join(lines)


def _serialise(objects: list[bytes], catalog: int, info: int | None) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"/Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info:
        trailer += b" /Info %d 0 R" % info
    out.write(b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref))
    return out.getvalue()


def paragraph_lines(text: str, top: float, *, indent: float = 0.0, chars: int = LINE_CHARS) -> list[Text]:
    """``text`` wrapped at ``chars`` characters a line, from baseline ``top`` down."""
    pieces = [text[start : start + chars] for start in range(0, len(text), chars)]
    return [
        Text(LEFT + (indent if number == 0 else 0), top - number * PITCH, BODY, piece)
        for number, piece in enumerate(pieces)
    ]


def page_of(paragraphs: list[str], top: float = 760, gap: float = 8) -> list[Text]:
    """Paragraphs set one below the other, a gap wider than the pitch between them."""
    lines: list[Text] = []
    for paragraph in paragraphs:
        lines += paragraph_lines(paragraph, top)
        top = lines[-1].y - PITCH - gap
    return lines


FIRST = "今年以来，某县坚持大抓基层的鲜明导向，把党建引领贯穿基层治理全过程，推动组织优势转化为治理效能，全县建成党群服务中心三百余个，覆盖率达到百分之百。"
SECOND = "全县共培育“头雁”书记一千二百名，带动村集体经济收入平均增长百分之十五。基层党组织的政治功能和组织功能不断增强，群众满意度持续提升。"


# -- paragraphs, headings and title ------------------------------------------------


def test_lines_broken_by_the_layout_are_joined_into_paragraphs():
    out = pdf_markdown(build_pdf([page_of([FIRST, SECOND])]), LIMIT)
    assert out == f"{FIRST}\n\n{SECOND}"


def test_latin_words_keep_a_space_across_a_line_break():
    # A full line: 20 Chinese characters and 40 Latin ones, each half as wide.
    first = "本次活动邀请了来自各地的代表参加，主题为 Building strong and resilient grassroots"
    lines = [Text(LEFT, 760, BODY, first), Text(LEFT, 760 - PITCH, BODY, "communities 并开展交流。")]
    out = pdf_markdown(build_pdf([lines + paragraph_lines(FIRST, 600)]), LIMIT)
    assert "resilient grassroots communities 并开展交流。" in out


def test_title_in_larger_type_is_the_first_heading_and_a_wrapped_title_is_one_line():
    title = "坚持党建引领 推动基层治理提质增效——某县以“三航行动”激活乡村振兴新动能"
    lines = [Text(LEFT, 780, 18, title[:24]), Text(LEFT, 756, 18, title[24:])]
    lines += page_of(["发布时间：2025-07-01 来源：某县融媒体中心", FIRST], top=720)
    out = pdf_markdown(build_pdf([lines]), LIMIT)
    assert out.splitlines()[0] == f"# {title}"
    cleaned = clean_report(out, markdown=True)
    assert cleaned.metadata.title == "坚持党建引领 推动基层治理提质增效"
    assert cleaned.metadata.subtitle == "某县以“三航行动”激活乡村振兴新动能"
    assert cleaned.metadata.date == "2025-07-01"
    assert cleaned.sentences[0].text.startswith("今年以来")


def test_a_web_pages_title_loses_the_sites_name_when_it_is_the_documents_title():
    heading = "某县持续开展博物馆里过“七一”活动_某某网"
    lines = [Text(LEFT, 780, 16, heading), *page_of([FIRST], top=740)]
    assert pdf_markdown(build_pdf([lines], title=heading), LIMIT).startswith("# 某县持续开展博物馆里过“七一”活动\n")
    # Without the document's title to say it is a <title>, the heading is kept whole.
    assert pdf_markdown(build_pdf([lines]), LIMIT).startswith(markdown_heading(heading, 1) + "\n")


def test_section_headings_in_larger_or_bold_type_are_level_two():
    lines = [Text(LEFT, 780, 18, "某县党建工作综述")]
    lines += page_of([FIRST], top=740)
    lines.append(Text(LEFT, lines[-1].y - 30, 12, "一、强化政治引领"))
    lines += page_of([SECOND], top=lines[-1].y - 25)
    lines.append(Text(LEFT, lines[-1].y - 30, BODY, "二、夯实基层基础", bold=True))
    lines += page_of([FIRST], top=lines[-1].y - 25)
    out = pdf_markdown(build_pdf([lines]), LIMIT).split("\n\n")
    assert out[0] == "# 某县党建工作综述"
    assert out[2] == "## 一、强化政治引领"
    assert out[4] == "## 二、夯实基层基础"


def test_same_type_throughout_gives_no_heading_and_the_cleaner_judges_the_shape():
    out = pdf_markdown(build_pdf([page_of(["某县党建工作综述", FIRST])]), LIMIT)
    assert not out.startswith("#")
    assert clean_report(out, markdown=True).metadata.title == "某县党建工作综述"


def test_first_line_indents_separate_paragraphs_set_without_gaps():
    lines = paragraph_lines(FIRST, 760, indent=2 * BODY)
    lines += paragraph_lines(SECOND, lines[-1].y - PITCH, indent=2 * BODY)
    # The last line of the first paragraph happens to be full: only the indent tells.
    assert pdf_markdown(build_pdf([lines]), LIMIT) == f"{FIRST}\n\n{SECOND}"


def test_a_paragraph_runs_on_across_a_page_break_unless_a_sentence_ended():
    # FIRST fills its first line (40 characters) without ending a sentence there.
    pages = [[Text(LEFT, 60, BODY, FIRST[:LINE_CHARS])], paragraph_lines(FIRST[LINE_CHARS:], 780)]
    pages[0] = page_of([SECOND], top=150) + pages[0]
    assert pdf_markdown(build_pdf(pages), LIMIT) == f"{SECOND}\n\n{FIRST}"
    ended = FIRST[: LINE_CHARS - 1] + "。"
    pages = [page_of([SECOND], top=150) + [Text(LEFT, 60, BODY, ended)], paragraph_lines(FIRST, 780)]
    assert pdf_markdown(build_pdf(pages), LIMIT) == f"{SECOND}\n\n{ended}\n\n{FIRST}"


def test_short_lines_such_as_credits_stay_separate_paragraphs():
    lines = page_of([FIRST], top=760)
    y = lines[-1].y - PITCH - 8
    for credit in ("撰稿：张三", "编辑：李四", "审核：王五"):
        lines.append(Text(LEFT, y, BODY, credit))
        y -= PITCH
    out = pdf_markdown(build_pdf([lines]), LIMIT)
    assert out.split("\n\n")[1:] == ["撰稿：张三", "编辑：李四", "审核：王五"]


def test_text_that_reads_as_markdown_is_escaped_and_reads_back_verbatim():
    literal = "# 1. 不是标题 [链接](http://x) *强调* <b>"
    out = pdf_markdown(build_pdf([page_of([FIRST, literal])]), LIMIT)
    assert [text for _, text, _ in plain_lines(out.split("\n"), [])] == [FIRST, literal]


# -- look-alike characters ----------------------------------------------------------


def test_kangxi_and_supplement_radicals_become_the_ordinary_characters():
    out = pdf_markdown(build_pdf([page_of(["⾏⽂⼲⿊⻰江⼈⺠⻔⼾网站。" + FIRST])]), LIMIT)
    assert out.startswith("行文干黑龙江人民门户网站。")


def test_a_radical_stays_traditional_in_traditional_text():
    traditional = "黨建引領基層治理，全縣建成黨群服務中心，⼾籍人口與服務覆蓋率穩步提升，群眾滿意度持續提高。"
    out = pdf_markdown(build_pdf([page_of([traditional])]), LIMIT)
    assert "戶籍人口" in out


def test_compatibility_ideographs_become_unified_ideographs():
    out = pdf_markdown(build_pdf([page_of(["\uf900\uf9d0" + FIRST])]), LIMIT)
    assert out.startswith("豈類")


# -- furniture -----------------------------------------------------------------------


def test_running_headers_footers_and_page_numbers_are_dropped():
    pages = []
    for number, paragraph in enumerate([FIRST, SECOND, FIRST], start=1):
        lines = [Text(LEFT, 810, 8, "中共某县委组织部工作简报")]
        lines += page_of([paragraph], top=760)
        footer = ("第 1 页 共 3 页", f"- {number} -", f"{number}/3")[number - 1]
        lines.append(Text(280, 30, 8, footer))
        pages.append(lines)
    out = pdf_markdown(build_pdf(pages), LIMIT)
    assert out == f"{FIRST}\n\n{SECOND}\n\n{FIRST}"


def test_a_browsers_print_header_and_footer_are_dropped():
    title = "某县党建工作综述_某某网"
    pages = []
    for number in (1, 2):
        lines = [Text(20, 825, 7, f"2025/12/31 19:58 {title}")]
        lines += page_of([FIRST if number == 1 else SECOND], top=760)
        lines.append(Text(20, 15, 7, f"https://www.example.gov.cn/news/2025/0701/t1.shtml {number}/2"))
        pages.append(lines)
    out = pdf_markdown(build_pdf(pages, title=title), LIMIT)
    assert out == f"{FIRST}\n\n{SECOND}"


def test_a_one_page_print_drops_its_stamp_and_small_title_but_not_the_heading():
    title = "某县党建工作综述"
    lines = [Text(20, 825, 7, "2025/12/31 19:58"), Text(260, 825, 7, title)]
    lines += [Text(LEFT, 780, 16, title), *page_of([FIRST], top=740)]
    out = pdf_markdown(build_pdf([lines], title=title), LIMIT)
    assert out == f"# {title}\n\n{FIRST}"


def test_a_reports_own_date_line_under_its_headline_stays():
    lines = [Text(LEFT, 800, 18, "某县党建工作综述"), Text(LEFT, 770, BODY, "2025-07-01 10:30")]
    lines += page_of([FIRST], top=730)
    cleaned = clean_report(pdf_markdown(build_pdf([lines]), LIMIT), markdown=True)
    assert cleaned.metadata.date == "2025-07-01"


def test_larger_type_below_the_body_text_is_no_title():
    lines = page_of([FIRST])
    lines.append(Text(LEFT, lines[-1].y - 40, 16, "“把支部建在产业链上”"))
    lines += page_of([SECOND], top=lines[-1].y - 40)
    out = pdf_markdown(build_pdf([lines]), LIMIT)
    assert not out.startswith("# ") and "\n## “把支部建在产业链上”\n" in out


def test_rules_and_address_lines_carry_no_text():
    lines = page_of(["=" * 30, FIRST, "https://www.example.org/a/b.html", SECOND])
    assert pdf_markdown(build_pdf([lines]), LIMIT) == f"{FIRST}\n\n{SECOND}"


def test_a_lone_number_inside_the_text_is_not_a_page_number():
    lines = page_of([FIRST, "2025", "年新建的项目全部完工。", SECOND])
    assert "\n\n2025\n\n" in pdf_markdown(build_pdf([lines]), LIMIT)


def test_a_repeated_paragraph_is_not_a_running_header():
    pages = [page_of([FIRST, SECOND]), page_of([FIRST, SECOND])]
    assert pdf_markdown(build_pdf(pages), LIMIT) == "\n\n".join([FIRST, SECOND] * 2)


def test_layout_of_no_lines_is_empty():
    assert layout_markdown([PdfLine(0, "  ", LEFT, 700, BODY, False)], None) == ""


# -- bad files --------------------------------------------------------------------------


def test_not_a_pdf():
    with pytest.raises(IngestError, match="^not a PDF file$"):
        pdf_markdown(b"PK\x03\x04 not a pdf", LIMIT)
    with pytest.raises(IngestError, match="^not a PDF file$"):
        pdf_markdown("党建工作综述".encode(), LIMIT)


def test_a_scan_without_a_text_layer():
    drawing = b"q 0.5 g 50 50 400 600 re f Q"
    with pytest.raises(IngestError, match=r"^no text layer \(a scanned PDF\?\)$"):
        pdf_markdown(build_pdf([[]], raw_contents=[drawing]), LIMIT)
    # Page numbers alone are no text either.
    with pytest.raises(IngestError, match="no text layer"):
        pdf_markdown(build_pdf([[Text(280, 30, 8, "1")], [Text(280, 30, 8, "2")]]), LIMIT)


def _encrypted(user_password: str, owner_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(build_pdf([page_of([FIRST])]))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_password_protected_pdf():
    with pytest.raises(IngestError, match=r"^an encrypted \(password-protected\) PDF$"):
        pdf_markdown(_encrypted("secret", "owner"), LIMIT)


def test_a_pdf_encrypted_with_the_empty_password_is_read():
    assert pdf_markdown(_encrypted("", "owner"), LIMIT) == FIRST


def test_aes_without_the_cryptography_package_says_so(monkeypatch):
    def needs_cryptography(self, password):
        raise pypdf.errors.DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", needs_cryptography)
    with pytest.raises(IngestError, match=r"^an encrypted PDF \(AES\) that dj-tui cannot decrypt"):
        pdf_markdown(_encrypted("", "owner"), LIMIT)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n",
        b"%PDF-1.7\n" + bytes(range(256)) * 20,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    ],
    ids=["header-only", "garbage", "missing-pages", "pages-is-the-catalog"],
)
def test_a_damaged_pdf(data):
    with pytest.raises(IngestError, match=r"^(a damaged PDF: .+|no text layer \(a scanned PDF\?\))$"):
        pdf_markdown(data, LIMIT)


def test_a_truncated_pdf_is_damaged_or_read_as_far_as_it_goes():
    data = build_pdf([page_of([FIRST]), page_of([SECOND])])
    for cut in range(16, len(data), 97):
        try:
            pdf_markdown(data[:cut], LIMIT)
        except IngestError:
            pass


def test_random_damage_gives_text_or_an_ingest_error_and_nothing_on_stderr(capfd):
    data = build_pdf([page_of([FIRST, SECOND]), page_of([SECOND])], content_filter=b"/FlateDecode", title="某县")
    rng = random.Random(20250701)
    start = time.monotonic()
    for _ in range(150):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(16, len(damaged))] = rng.randrange(256)
        try:
            assert isinstance(pdf_markdown(bytes(damaged), LIMIT), str)
        except IngestError as error:
            assert "\n" not in str(error)
    assert time.monotonic() - start < 60
    assert capfd.readouterr().err == ""


def test_a_cross_reference_that_points_to_itself_does_not_hang():
    data = build_pdf([page_of([FIRST])])
    xref = data.rindex(b"startxref")
    offset = int(data[xref:].split()[1])
    looped = data[:xref].replace(b"trailer\n<< ", b"trailer\n<< /Prev %d " % offset) + data[xref:]
    start = time.monotonic()
    try:
        pdf_markdown(looped, LIMIT)
    except IngestError:
        pass
    assert time.monotonic() - start < 10


def test_a_page_tree_that_contains_itself_is_damaged():
    data = build_pdf([page_of([FIRST])])
    looped = data.replace(b"/Kids [", b"/Kids [2 0 R ", 1)
    try:
        pdf_markdown(looped, LIMIT)
    except IngestError as error:
        assert str(error).startswith(("a damaged PDF", "a PDF whose content expands"))


# -- bounds ----------------------------------------------------------------------------


def test_a_decompression_bomb_is_refused_without_inflating_it():
    bomb = zlib.compress(b"0" * (40 * MB), 9)
    data = build_pdf([[]], raw_contents=[b""]).replace(
        b"<< /Length 0 >>\nstream\n\nendstream",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(bomb), bomb),
    )
    with pytest.raises(IngestError, match="(reading limits|damaged)"):
        pdf_markdown(data, 1 * MB)


def test_text_beyond_the_size_limit_is_refused():
    with pytest.raises(IngestError, match=r"more text than the size limit allows \(max_file_mb\)"):
        pdf_markdown(build_pdf([page_of([FIRST, SECOND])]), 60)


def test_too_many_pages_are_refused(monkeypatch):
    monkeypatch.setattr(pdf_text, "_MAX_PAGES", 3)
    with pytest.raises(IngestError, match="^a PDF of 4 pages, over the 3-page limit$"):
        pdf_markdown(build_pdf([page_of([FIRST])] * 4), LIMIT)


def test_too_many_text_pieces_are_refused(monkeypatch):
    monkeypatch.setattr(pdf_text, "_MAX_TEXT_PIECES", 5)
    with pytest.raises(IngestError, match="more text pieces than dj-tui reads"):
        pdf_markdown(build_pdf([page_of([FIRST, SECOND])]), LIMIT)


def test_text_beyond_what_dj_tui_reads_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_text, "_MAX_TEXT_CHARACTERS", 60)
    with pytest.raises(IngestError, match=r"^a PDF with more text than dj-tui reads \(60 characters\)$"):
        pdf_markdown(build_pdf([page_of([FIRST, SECOND])]), LIMIT)
