"""Read articles, updates, the board registry and editions; validate; build the model.

Every problem is collected with its file, line and field, and all are raised together.
"""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from ..errors import HealthboardError, Problem
from .model import Content, Topic
from .articles import load_articles, load_updates
from .boards import load_boards, load_postings
from .editions import check_required_topics, load_editions
from .record import DATE_HINT, ID_HINT, ID_RE, Layout, parse_date, shown_path  # noqa: F401 (the package's reading API)


def load_content(layout: Layout, topics: list[Topic], required_topics: Sequence[str] = (), as_of: dt.date | None = None) -> Content:
    """`required_topics`: topics every edition must carry (some cities demand 控烟 and 病媒生物防制);
    `as_of`: today, for the warning about editions dated far ahead."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    articles = load_articles(layout, topics, problems, warnings)
    # An article or board file that is itself broken must not also show up as "unknown" in editions.
    articles_complete = not problems
    updates = load_updates(layout, problems)
    before = len(problems)
    boards = load_boards(layout, problems)
    boards_complete = len(problems) == before
    editions = load_editions(layout, articles if articles_complete else None, boards if boards_complete else None, problems)
    postings = load_postings(layout, boards, editions, problems) if not problems else []
    if not problems:
        check_required_topics(layout, editions, articles, topics, required_topics, problems, boards)
    if problems:
        raise HealthboardError(problems)
    updates.sort(key=lambda u: u.date, reverse=True)
    for e in editions if as_of else []:
        if (e.date - as_of).days > 365:  # 2062 for 2026: a typo that would make every board look current
            warnings.append(Problem("W_EDITION_FAR_DATE", f"{e.label}的日期在一年以后", shown_path(layout, layout.docs_dir / e.src_uri), e.lines.get("date"), "date", e.date.isoformat(), "检查年份"))
    return Content(topics=topics, articles=articles, boards=boards, editions=editions, updates=updates, postings=postings, warnings=warnings)
