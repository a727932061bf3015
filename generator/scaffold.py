"""Starting points for staff: a valid new article, update or edition, with the obvious filled in."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from .calendar import HealthDay, upcoming
from .content.model import Content
from .templating import environment, yaml_str


_templates = environment("templates", html=False)


def article(article_id: str, title: str, topic: str, today: dt.date) -> str:
    return _templates.get_template("article.md.j2").render(article_id=article_id, title=title, topic=topic, today=today)


def update(title: str, today: dt.date) -> str:
    return _templates.get_template("update.md.j2").render(title=title, today=today)


def suggest_theme(days: list[HealthDay], start: dt.date, within_days: int) -> tuple[str, list[str]]:
    """A theme from the health days in the edition's period, and the days it was drawn from."""
    coming = upcoming(days, start, within_days)
    if not coming:
        return "健康生活，从我做起", []
    names = [f"{o.day.name}（{o.start.month}月{o.start.day}日）" for o in coming]
    return f"{coming[0].day.name}：健康知识进万家", names


def edition(content: Content, days: list[HealthDay], today: dt.date, cadence_days: int, theme: str | None = None,
            required_topics: Sequence[str] = ()) -> tuple[int, str]:
    """The next edition's number and file text; its articles carry every required topic where one exists."""
    number = max((e.number for e in content.editions), default=0) + 1
    suggested, observed = suggest_theme(days, today, cadence_days)
    used = {a for e in content.editions for a in e.articles}
    fresh = [a for a in content.published if a.id not in used] or content.published
    picked = fresh[:5]
    missing = []
    for topic in required_topics:
        if any(a.topic == topic for a in picked):
            continue
        of_topic = [a for a in content.published if a.topic == topic]  # newest first
        if of_topic:
            picked.append(next((a for a in of_topic if a.id not in used), of_topic[0]))
        else:
            missing.append(topic)
    lines = [f"number: {number}", f"date: {today.isoformat()}", f"theme: {yaml_str(theme or suggested)}"]
    if observed:
        lines.append("# 本期覆盖的宣传日：" + "、".join(observed))
    lines.append("# 上栏顺序；每块宣传栏 3–5 篇为宜。下面是尚未上过栏的最新文章" + ("及每期必含栏目的文章" if required_topics else "") + "，按需增删：")
    if missing:
        lines.append(f"# 注意：每期必含的栏目“{'、'.join(missing)}”还没有已审核的文章，请先写好并审核")
    lines.append("articles:")
    lines += [f"  - {a.id}" for a in picked]
    lines.append("# 只在部分宣传栏上栏时写 boards:（宣传栏 id 列表）；不写则全区所有宣传栏")
    return number, "\n".join(lines) + "\n"
