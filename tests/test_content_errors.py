"""Every mistake staff can make in content stops the build with file, line, field and a code."""
from __future__ import annotations

from pathlib import Path

import pytest

from healthboard.content.loader import Layout, load_content
from healthboard.content.model import Topic
from healthboard.content.sizes import parse_size
from healthboard.errors import HealthboardError
from helpers import ARTICLE, BOARDS as BOARDS_TEXT, EDITION as EDITION_TEXT, write_project

TOPICS = [Topic("personal-hygiene", "个人卫生"), Topic("tobacco-control", "控烟")]


def load(root: Path):
    return load_content(Layout(root / "docs"), TOPICS)


def problems_of(tmp_path: Path, files: dict) -> list:
    root = write_project(tmp_path, files=files)
    with pytest.raises(HealthboardError) as err:
        load(root)
    return err.value.problems


def test_valid_fixture_loads(tmp_path):
    content = load(write_project(tmp_path))
    assert set(content.articles) == {"wash-hands", "no-smoking", "draft-one"}
    assert [e.number for e in content.editions] == [1]
    assert content.boards["b2"].size.width_mm == 420 and content.boards["b2"].size.height_mm == 297


def test_malformed_yaml_names_file_and_line(tmp_path):
    [p] = problems_of(tmp_path, {"docs/_data/boards.yml": "- id: b1\n  name: [未闭合\n  grid: x\n"})
    assert p.code == "E_YAML" and p.file == "docs/_data/boards.yml" and p.line == 3


def test_malformed_front_matter_line_counts_from_file_start(tmp_path):
    text = ARTICLE.format(id="x", title="x", status="approved").replace("summary: 这是一段摘要。", "summary: : : [")
    [p] = problems_of(tmp_path, {"docs/articles/wash-hands.md": text})
    assert p.code == "E_YAML" and p.file == "docs/articles/wash-hands.md" and p.line == 5


def test_missing_required_field(tmp_path):
    text = ARTICLE.format(id="wash-hands", title="t", status="approved").replace("summary: 这是一段摘要。\n", "")
    [p] = problems_of(tmp_path, {"docs/articles/wash-hands.md": text})
    assert (p.code, p.field, p.file) == ("E_MISSING_FIELD", "summary", "docs/articles/wash-hands.md")
    assert "summary" in str(p) and "补上" in str(p)


def test_approved_article_needs_reviewer(tmp_path):
    text = ARTICLE.format(id="wash-hands", title="t", status="approved").replace("reviewed_by: 测试区疾控中心\n", "")
    [p] = problems_of(tmp_path, {"docs/articles/wash-hands.md": text})
    assert (p.code, p.field) == ("E_MISSING_FIELD", "reviewed_by")


def test_duplicate_article_id_names_both_files(tmp_path):
    [p] = problems_of(tmp_path, {"docs/articles/copy.md": ARTICLE.format(id="wash-hands", title="t", status="approved")})
    assert p.code == "E_DUPLICATE_ID" and p.line == 2
    assert {p.file, p.message.split("与 ")[1].split(" ")[0]} == {"docs/articles/copy.md", "docs/articles/wash-hands.md"}


def test_duplicate_board_id(tmp_path):
    boards = "- {id: b1, name: a, address: a, grid: g, unit: u, phone: '1', size: A4}\n" * 2
    problems = problems_of(tmp_path, {"docs/_data/boards.yml": boards})
    assert "E_DUPLICATE_ID" in [p.code for p in problems]
    duplicate = next(p for p in problems if p.code == "E_DUPLICATE_ID")
    assert duplicate.line == 2 and "第 1 行已经用过" in duplicate.message  # both occurrences named


def test_values_are_shown_as_written(tmp_path):
    boards = BOARDS_TEXT.replace("size: A3 landscape", "size: 0x0").replace('phone: "0000-2"', "phone: 0571x")
    problems = problems_of(tmp_path, {"docs/_data/boards.yml": boards})
    size = next(p for p in problems if p.code == "E_BAD_SIZE")
    assert size.value == "0x0" and size.line == 14  # YAML would read 0x0 as the hex number 0


def test_phone_written_as_a_number_keeps_its_leading_zero(tmp_path):
    boards = BOARDS_TEXT.replace('phone: "0000-2"', "phone: 057181234567")
    content = load(write_project(tmp_path, files={"docs/_data/boards.yml": boards}))
    assert content.boards["b2"].phone == "057181234567"


def test_repeated_article_in_an_edition_names_both_lines(tmp_path):
    edition = "number: 1\ndate: 2026-02-01\ntheme: t\narticles:\n  - wash-hands\n  - no-smoking\n  - wash-hands\n"
    [p] = problems_of(tmp_path, {"docs/_data/editions/001.yml": edition})
    assert (p.code, p.line, p.value) == ("E_BAD_FIELD", 7, "wash-hands") and "第一次在第 5 行" in p.message


def test_edition_naming_unknown_article_and_board(tmp_path):
    edition = "number: 1\ndate: 2026-02-01\ntheme: t\narticles:\n  - wash-hands\n  - no-such-article\nboards:\n  - nowhere\n"
    problems = problems_of(tmp_path, {"docs/_data/editions/001.yml": edition})
    by_code = {p.code: p for p in problems}
    # each at the line of its own list item, not the line of the key
    assert by_code["E_UNKNOWN_ARTICLE"].value == "no-such-article" and by_code["E_UNKNOWN_ARTICLE"].line == 6
    assert by_code["E_UNKNOWN_BOARD"].value == "nowhere" and by_code["E_UNKNOWN_BOARD"].line == 8


def test_edition_with_a_draft_is_refused(tmp_path):
    edition = "number: 1\ndate: 2026-02-01\ntheme: t\narticles: [draft-one]\n"
    [p] = problems_of(tmp_path, {"docs/_data/editions/001.yml": edition})
    assert p.code == "E_DRAFT_IN_EDITION"


def test_unknown_topic_lists_the_allowed_ones(tmp_path):
    text = ARTICLE.format(id="wash-hands", title="t", status="approved").replace("topic: 个人卫生", "topic: 卫生")
    [p] = problems_of(tmp_path, {"docs/articles/wash-hands.md": text})
    assert (p.code, p.value, p.line) == ("E_UNKNOWN_TOPIC", "卫生", 4)
    assert "个人卫生" in p.hint and "控烟" in p.hint


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-13-01", "01/03/2026", "明天"])
def test_invalid_date(tmp_path, bad):
    text = ARTICLE.format(id="wash-hands", title="t", status="approved").replace("date: 2026-01-03", f"date: {bad}")
    [p] = problems_of(tmp_path, {"docs/articles/wash-hands.md": text})
    assert (p.code, p.field, p.value) == ("E_BAD_DATE", "date", bad)


def test_unparseable_board_size(tmp_path):
    boards = "- {id: b1, name: a, address: a, grid: g, unit: u, phone: '1', size: 很大}\n"
    [p] = problems_of(tmp_path, {"docs/_data/boards.yml": boards})
    assert (p.code, p.value, p.line) == ("E_BAD_SIZE", "很大", 1)


def test_file_not_utf8(tmp_path):
    text = ARTICLE.format(id="wash-hands", title="勤洗手", status="approved").encode("gbk")
    [p] = problems_of(tmp_path, {"docs/articles/wash-hands.md": text})
    assert p.code == "E_NOT_UTF8" and p.line == 3 and "UTF-8" in str(p)


def test_bad_id_and_status(tmp_path):
    text = ARTICLE.format(id="洗手", title="t", status="ok")
    problems = problems_of(tmp_path, {"docs/articles/wash-hands.md": text})
    assert {p.code for p in problems} == {"E_BAD_ID", "E_BAD_STATUS"}


def test_all_problems_are_reported_together(tmp_path):
    problems = problems_of(tmp_path, {
        "docs/articles/wash-hands.md": ARTICLE.format(id="wash-hands", title="t", status="approved").replace("topic: 个人卫生", "topic: x"),
        "docs/_data/boards.yml": "- {id: b1, name: a, address: a, grid: g, unit: u, phone: '1', size: huge}\n",
    })
    assert {"E_UNKNOWN_TOPIC", "E_BAD_SIZE"} <= {p.code for p in problems}


@pytest.mark.parametrize("text,w,h", [
    ("A4", 210, 297), ("A3 landscape", 420, 297), ("A2 横版", 594, 420), ("a0", 841, 1189),
    ("2400×1200", 2400, 1200), ("2000x1000 mm", 2000, 1000), ("600*800", 600, 800),
    ("240×120厘米", 2400, 1200), ("240cm×120cm", 2400, 1200), ("2.4米×1.2米", 2400, 1200), ("2.4x1.2m", 2400, 1200),
    ("60×80公分", 600, 800), ("１２００×６００", 1200, 600),
])
def test_board_sizes(text, w, h):
    size = parse_size(text)
    assert (size.width_mm, size.height_mm) == (w, h)


@pytest.mark.parametrize("text", ["A5", "A3 diagonal", "0x100", "big", "1200", "2400×1200 inch"])
def test_bad_board_sizes(text):
    assert parse_size(text) is None


@pytest.mark.parametrize("text", ["240×120", "2.4×1.2", "24000×12000"])
def test_implausible_board_size_asks_for_the_unit(tmp_path, text):
    board = f"- {{id: b1, name: a, address: a, grid: g, unit: u, phone: '1', size: '{text}'}}\n"
    [p] = problems_of(tmp_path, {"docs/_data/boards.yml": board, "docs/_data/editions/001.yml": None})
    assert (p.code, p.field, p.value, p.line) == ("E_BAD_SIZE", "size", text, 1)
    assert "厘米" in p.hint and "不合常理" in p.message


def _with_image(image: str) -> str:
    return ARTICLE.format(id="wash-hands", title="勤洗手", status="approved").replace("status:", f"image: {image}\nstatus:")


def _png(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("image, files, code", [
    ("../images/none.png", {}, "E_MISSING_IMAGE"),
    ("../../../outside.png", {}, "E_MISSING_IMAGE"),
    ("../images/poster.pdf", {"docs/images/poster.pdf": b"%PDF-1.4\n"}, "E_BAD_IMAGE"),
    ("/images/broken.png", {"docs/images/broken.png": b"not a png at all"}, "E_BAD_IMAGE"),
    ("https://mmbiz.qpic.cn/mmbiz_jpg/abc/640?wx_fmt=jpeg", {}, "E_REMOTE_IMAGE"),  # copied from a WeChat article
    ("//cdn.example.com/a.png", {}, "E_REMOTE_IMAGE"),
])
def test_article_image_must_be_a_picture_inside_docs(tmp_path, image, files, code):
    [p] = problems_of(tmp_path, {"docs/articles/wash-hands.md": _with_image(image), **files})
    assert (p.code, p.file, p.line, p.field, p.value) == (code, "docs/articles/wash-hands.md", 8, "image", image)


@pytest.mark.parametrize("image", ["../images/ok.png", "/images/ok.png"])
def test_article_image_relative_to_the_article_or_to_docs(tmp_path, image):
    content = load(write_project(tmp_path, files={"docs/articles/wash-hands.md": _with_image(image), "docs/images/ok.png": _png(8, 6)}))
    assert content.articles["wash-hands"].image_uri == "images/ok.png"


def test_every_edition_carries_the_required_topics(tmp_path):
    root = write_project(tmp_path)
    assert load_content(Layout(root / "docs"), TOPICS, ["个人卫生"]).editions  # wash-hands is 个人卫生
    with pytest.raises(HealthboardError) as err:
        load_content(Layout(root / "docs"), TOPICS, ["控烟"])
    [p] = err.value.problems
    assert (p.code, p.file, p.line, p.field) == ("E_EDITION_MISSING_TOPIC", "docs/_data/editions/001.yml", 4, "articles")
    assert "第1期" in p.message and "控烟" in p.message
    with pytest.raises(HealthboardError) as err:
        load_content(Layout(root / "docs"), TOPICS, ["口腔卫生"])
    assert [(p.code, p.field) for p in err.value.problems] == [("E_UNKNOWN_TOPIC", "healthboard.required_topics")]


def test_required_topics_come_from_mkdocs_yml(tmp_path, capsys):
    from healthboard.cli import main

    root = write_project(tmp_path, plugin_extra="required_topics: [控烟]\n")
    assert main(["build", "-f", str(root / "mkdocs.yml")]) == 1
    assert "[E_EDITION_MISSING_TOPIC] docs/_data/editions/001.yml 第 4 行" in capsys.readouterr().err
    assert not (root / "site").exists()


@pytest.mark.parametrize("text, expected", [
    ("2026-03-15", (2026, 3, 15)), ("2026/3/5", (2026, 3, 5)), ("2026.03.15", (2026, 3, 15)), ("2026年3月15日", (2026, 3, 15)),
    ("2026-02-30", None), ("15/03/2026", None), ("三月十五", None), ("2026-3", None),
])
def test_dates_as_staff_and_spreadsheets_write_them(text, expected):
    import datetime as dt

    from healthboard.content.loader import parse_date

    assert parse_date(text) == (dt.date(*expected) if expected else None)


BOARDS_CSV = "编号,名称,地址,片区,责任单位,联系电话,尺寸,备注\r\nb1,一号栏,测试路1号,东片,东片社区,0000-1,240×120厘米,门口\r\nb2,二号栏,测试路2号,西片,西片社区,0000-2,A3 横版,\r\n"


def test_board_registry_as_a_spreadsheet(tmp_path):
    """A registry kept in Excel and saved as CSV (GBK, Chinese headers) stands in for boards.yml."""
    root = write_project(tmp_path, files={"docs/_data/boards.yml": None, "docs/_data/boards.csv": BOARDS_CSV.encode("gbk")})
    boards = load(root).boards
    assert [(b.id, b.name, b.grid, b.size.width_mm, b.size.height_mm, b.notes) for b in boards.values()] == [
        ("b1", "一号栏", "东片", 2400, 1200, "门口"), ("b2", "二号栏", "西片", 420, 297, ""),
    ]


@pytest.mark.parametrize("change, code, line, field", [
    (("240×120厘米", "240×120"), "E_BAD_SIZE", 2, "尺寸"),
    (("西片社区,0000-2", "西片社区,"), "E_MISSING_FIELD", 3, "联系电话"),
    (("编号,名称", "号码,名称"), "E_BAD_CSV_HEADER", 1, None),
])
def test_board_spreadsheet_errors_name_line_and_column(tmp_path, change, code, line, field):
    text = BOARDS_CSV.replace(*change)
    problems = problems_of(tmp_path, {"docs/_data/boards.yml": None, "docs/_data/boards.csv": text, "docs/_data/editions/001.yml": None})
    if code == "E_BAD_CSV_HEADER":  # the misnamed column is also named as unknown
        assert [q.code for q in problems] == ["E_BAD_CSV_HEADER", "E_UNKNOWN_KEY"] and problems[1].field == "号码"
    p = problems[0]
    assert (p.code, p.file, p.line, p.field) == (code, "docs/_data/boards.csv", line, field)
    if code == "E_MISSING_FIELD":
        assert "在“联系电话”列填写" in p.hint


def test_two_board_registries_are_refused(tmp_path):
    problems = problems_of(tmp_path, {"docs/_data/boards.csv": BOARDS_CSV})
    assert "E_TWO_REGISTRIES" in [p.code for p in problems]


@pytest.mark.parametrize("extra, expected", [
    ("cadence_days: sixty\n", "设置“cadence_days”：应为整数，这里写成了文字"),
    ("qr_error_correction: X\n", "设置“qr_error_correction”：只能是 L、M、Q、H 之一（当前值：X）"),
    ("print:\n  bleed: maybe\n", "设置“print.bleed”：应为 true 或 false，这里写成了文字"),
    ("traditional:\n  opencc: s2x\n", "设置“traditional.opencc”：只能是 s2t、s2twp、s2hk、s2tw 之一（当前值：s2x）"),
    ("topics: 个人卫生\n", "设置“topics”：应为列表，这里写成了文字"),
])
def test_settings_mistakes_are_explained_in_chinese(tmp_path, capsys, extra, expected):
    from healthboard.cli import main

    root = write_project(tmp_path, plugin_extra=extra)
    assert main(["build", "-f", str(root / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert f"[E_CONFIG] mkdocs.yml 中 healthboard 的{expected}" in err, err
    assert "Expected" not in err and "Config value" not in err
    assert not (root / "site").exists()


def _settings_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: str) -> str:
    """What a build with these healthboard settings says as it fails, before it writes any site."""
    from healthboard.cli import main

    root = write_project(tmp_path, plugin_extra=settings)
    assert main(["build", "-f", str(root / "mkdocs.yml")]) == 1
    assert not (root / "site").exists()
    return capsys.readouterr().err


def test_unknown_and_wrong_settings_are_all_reported_in_one_run(tmp_path, capsys):
    err = _settings_errors(tmp_path, capsys, "colour: red\ncadence_days: 两个月\nprint:\n  bleeed: true\n  font_scale: big\n")
    assert "[E_UNKNOWN_KEY] mkdocs.yml 中 healthboard 的设置“colour”：没有这项设置" in err, err
    assert "[E_UNKNOWN_KEY] mkdocs.yml 中 healthboard 的设置“print.bleeed”：没有这项设置，您是不是想写 bleed？" in err, err
    assert "[E_CONFIG] mkdocs.yml 中 healthboard 的设置“cadence_days”：应为整数" in err, err
    assert "[E_CONFIG] mkdocs.yml 中 healthboard 的设置“print.font_scale”：应为数字" in err, err
    assert "Plugin 'healthboard'" not in err and "Traceback" not in err


def test_print_numbers_may_be_whole_and_must_make_sense(tmp_path, capsys):
    """`qr_distance_m: 1` is how staff write one metre; a distance of 0, an 80 mm bleed or boards
    changed every 0 days is a slip."""
    from healthboard.config import PrintConfig

    config = PrintConfig()
    config.load_dict({"qr_distance_m": 1, "bleed_mm": 5, "font_scale": 2, "min_body_pt": 14.5})
    assert config.validate() == ([], [])
    assert (config.qr_distance_m, config.bleed_mm, config.font_scale, config.min_body_pt) == (1.0, 5.0, 2.0, 14.5)
    assert isinstance(config.qr_distance_m, float)

    err = _settings_errors(tmp_path, capsys, "cadence_days: 0\nprint:\n  qr_distance_m: 0\n  bleed_mm: 80\n  font_scale: true\n")
    assert "[E_CONFIG] mkdocs.yml 中 healthboard 的设置“print.qr_distance_m”：应在 0.2–5 米之间（当前值：0）" in err, err
    assert "[E_CONFIG] mkdocs.yml 中 healthboard 的设置“print.bleed_mm”：应在 0–10 毫米之间（当前值：80）" in err, err
    assert "[E_CONFIG] mkdocs.yml 中 healthboard 的设置“print.font_scale”：应为数字，这里写成了 true 或 false" in err, err
    assert "[E_CONFIG] mkdocs.yml 中 healthboard 的设置“cadence_days”：应在 1–366 天之间（当前值：0）" in err, err


@pytest.mark.parametrize("edit, code, line", [
    (lambda t: t.replace("  - healthboard:", "  - healthbord:"), "E_PLUGIN_MISSING", None),
    (lambda t: t.split("  - healthboard:")[0], "E_NO_PLUGIN", None),
    (lambda t: t.replace("name: material", "name: readthedocs"), "E_THEME", None),
    (lambda t: t.replace("site_name: 测试区健康教育", "site_name: [测试区"), "E_YAML", 2),
    (lambda t: t + "extra_javascript:\n  - http://[::1/x.js\n", "E_BAD_URL", None),  # MkDocs failed on it with an internal error
])
def test_mkdocs_yml_mistakes_are_explained_before_mkdocs_runs(tmp_path, capsys, edit, code, line):
    from healthboard.cli import main

    root = write_project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(edit(config.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["build", "-f", str(config)]) == 1
    err = capsys.readouterr().err
    assert f"[{code}] mkdocs.yml" + (f" 第 {line} 行" if line else "") in err, err
    assert "Traceback" not in err and "Config value" not in err and "MkDocs encountered" not in err


def test_editions_go_forward_in_time(tmp_path):
    second = "number: 2\ndate: 2025-04-01\ntheme: t\narticles: [wash-hands]\n"  # meant 2026
    [p] = problems_of(tmp_path, {"docs/_data/editions/002.yml": second})
    assert (p.code, p.file, p.line, p.field) == ("E_EDITION_DATE_ORDER", "docs/_data/editions/002.yml", 2, "date")
    assert "第2期" in p.message and "第1期" in p.message


@pytest.mark.parametrize("phone, ok", [
    ("0571-81234567", True), ("0571-81234567转123", True), ("12345、12320", True), ("(0571) 8123 4567", True),
    ("0571-8123456l", False), ("请拨打12345", False),
])
def test_board_phone_is_a_number_as_printed(tmp_path, phone, ok):
    board = f"- {{id: b1, name: a, address: a, grid: g, unit: u, phone: '{phone}', size: A3}}\n"
    files = {"docs/_data/boards.yml": board, "docs/_data/editions/001.yml": None}
    if ok:
        assert load(write_project(tmp_path, files=files)).boards["b1"].phone == phone
    else:
        [p] = problems_of(tmp_path, files)
        assert (p.code, p.field, p.value, p.line) == ("E_BAD_PHONE", "phone", phone, 1)


def test_files_saved_by_windows_notepad_load(tmp_path):
    """Notepad writes CRLF line ends and, in older versions, a UTF-8 BOM: lines still count right."""
    from helpers import BOARDS, EDITION

    def notepad(text: str) -> bytes:
        return text.replace("\n", "\r\n").encode("utf-8-sig")

    article = ARTICLE.format(id="wash-hands", title="勤洗手", status="approved")
    root = write_project(tmp_path, files={"docs/articles/wash-hands.md": notepad(article), "docs/_data/boards.yml": notepad(BOARDS),
                                          "docs/_data/editions/001.yml": notepad(EDITION)})
    content = load(root)
    assert content.articles["wash-hands"].title == "勤洗手" and content.articles["wash-hands"].lines["summary"] == 5
    assert len(content.boards) == 2 and content.editions[0].articles == ["wash-hands", "no-smoking"]
    broken = notepad(article.replace("title: 勤洗手", "title: [勤洗手"))
    [p] = problems_of(tmp_path / "broken", {"docs/articles/wash-hands.md": broken})
    assert (p.code, p.line) == ("E_YAML", 4)


@pytest.mark.parametrize("rel, text, key, guess, line", [
    ("docs/_data/editions/001.yml", EDITION_TEXT + "bords:\n  - b1\n", "bords", "boards", 7),
    ("docs/articles/wash-hands.md", ARTICLE.format(id="wash-hands", title="t", status="approved").replace("topic: 个人卫生", "topic: 个人卫生\nsumary: 多写的"), "sumary", "summary", 5),
    ("docs/_data/boards.yml", BOARDS_TEXT.replace("  size: A3 landscape", "  size: A3 landscape\n  adress: 又一个地址"), "adress", "address", 15),
    ("docs/updates/2026-01-05-news.md", "---\ntitle: 动态\ndate: 2026-01-05\ntitel: 错的\n---\n\n正文\n", "titel", "title", 4),
])
def test_unknown_keys_are_errors_with_the_nearest_known_key(tmp_path, rel, text, key, guess, line):
    [p] = problems_of(tmp_path, {rel: text})
    assert (p.code, p.file, p.line, p.field) == ("E_UNKNOWN_KEY", rel, line, key)
    assert f"您是不是想写 {guess}？" in str(p)


def test_mkdocs_page_fields_stay_allowed_in_front_matter(tmp_path):
    from healthboard.content.fields import PAGE_FIELDS

    extra = "".join(f"{k}: x\n" for k in PAGE_FIELDS)
    text = ARTICLE.format(id="wash-hands", title="t", status="approved").replace("date: 2026-01-03\n", "date: 2026-01-03\n" + extra)
    content = load(write_project(tmp_path, files={"docs/articles/wash-hands.md": text}))
    assert "wash-hands" in content.articles


@pytest.mark.parametrize("rel, header", [
    ("docs/_data/postings.csv", "宣传栏,期数,张贴日期,张贴人,像片\n"),
    ("docs/_data/boards.csv", "编号,名称,地址,片区,责任单位,联系电话,尺寸,备住\n"),
])
def test_unknown_spreadsheet_columns_are_errors(tmp_path, rel, header):
    files = {rel: header}
    if rel.endswith("boards.csv"):
        files["docs/_data/boards.yml"] = None
        files[rel] = header + "b1,一号栏,路1号,东片,东片社区,0000-1,2400×1200,\n"
    problems = problems_of(tmp_path, files)
    [p] = [p for p in problems if p.code == "E_UNKNOWN_KEY"]
    assert (p.file, p.line) == (rel, 1)
    assert "您是不是想写" in str(p)


def test_empty_body_and_far_edition_date_are_warnings(tmp_path):
    import datetime as dt

    empty = ARTICLE.format(id="wash-hands", title="t", status="approved").split("# t")[0] + "# 只有标题\n\n"
    edition = EDITION_TEXT.replace("date: 2026-02-01", "date: 2062-02-01")
    root = write_project(tmp_path, files={"docs/articles/wash-hands.md": empty, "docs/_data/editions/001.yml": edition})
    content = load_content(Layout(root / "docs"), TOPICS, as_of=dt.date(2026, 3, 1))
    by_code = {w.code: w for w in content.warnings}
    assert (by_code["W_EMPTY_BODY"].file, by_code["W_EMPTY_BODY"].line) == ("docs/articles/wash-hands.md", 13)
    assert (by_code["W_EDITION_FAR_DATE"].line, by_code["W_EDITION_FAR_DATE"].value) == (2, "2062-02-01")
    assert [w.code for w in load(write_project(tmp_path / "ok")).warnings] == []


def test_postings_with_stray_carriage_returns_still_read(tmp_path):
    postings = "宣传栏,期数,张贴日期,张贴人,照片\rb1,1,2026-02-02,东片社区 张贴员,\r"
    content = load(write_project(tmp_path, files={"docs/_data/postings.csv": postings}))
    assert [(p.board, p.line) for p in content.postings] == [("b1", 2)]


def test_an_address_mkdocs_cannot_read_stops_the_build_at_its_line(tmp_path, capsys):
    """A full-width ／ or ： typed into a web address with a Chinese input method (or a bracket pasted
    into one) made MkDocs fail with an internal error."""
    from healthboard.cli import main

    article = ARTICLE.format(id="wash-hands", title="勤洗手", status="approved") + "\n详见[官网](http://www.example.gov.cn／news)。\n"
    root = write_project(tmp_path, files={"docs/articles/wash-hands.md": article})
    assert main(["build", "-f", str(root / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    line = article.splitlines().index("详见[官网](http://www.example.gov.cn／news)。") + 1
    assert f"[E_BAD_URL] docs/articles/wash-hands.md 第 {line} 行" in err and "http://www.example.gov.cn／news" in err, err
    assert "E_INTERNAL" not in err and "Error reading page" not in err
    assert not (root / "site").exists()


def test_broken_links_are_said_in_chinese_once_at_their_line(tmp_path, capsys):
    """MkDocs' own warning ("Doc file … contains a link …, but the target … is not found") in
    healthboard's words, once although the 繁體 copy renders the page again."""
    from healthboard.cli import main
    from healthboard.mkdocs_log import link_problem

    article = ARTICLE.format(id="wash-hands", title="勤洗手", status="approved") + "\n另见[控烟](../none.md)。\n"
    root = write_project(tmp_path, plugin_extra="traditional:\n  enabled: true\n", files={"docs/articles/wash-hands.md": article})
    assert main(["build", "-f", str(root / "mkdocs.yml")]) == 0
    err = capsys.readouterr().err
    line = article.splitlines().index("另见[控烟](../none.md)。") + 1
    [said] = [x for x in err.splitlines() if "W_BROKEN_LINK" in x]
    assert f"docs/articles/wash-hands.md 第 {line} 行：链接 ../none.md 指向的文件不存在" in said, err
    assert "Doc file" not in err
    anchor = link_problem("Doc file 'articles/wash-hands.md' contains a link 'sub/no-smoking.md#x', but the doc "
                          "'articles/sub/no-smoking.md' does not contain an anchor '#x'.", root / "docs")
    assert anchor is not None and "小标题 #x" in anchor.message and anchor.file == "docs/articles/wash-hands.md"
    assert link_problem("Some other message.", root / "docs") is None
