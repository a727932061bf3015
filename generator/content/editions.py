"""Editions (第N期): which articles go up in which order, on which boards."""
from __future__ import annotations

from typing import Sequence

from ..errors import Problem
from .fields import EDITION_FIELDS, LAYOUT_HINT, LAYOUTS
from .model import Article, Board, Edition, Topic
from .yamlfile import load_yaml
from .record import Layout, Record, guard, mapping, rel, shown_path

def load_editions(layout: Layout, articles: dict[str, Article] | None, boards: dict[str, Board] | None, problems: list[Problem]) -> list[Edition]:
    """Editions; `articles`/`boards` are None when their own files had errors (no cross-checks then)."""
    editions: dict[int, Edition] = {}
    folder = layout.editions_dir
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        shown = shown_path(layout, path)
        data = guard(problems, lambda: load_yaml(path, shown))
        entry = mapping(data, shown, problems, "期次文件") if data is not None else None
        if entry is None:
            continue
        r = Record(entry, shown, problems)
        r.only(EDITION_FIELDS, "期次文件")
        number = entry.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            r.problem("E_BAD_FIELD" if "number" in entry else "E_MISSING_FIELD", "期数应当是正整数", "number", number, "写成 number: 3")
            number = None
        elif number in editions:
            r.problem("E_DUPLICATE_EDITION", f"第{number}期已在 {editions[number].src_uri} 中定义", "number", number, "换一个期数，或合并这两个文件")
            number = None
        date, theme = r.date("date"), r.text("theme")
        article_ids = r.text_list("articles")
        board_ids = r.text_list("boards", required=False)
        for i, aid in enumerate(article_ids if articles is not None and article_ids else []):
            if aid not in articles:
                r.item_problem("E_UNKNOWN_ARTICLE", "期次中列出的文章不存在", "articles", i, aid, "检查拼写：这里写的是文章 front matter 中的 id")
            elif articles[aid].is_draft:
                r.item_problem("E_DRAFT_IN_EDITION", "期次中列出的文章还是草稿，不能上栏", "articles", i, aid, "文章审核后把 status 改为 approved，或从本期去掉")
        for i, aid in enumerate(article_ids or []):
            if aid in article_ids[:i]:
                r.item_problem("E_BAD_FIELD", f"同一篇文章在本期中列了两次（第一次在第 {r.item_line('articles', article_ids.index(aid))} 行）", "articles", i, aid, "删掉重复的一行")
        for i, bid in enumerate(board_ids if boards is not None and board_ids else []):
            if bid not in boards:
                r.item_problem("E_UNKNOWN_BOARD", "期次中列出的宣传栏不在登记表中", "boards", i, bid, "检查拼写，或先在宣传栏登记表中登记")
        board_layout = r.text("layout", required=False) or ""
        if board_layout and board_layout not in LAYOUTS:
            r.problem("E_BAD_LAYOUT", "不认识的版式", "layout", board_layout, LAYOUT_HINT)
            board_layout = ""
        if None in (number, date, theme, article_ids):
            continue
        editions[number] = Edition(number, date, theme, article_ids, board_ids, rel(layout, path), dict(entry.key_lines), board_layout)
    ordered = [editions[n] for n in sorted(editions)]
    for before, after in zip(ordered, ordered[1:]):
        if after.date < before.date:  # usually a mistyped year or month
            problems.append(Problem("E_EDITION_DATE_ORDER", f"{after.label}的日期早于{before.label}（{before.date.isoformat()}）",
                                    shown_path(layout, layout.docs_dir / after.src_uri), after.lines.get("date"), "date", after.date.isoformat(),
                                    "检查年份和月份；期数按出刊先后编号"))
    return ordered


def check_required_topics(layout: Layout, editions: list[Edition], articles: dict[str, Article], topics: list[Topic], required: Sequence[str], problems: list[Problem],
                          boards: dict[str, Board] | None = None) -> None:
    names = [t.name for t in topics]
    for topic in required:
        if topic not in names:
            problems.append(Problem("E_UNKNOWN_TOPIC", "每期必含的栏目不在栏目列表中", "mkdocs.yml", field="healthboard.required_topics", value=topic, hint="改成其中之一：" + "、".join(names)))
    for edition in editions:
        present = {articles[a].topic for a in edition.articles}
        for topic in (t for t in required if t in names and t not in present):
            candidates = [a.id for a in sorted(articles.values(), key=lambda a: a.date, reverse=True) if a.topic == topic and not a.is_draft][:3]
            problems.append(Problem(
                "E_EDITION_MISSING_TOPIC", f"{edition.label}没有“{topic}”栏目的文章，而 mkdocs.yml 的 required_topics 要求每期都有",
                f"{layout.docs_dir.name}/{edition.src_uri}", edition.lines.get("articles"), "articles",
                hint=f"在 articles 中加入一篇{topic}文章" + (f"，如 {'、'.join(candidates)}" if candidates else f"（还没有已审核的{topic}文章，请先写一篇）"),
            ))
        # A board that carries only the edition's first articles (max_articles) must still carry these topics.
        for board in (b for b in (boards or {}).values() if edition.is_for(b.id) and b.cap(edition)):
            carried = {articles[a].topic for a in board.carried(edition)}
            for topic in (t for t in required if t in present and t not in carried):
                problems.append(Problem(
                    "E_EDITION_MISSING_TOPIC", f"{edition.label}在宣传栏 {board.id} 上只放前 {board.max_articles} 篇（它的 max_articles），其中没有“{topic}”栏目的文章，"
                    "而 mkdocs.yml 的 required_topics 要求每期都有",
                    f"{layout.docs_dir.name}/{edition.src_uri}", edition.lines.get("articles"), "articles",
                    hint=f"在 articles 中把{topic}文章排到前 {board.max_articles} 篇之内，或在宣传栏登记表中调大 {board.id} 的 max_articles",
                ))


# Staff keep postings in a spreadsheet: Chinese or English column names both work.
