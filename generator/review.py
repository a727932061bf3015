"""The pack the district CDC's health-education section reviews before boards are made: every board
of an edition as a picture (drawn by the same pipeline as the print-shop PDFs), a booklet of the
edition's articles with sources and reviewers, and a sheet to record who approved what; and the
check that an edition was approved (`docs/_data/approvals.yml`, or the returned sheet)."""
from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

import markdown

from .content.model import Content, Edition
from .content.yamlfile import load_yaml, split_front_matter
from .errors import Problem
from .fonts import FONT_STACK, printable
from .ledger import write_table
from .project import Project
from .sanitize import clean
from .templating import environment

# The approval sheet's columns (English name, Chinese header): written by `review`, read back when returned.
SHEET_COLUMNS = {
    "edition": ("edition", "期数"), "board": ("board", "宣传栏编号"), "board_name": ("board_name", "宣传栏名称"), "size": ("size", "尺寸"),
    "order": ("order", "序号"), "article": ("article", "文章编号"), "title": ("title", "文章标题"),
    "reviewer": ("reviewer", "文章审核单位"), "decision": ("decision", "审核结论"), "by": ("by", "审核人"), "date": ("date", "审核日期"),
    "notes": ("notes", "备注"),
}
SHEET_HEADERS = [names[1] for names in SHEET_COLUMNS.values()]
_SHEET_REQUIRED = {"board", "article", "decision", "date"}
DECISIONS = ("通过", "修改后通过", "不通过")
APPROVED = ("通过", "修改后通过")
PREVIEW_WIDTH_PX = 2400  # wide enough to read the panel text, small enough to send in a work group
_templates = environment("templates", html=True)


def pack_folder(edition: Edition) -> str:
    return f"第{edition.number}期"


def board_pictures(project: Project, content: Content, edition: Edition) -> dict[str, bytes]:
    """"<size>_<board>.png" per board, rasterised from the same per-board PDFs the print shop gets."""
    import pypdfium2

    from .pdf.shop import PdfOptions, make_pdfs, plan

    s = project.settings
    options = PdfOptions(bleed_mm=0, marks=False, per_board=True)
    jobs = plan(content, s.producer(), s.print_settings(bleed_mm=0, marks=False), options, s.docs_dir, project.cache(), edition.number, codes=project.codes())
    pictures: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="hb-review-") as tmp:
        make_pdfs(jobs, Path(tmp), project.cache(), codes=project.codes())
        for job in jobs:
            for rel in job.board_paths:
                board = content.boards[Path(rel).stem]
                document = pypdfium2.PdfDocument(str(Path(tmp) / rel))
                try:
                    page = document[0]
                    width_pt = page.get_width()
                    image = page.render(scale=min(100 / 72, PREVIEW_WIDTH_PX / width_pt)).to_pil()
                finally:
                    document.close()
                out = io.BytesIO()
                image.save(out, "PNG", optimize=True)
                pictures[f"{board.size.label}_{board.id}.png".replace("/", "-").replace(" ", "")] = out.getvalue()
    return pictures


@dataclass(frozen=True)
class _Entry:
    article: object
    body: str
    file: str


def booklet(project: Project, content: Content, edition: Edition) -> bytes:
    """The edition's articles, each with its board summary, sources and reviewer, as an A4 PDF."""
    from weasyprint import HTML

    s = project.settings
    entries = []
    for article_id in edition.articles:
        a = content.articles[article_id]
        source = s.docs_dir / a.src_uri
        _, body, _ = split_front_matter(source.read_text(encoding="utf-8-sig"), a.src_uri)
        html = printable(clean(markdown.markdown(body, extensions=["tables", "attr_list", "admonition", "sane_lists"])))  # no empty boxes for emoji
        first = html.find("<h1")
        if first >= 0:  # the title is printed once, numbered
            html = html[:first] + html[html.find("</h1>", first) + 5:]
        entries.append(_Entry(a, html, f"{s.docs_dir.name}/{a.src_uri}"))
    page = _templates.get_template("review-booklet.html.j2").render(
        title=f"{s.district}健康教育宣传栏{edition.label}送审稿", edition=edition, articles=entries, boards=len(content.boards_of(edition)),
        unit=s.unit or s.district, today=s.today, color=s.print.theme.color, font_stack=FONT_STACK)
    return HTML(string=page, base_url=(s.docs_dir / "articles").as_uri() + "/").write_pdf()


def approval_sheet(content: Content, edition: Edition, title: str) -> bytes:
    """One row per board and article, the decision to choose from a list."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = [[edition.label, b.id, b.name, b.size.label, i, a.id, a.title, a.reviewed_by or "", "", "", "", ""]
            for b in content.boards_of(edition) for i, a in enumerate(content.articles_on(edition, b), 1)]
    book = Workbook()
    sheet = book.active
    sheet.title = "审核表"
    write_table(sheet, SHEET_HEADERS, rows, title)
    choice = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"', allow_blank=True,
                            error="请从列表中选择：通过、修改后通过、不通过", errorTitle="审核结论")
    sheet.add_data_validation(choice)
    column = SHEET_HEADERS.index("审核结论") + 1
    choice.add(f"{sheet.cell(row=2, column=column).coordinate}:{sheet.cell(row=max(2, len(rows) + 1), column=column).coordinate}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def review_pack(project: Project, content: Content, edition: Edition) -> dict[str, bytes]:
    """Every file of the pack, by its path inside review/."""
    folder = pack_folder(edition)
    files = {f"{folder}/宣传栏/{name}": data for name, data in board_pictures(project, content, edition).items()}
    files[f"{folder}/文章送审稿.pdf"] = booklet(project, content, edition)
    files[f"{folder}/审核表.xlsx"] = approval_sheet(content, edition, f"{project.settings.district}健康教育宣传栏{edition.label}审核表")
    return files


# Whether an edition may be printed.

def approval_problems(project: Project, content: Content, edition: Edition) -> list[Problem]:
    """Why `edition` is not approved (empty when it is): a record in approvals.yml, or a returned sheet
    at _data/approvals/第N期.xlsx whose every row says 通过 or 修改后通过."""
    s = project.settings
    data_dir = s.docs_dir / s.data_dir
    listed = data_dir / "approvals.yml"
    shown = f"{s.docs_dir.name}/{s.data_dir}/approvals.yml"
    if listed.is_file():
        entries = load_yaml(listed, shown) or []
        if not isinstance(entries, list):
            return [Problem("E_BAD_STRUCTURE", "审核记录应当是列表，每期一项：- edition: 3", shown)]
        for entry in entries:
            if isinstance(entry, dict) and entry.get("edition") == edition.number:
                missing = [k for k in ("approved_by", "approved_on") if not entry.get(k)]
                if missing:
                    return [Problem("E_NOT_APPROVED", f"{edition.label}的审核记录不完整", shown, getattr(entry, "line", None), missing[0],
                                    hint="写明 approved_by（审核单位）和 approved_on（审核日期）")]
                return []
    sheet = data_dir / "approvals" / f"{pack_folder(edition)}.xlsx"
    if sheet.is_file():
        return _sheet_problems(sheet, f"{s.docs_dir.name}/{s.data_dir}/approvals/{sheet.name}", edition)
    return [Problem("E_NOT_APPROVED", f"{edition.label}还没有审核记录，暂不印刷", shown,
                    hint=f"先运行 healthboard review --edition {edition.number}，把送审材料交区疾控中心健康教育科；审核通过后在 {shown} 写"
                         f"“- {{edition: {edition.number}, approved_by: 审核单位, approved_on: 日期}}”，或把填好的审核表放到 {s.docs_dir.name}/{s.data_dir}/approvals/{pack_folder(edition)}.xlsx")]


def _sheet_problems(path: Path, shown: str, edition: Edition) -> list[Problem]:
    from .content.sheet import read_sheet

    table = read_sheet(path, shown, "审核表", SHEET_COLUMNS, frozenset(SHEET_COLUMNS) - _SHEET_REQUIRED)
    open_rows = [r for r in table.rows if r.get("decision") not in APPROVED or not r.get("date")]
    if not table.rows:
        return [Problem("E_NOT_APPROVED", "审核表是空的", table.shown)]
    return [Problem("E_NOT_APPROVED", f"{edition.label}：宣传栏 {r.get('board')} 的文章 {r.get('article')} " +
                    ("审核未通过" if r.get("decision") == "不通过" else "还没有审核结论或日期"), table.shown, r.line, "审核结论", r.get("decision") or None,
                    "审核结论填“通过”或“修改后通过”，并填审核日期；不通过的文章修改后重新送审") for r in open_rows]
