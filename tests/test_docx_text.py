"""Word (.docx) files read as Markdown: body text in reading order, headings, and one line for every bad file."""

from __future__ import annotations

import io
import random
import struct
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from dj_tui.analysis.stages.clean import clean_report
from dj_tui.analysis.stages.docx_text import docx_markdown
from dj_tui.analysis.stages.ingest import IngestError
from dj_tui.analysis.stages.markdown_text import plain_lines

LIMIT = 10 * 1024 * 1024
MAIN = "word/document.xml"


def saved(document: docx.document.Document) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def lines_of(data: bytes) -> list[tuple[str, int]]:
    """(text, heading level) of each line as the cleaner reads the Markdown."""
    markdown = docx_markdown(data, LIMIT)
    return [(text, level) for _, text, level in plain_lines(markdown.split("\n"), [])]


def texts_of(data: bytes) -> list[str]:
    return [text for text, _ in lines_of(data)]


def append_xml(paragraph, xml: str) -> None:
    """Add raw WordprocessingML (runs and their containers) at the end of ``paragraph``."""
    paragraph._p.append(parse_xml(xml))


def rezipped(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """``data`` (a zip) with members replaced, or dropped where the value is None."""
    source = zipfile.ZipFile(io.BytesIO(data))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename in replace:
                if replace[member.filename] is not None:
                    target.writestr(member.filename, replace[member.filename])
            else:
                target.writestr(member, source.read(member))
        for name, content in replace.items():
            if name not in source.namelist() and content is not None:
                target.writestr(name, content)
    return stream.getvalue()


def simple_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return saved(document)


# -- reading order ----------------------------------------------------------


def test_paragraphs_and_tables_come_in_the_order_of_the_body():
    document = docx.Document()
    document.add_paragraph("开头一段。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "甲"
    table.cell(0, 1).text = "乙"
    table.cell(1, 0).text = "丙"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "嵌套一"
    inner.cell(0, 1).text = "嵌套二"
    document.add_paragraph("结尾一段。")
    assert texts_of(saved(document)) == ["开头一段。", "甲", "乙", "丙", "嵌套一", "嵌套二", "结尾一段。"]


def test_a_merged_cell_is_read_once():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "合并的表头"
    table.cell(1, 0).merge(table.cell(1, 1))
    table.cell(1, 0).text = "下一行"
    assert texts_of(saved(document)) == ["合并的表头", "下一行"]


def test_paragraphs_are_separated_by_a_blank_line_and_blank_paragraphs_vanish():
    markdown = docx_markdown(simple_docx("第一段。", "", "　　第二段。　", ""), LIMIT)
    assert markdown == "第一段。\n\n第二段。\n"


def test_a_line_break_inside_a_paragraph_is_a_line_of_its_own():
    document = docx.Document()
    paragraph = document.add_paragraph("来源：某某学院党委")
    paragraph.add_run().add_break()
    paragraph.add_run("文字：张三")
    append_xml(paragraph, f'<w:r {nsdecls("w")}><w:br w:type="page"/><w:t>审核：XXX</w:t></w:r>')
    markdown = docx_markdown(saved(document), LIMIT)
    assert markdown == "来源：某某学院党委\n文字：张三\n审核：XXX\n"
    report = clean_report(markdown, markdown=True)
    assert report.metadata.authors == ("张三",)
    assert "XXX" not in report.metadata.authors


def test_markdown_characters_in_the_text_stay_text():
    lines = lines_of(simple_docx("# 不是标题", "> 不是引用", "[链接](http://例子)", "**党建+文化**"))
    assert lines == [("# 不是标题", 0), ("> 不是引用", 0), ("[链接](http://例子)", 0), ("**党建+文化**", 0)]


def test_inserted_and_linked_text_are_read_deleted_and_hidden_text_are_not():
    document = docx.Document()
    paragraph = document.add_paragraph("保留")
    append_xml(paragraph, f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>')
    append_xml(paragraph, f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>')
    append_xml(paragraph, f"<w:r {nsdecls('w')}><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>")
    append_xml(paragraph, f'<w:r {nsdecls("w")}><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>显示</w:t></w:r>')
    append_xml(
        paragraph,
        f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>',
    )
    append_xml(
        paragraph,
        f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt>",
    )
    assert texts_of(saved(document)) == ["保留插入显示链接文字控件"]


def test_field_codes_and_note_references_bring_no_text():
    document = docx.Document()
    paragraph = document.add_paragraph("正文")
    append_xml(paragraph, f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>')
    append_xml(paragraph, f'<w:r {nsdecls("w")}><w:instrText> HYPERLINK "http://x.cn" </w:instrText></w:r>')
    append_xml(paragraph, f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>')
    append_xml(paragraph, f"<w:r {nsdecls('w')}><w:t>显示的文字</w:t></w:r>")
    append_xml(paragraph, f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>')
    append_xml(paragraph, f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>')
    assert texts_of(saved(document)) == ["正文显示的文字"]


def test_headers_footers_and_comments_are_left_out():
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "页眉文字"
    section.footer.paragraphs[0].text = "页脚 第1页"
    paragraph = document.add_paragraph("正文内容。")
    document.add_comment(paragraph.runs, text="批注内容", author="审稿人")
    assert texts_of(saved(document)) == ["正文内容。"]


def test_a_text_box_is_read_once_after_its_paragraph():
    box = "<w:txbxContent><w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent>"
    document = docx.Document()
    paragraph = document.add_paragraph("锚定段落")
    append_xml(
        paragraph,
        f"<w:r {nsdecls('w', 'wp', 'a')}"
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>",
    )
    document.add_paragraph("下一段")
    assert texts_of(saved(document)) == ["锚定段落", "文本框里的字", "下一段"]


def test_a_table_of_contents_is_left_out():
    document = docx.Document()
    document.add_paragraph("报告标题")
    document.element.body.insert(
        len(document.element.body) - 1,
        parse_xml(
            f'<w:sdt {nsdecls("w")}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
            "</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>一、概况\t3</w:t></w:r></w:p>"
            "</w:sdtContent></w:sdt>"
        ),
    )
    contents_style = document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("二、做法\t5", style=contents_style)
    document.add_paragraph("正文。")
    assert texts_of(saved(document)) == ["报告标题", "正文。"]


# -- headings ---------------------------------------------------------------


def test_the_title_style_makes_the_title_and_headings_are_level_two():
    document = docx.Document()
    document.add_paragraph("导语在标题之前", style="Heading 1")
    document.add_paragraph("某县党建工作综述", style="Title")
    document.add_paragraph("正文。")
    document.add_paragraph("一、强化组织", style="Heading 1")
    assert lines_of(saved(document)) == [
        ("导语在标题之前", 2),
        ("某县党建工作综述", 1),
        ("正文。", 0),
        ("一、强化组织", 2),
    ]


def test_without_a_title_style_the_first_heading_is_the_title():
    document = docx.Document()
    document.add_paragraph("发布时间：2025-03-01")
    document.add_paragraph("党旗在基层一线高高飘扬", style="Heading 1")
    document.add_paragraph("正文。")
    document.add_paragraph("强化组织", style="Heading 2")
    data = saved(document)
    assert lines_of(data) == [
        ("发布时间：2025-03-01", 0),
        ("党旗在基层一线高高飘扬", 1),
        ("正文。", 0),
        ("强化组织", 2),
    ]
    report = clean_report(docx_markdown(data, LIMIT), markdown=True)
    assert (report.metadata.title, report.metadata.date) == ("党旗在基层一线高高飘扬", "2025-03-01")


@pytest.mark.parametrize(
    "first",
    [
        pytest.param(["某县党建工作综述", "全县上下凝心聚力，推动基层党建提质增效。"], id="prose-before-heading"),
        pytest.param([], id="numbered-heading"),
    ],
)
def test_a_section_heading_is_never_the_title(first):
    document = docx.Document()
    for text in first:
        document.add_paragraph(text)
    document.add_paragraph("一、强化政治引领", style="Heading 1")
    document.add_paragraph("内容。")
    assert [level for _, level in lines_of(saved(document))] == [0] * len(first) + [2, 0]


def test_chinese_style_names_outline_levels_and_base_styles_make_headings():
    document = docx.Document()
    chinese_title = document.styles.add_style("标题", WD_STYLE_TYPE.PARAGRAPH)
    chinese_heading = document.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    custom = document.styles.add_style("我的小标题", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 2"]
    document.add_paragraph("全市党建工作综述", style=chinese_title)
    document.add_paragraph("正文。")
    document.add_paragraph("中文一级标题", style=chinese_heading)
    document.add_paragraph("自定义样式标题", style=custom)
    outlined = document.add_paragraph("大纲级别标题")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
    body_level = document.add_paragraph("大纲级别为正文", style="Heading 1")
    body_level._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="9"/>'))
    assert lines_of(saved(document)) == [
        ("全市党建工作综述", 1),
        ("正文。", 0),
        ("中文一级标题", 2),
        ("自定义样式标题", 2),
        ("大纲级别标题", 2),
        ("大纲级别为正文", 0),
    ]


def test_a_heading_broken_over_lines_is_one_heading():
    document = docx.Document()
    title = document.add_paragraph("关于2025年度基层党建", style="Title")
    title.add_run().add_break()
    title.add_run("工作情况的综述")
    document.add_paragraph("正文。")
    assert lines_of(saved(document))[0] == ("关于2025年度基层党建工作情况的综述", 1)


def test_a_base_style_cycle_ends():
    document = docx.Document()
    first = document.styles.add_style("甲样式", WD_STYLE_TYPE.PARAGRAPH)
    second = document.styles.add_style("乙样式", WD_STYLE_TYPE.PARAGRAPH)
    second.base_style = first
    first.base_style = second
    document.add_paragraph("循环样式的段落。", style=first)
    assert lines_of(saved(document)) == [("循环样式的段落。", 0)]


def test_without_heading_styles_the_cleaner_finds_title_subtitle_and_metadata():
    data = simple_docx(
        "探寻红色足迹，赓续精神血脉",
        "——某学院党支部主题党日活动圆满完成",
        "",
        "11月28日下午，某学院党支部赴省博物馆开展主题党日活动。",
        "来源：XXX",
        "文字：李四",
        "审核：XXX",
    )
    report = clean_report(docx_markdown(data, LIMIT), markdown=True)
    assert report.metadata.title == "探寻红色足迹，赓续精神血脉"
    assert report.metadata.subtitle == "某学院党支部主题党日活动圆满完成"
    assert report.metadata.authors == ("李四",)
    assert [sentence.text for sentence in report.sentences] == [
        "11月28日下午，某学院党支部赴省博物馆开展主题党日活动。"
    ]


# -- bad files --------------------------------------------------------------


def ole_file(stream_name: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + stream_name.encode("utf-16-le") + b"\0" * 64


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xe5\x85\x9a\xe5\xbb\xba", "not a Word .docx file (not a zip archive)"),
        (b"", "not a Word .docx file (not a zip archive)"),
        (ole_file("WordDocument"), "a Word 97–2003 .doc file; save it as .docx"),
        (
            ole_file("EncryptedPackage"),
            "an encrypted (password-protected) Word file; save a copy without the password",
        ),
        (ole_file("Workbook"), "an old Office (97–2003) file, not a Word .docx file"),
    ],
)
def test_a_file_that_is_no_docx_gets_one_line(data, reason):
    with pytest.raises(IngestError) as error:
        docx_markdown(data, LIMIT)
    assert str(error.value) == reason


def test_a_zip_without_the_main_document_is_no_docx():
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(IngestError, match=r"^not a Word \.docx file \(no word/document\.xml in the zip archive\)$"):
        docx_markdown(stream.getvalue(), LIMIT)


def test_a_zip_without_content_types_is_no_docx():
    data = rezipped(simple_docx("正文。"), {"[Content_Types].xml": None})
    with pytest.raises(
        IngestError, match=r"^not a Word \.docx file \(the zip archive has no \[Content_Types\]\.xml\)$"
    ):
        docx_markdown(data, LIMIT)


@pytest.mark.parametrize(
    ("part", "content"),
    [
        (MAIN, b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body><w:p>"),
        ("word/styles.xml", b"<<not xml"),
    ],
)
def test_damaged_xml_is_a_damaged_file(part, content):
    with pytest.raises(IngestError, match=r"^damaged Word file \(its XML is not well-formed\)$"):
        docx_markdown(rezipped(simple_docx("正文。"), {part: content}), LIMIT)


def test_a_truncated_zip_is_a_damaged_file():
    data = simple_docx("正文。")
    with pytest.raises(IngestError, match=r"^damaged Word file \(its zip archive is truncated or corrupt\)$"):
        docx_markdown(data[: len(data) // 2], LIMIT)


def test_a_corrupt_member_is_a_damaged_file():
    data = bytearray(simple_docx("正文。" * 50))
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(MAIN)
    name_length, extra_length = struct.unpack("<HH", data[member.header_offset + 26 : member.header_offset + 30])
    start = member.header_offset + 30 + name_length + extra_length
    data[start + member.compress_size // 2] ^= 0xFF
    with pytest.raises(IngestError, match=r"^damaged Word file \("):
        docx_markdown(bytes(data), LIMIT)


def test_an_encrypted_zip_is_refused():
    data = bytearray(simple_docx("正文。"))
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:
        data[start + 8] |= 0x1  # the central directory's "encrypted" flag
        start += 4
    with pytest.raises(IngestError, match=r"^not a Word \.docx file \(its zip archive is password-protected\)$"):
        docx_markdown(bytes(data), LIMIT)


def test_a_document_without_text_is_refused():
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("　　")
    document.add_table(rows=1, cols=1)
    with pytest.raises(IngestError, match=r"^no text in the document$"):
        docx_markdown(saved(document), LIMIT)


def test_a_document_without_a_body_has_no_text():
    empty = b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'/>"
    with pytest.raises(IngestError, match=r"^no text in the document$"):
        docx_markdown(rezipped(simple_docx("正文。"), {MAIN: empty}), LIMIT)


def forbid_python_docx(monkeypatch) -> None:
    """A bomb is refused from the central directory: python-docx never opens the file."""

    def refuse(*_):
        raise AssertionError("python-docx opened a zip bomb")

    monkeypatch.setattr(docx, "Document", refuse)


@pytest.mark.parametrize(
    ("member", "size", "max_bytes", "reason"),
    [
        # Deflated zeros: about 1000 to 1.
        ("word/media/image1.png", 9 * 1024 * 1024, LIMIT, r"would unpack to \d+ times its packed size"),
        (
            "word/media/image1.png",
            3 * 1024 * 1024,
            100 * 1024,
            r"it would unpack to \d+ MB, more than the 2 MB allowed \(20 times",
        ),
        ("word/document.xml", 3 * 1024 * 1024, 100 * 1024, r"its XML would unpack to \d+ MB, more than the 2 MB"),
    ],
)
def test_a_zip_bomb_is_refused_before_anything_is_unpacked(monkeypatch, member, size, max_bytes, reason):
    data = rezipped(simple_docx("正文。"), {member: b"\0" * size})
    forbid_python_docx(monkeypatch)
    with pytest.raises(IngestError, match=r"^refused: .*" + reason):
        docx_markdown(data, max_bytes)


def test_the_xml_has_a_ceiling_whatever_the_size_limit(monkeypatch):
    # 65 MB of XML declared in a few kilobytes: allowed by 20 times a 1 GB
    # limit, refused by the ceiling on what is parsed.
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MAIN, "")
        for number in range(9):
            info = zipfile.ZipInfo(f"word/part{number}.xml")
            archive.writestr(info, b"<a/>" * (2 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    forbid_python_docx(monkeypatch)
    with pytest.raises(IngestError, match=r"^refused: its XML would unpack to 72 MB, more than the 64 MB allowed$"):
        docx_markdown(stream.getvalue(), 1024 * 1024 * 1024)


def test_deeply_nested_tables_cost_no_recursion():
    cell = "<w:p><w:r><w:t>最里层</w:t></w:r></w:p>"
    for _ in range(80):
        cell = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl><w:p/>"
    document = docx.Document()
    document.add_paragraph("开头")
    document.element.body.insert(1, parse_xml(f"<w:tbl {nsdecls('w')}><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>"))
    try:
        assert texts_of(saved(document)) == ["开头", "最里层"]
    except IngestError as error:  # the XML parser's own depth limit may refuse it first
        assert str(error).startswith("damaged Word file")


def test_any_damage_gives_an_ingest_error_or_text():
    document = docx.Document()
    document.add_paragraph("标题", style="Title")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "甲"
    document.add_paragraph("正文。" * 20)
    data = saved(document)
    rng = random.Random(20250301)
    for _ in range(300):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            assert isinstance(docx_markdown(bytes(damaged), LIMIT), str)
        except IngestError as error:
            assert "\n" not in str(error)
    main = zipfile.ZipFile(io.BytesIO(data)).read(MAIN)
    for _ in range(100):
        cut = rng.randrange(len(main))
        mangled = main[:cut] + bytes([rng.randrange(256)]) + main[cut + 1 :]
        try:
            docx_markdown(rezipped(data, {MAIN: mangled}), LIMIT)
        except IngestError as error:
            assert "\n" not in str(error)


def test_qualified_names_match_the_namespace_the_reader_uses():
    # The reader names WordprocessingML elements itself; python-docx must agree.
    assert qn("w:p") == "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"


def test_the_main_document_is_found_by_the_package_relationships():
    data = simple_docx("正文。")
    source = zipfile.ZipFile(io.BytesIO(data))
    renamed = {
        MAIN: None,
        "word/document2.xml": source.read(MAIN),
        "_rels/.rels": source.read("_rels/.rels").replace(b"word/document.xml", b"word/document2.xml"),
        "word/_rels/document2.xml.rels": source.read("word/_rels/document.xml.rels"),
        "word/_rels/document.xml.rels": None,
        "[Content_Types].xml": source.read("[Content_Types].xml").replace(
            b"/word/document.xml", b"/word/document2.xml"
        ),
    }
    assert docx_markdown(rezipped(data, renamed), LIMIT) == "正文。\n"
