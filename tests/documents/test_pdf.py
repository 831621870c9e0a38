"""The shared PDF layer: an embedded CJK font that really draws, headers repeating,
a table of contents, page numbers."""

from __future__ import annotations

import datetime as dt
import subprocess
from io import BytesIO

from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from meet.documents import pdf


def _pixels(data: bytes, tmp_path, page: int = 1) -> Image.Image:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", str(page), "-l", str(page),
                    "-singlefile", str(path), str(tmp_path / "page")], check=True)
    return Image.open(tmp_path / "page.png").convert("L")


def _dark(img: Image.Image, box=None) -> int:
    region = img.crop(box) if box else img
    return sum(region.histogram()[:128])


def _text_pdf(text: str) -> bytes:
    out = BytesIO()
    c = Canvas(out, initialFontName=pdf.font_name())
    c.setFont(pdf.font_name(), 36)
    c.drawString(72, 700, text)
    c.save()
    return out.getvalue()


def test_font_is_an_embedded_truetype_cjk_font():
    choice = pdf.choose_font()
    assert choice.embedded, "install fonts-wqy-microhei (see meet/documents/pdf.py)"
    assert choice.path.endswith((".ttc", ".ttf"))
    assert pdf.choose_font() == choice  # registered once


def test_chinese_text_is_drawn_not_blank(tmp_path):
    with_text = _pixels(_text_pdf("顺昌县第四届职工运动会"), tmp_path)
    blank = _pixels(_text_pdf(""), tmp_path)
    band = (60, 842 - 740, 560, 842 - 680)  # where the line is drawn (72 dpi, y from top)
    assert _dark(blank, band) == 0
    assert _dark(with_text, band) > 1500  # eleven 36-point characters, solid strokes


def test_pdffonts_lists_the_font_as_embedded(tmp_path):
    path = tmp_path / "f.pdf"
    path.write_bytes(_text_pdf("检录处"))
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    cjk = [r for r in rows if "TrueType" in r]
    assert cjk and all(r[-5] == "yes" for r in cjk), out  # the "emb" column
    assert not [r for r in rows if r[0] == "Helvetica"], "no unused, unembedded base font"


def test_document_has_contents_repeated_headers_and_page_numbers(tmp_path):
    st = pdf.styles()
    rows = [(str(i), f"运动员{i}", "城关镇工会联合会") for i in range(1, 121)]
    story = [
        pdf.Heading("第一章 竞赛日程"),
        pdf.data_table(["序号", "姓名", "代表队"], rows, widths=[40, 120, 200]),
        pdf.Heading("第二章 分组", level=0),
        pdf.block(pdf.Heading("男子100米 第1组", level=1),
                  pdf.Paragraph("道次 1 李明", st["body"])),
    ]
    data = pdf.render(story, title="秩序册", header="顺昌县第四届职工运动会", toc=True)
    path = tmp_path / "book.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [p.replace(" ", "") for p in text.split("\f")[:-1]]
    assert len(pages) >= 3
    total = len(pages)
    assert f"第1页/共{total}页" in pages[0]
    assert f"第{total}页/共{total}页" in pages[-1]
    table_pages = [p for p in pages if "运动员" in p]
    assert len(table_pages) >= 2
    assert all("代表队" in p for p in table_pages)  # the header row repeats
    contents = pages[0]
    assert "第一章竞赛日程" in contents and "男子100米第1组" in contents
    assert all("顺昌县第四届职工运动会" in p for p in pages)


def test_block_never_splits(tmp_path):
    st = pdf.styles()
    filler = [pdf.Paragraph(f"第{i}行", st["body"]) for i in range(46)]
    lines = [pdf.Paragraph(f"道次 {i}", st["body"]) for i in range(1, 9)]
    data = pdf.render([*filler, pdf.block("女子100米 第2组", *lines)], title="分组")
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [p.replace(" ", "") for p in text.split("\f")]
    holder = [p for p in pages if "女子100米第2组" in p]
    assert len(holder) == 1 and "道次8" in holder[0] and "道次1" in holder[0]
    assert "第45行" in pages[0] and "女子100米第2组" not in pages[0]


def test_an_event_heading_never_ends_a_page_alone(tmp_path):
    """The order book left "女子中年组100米" at the foot of a page, its heats overleaf."""
    st = pdf.styles()
    lines = [pdf.Paragraph(f"道次 {i}", st["body"]) for i in range(1, 9)]
    for rows in range(40, 50):  # wherever the page ends, the heading goes with its heat
        filler = [pdf.Paragraph(f"第{i}行", st["body"]) for i in range(rows)]
        data = pdf.render([*filler, pdf.block("预赛 第1组", *lines, lead=[
            pdf.Heading("女子中年组100米", 0)]), pdf.Heading("各代表队人数", 0),
            pdf.data_table(["代表队", "人数"], [["城关镇", "12"]] * 3)], title="分组")
        path = tmp_path / "h.pdf"
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = [p.replace(" ", "") for p in text.split("\f")]
        holder = [p for p in pages if "女子中年组100米" in p]
        assert len(holder) == 1 and "预赛第1组" in holder[0], rows
        holder = [p for p in pages if "各代表队人数" in p]  # a heading before a table
        assert len(holder) == 1 and "城关镇" in holder[0], rows


def test_date_range_and_page_label():
    assert pdf.date_range(dt.date(2027, 5, 1), dt.date(2027, 5, 3)) == "2027年5月1日—3日"
    assert pdf.date_range(dt.date(2027, 4, 30), dt.date(2027, 5, 2)) == "2027年4月30日—5月2日"
    assert pdf.date_range(dt.date(2027, 5, 1), dt.date(2027, 5, 1)) == "2027年5月1日"
    assert pdf.date_range(dt.date(2027, 12, 31), dt.date(2028, 1, 1)) == \
        "2027年12月31日—2028年1月1日"
    assert pdf.page_label(2, 9) == "第 2 页 / 共 9 页"
    assert pdf.page_label(2, 0) == "第 2 页"


def test_fit_size_shrinks_long_text():
    assert pdf.fit_size("李明", 20, 500) == 20
    assert pdf.fit_size("欧阳" * 20, 20, 100) < 20
    assert pdf.fit_size("欧阳" * 200, 20, 10, minimum=6) == 6


def test_long_story_with_spacers_and_tables_builds_once(tmp_path):
    """Each flowable is laid out by one build (a second build of the same flowables
    once failed with a LayoutError on a Spacer)."""
    st = pdf.styles()
    rows = [(str(i), f"队员{i}") for i in range(90)]
    story = [pdf.Paragraph("领队：张三", st["body"]), pdf.Spacer(1, 12 * 2.83),
             pdf.data_table(["号码", "姓名"], rows), pdf.Spacer(1, 12 * 2.83),
             pdf.data_table(["号码", "姓名"], rows)]
    data = pdf.render(story, title="报名表", header="测试")
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines()
                     if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "")
    assert pages >= 3 and f"第{pages}页/共{pages}页" in text
