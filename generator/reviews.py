"""Articles whose expert review is too old to print again: warned at every build, held back from
print pages and print-shop PDFs unless staff say they know (`--allow-stale`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .content.model import Article, Content, Edition
from .errors import Problem


@dataclass(frozen=True)
class StaleReview:
    article: Article
    file: str  # as staff see it, "docs/articles/x.md"
    age_days: int

    def problem(self, code: str, max_age_days: int, hint: str) -> Problem:
        a = self.article
        return Problem(code, f"《{a.title}》的审核已有 {self.age_days} 天（超过 {max_age_days} 天；审核单位：{a.reviewed_by}）", self.file,
                       a.lines.get("reviewed_on"), "reviewed_on", a.reviewed_on.isoformat() if a.reviewed_on else None, hint)


REVIEW_HINT = "请审核单位按最新的指南重新审核，改好后更新 reviewed_on"


def stale_reviews(content: Content, today: dt.date, max_age_days: int, docs: str) -> list[StaleReview]:
    """Approved articles reviewed more than `max_age_days` before `today`."""
    return [StaleReview(a, f"{docs}/{a.src_uri}", (today - a.reviewed_on).days) for a in content.articles.values()
            if not a.is_draft and a.reviewed_on is not None and (today - a.reviewed_on).days > max_age_days]


def held_editions(content: Content, stale: list[StaleReview]) -> dict[int, list[StaleReview]]:
    """Editions that carry a stale article, with those articles."""
    by_id = {s.article.id: s for s in stale}
    held: dict[int, list[StaleReview]] = {}
    for e in content.editions:
        found = [by_id[a] for a in e.articles if a in by_id]
        if found:
            held[e.number] = found
    return held


def hold_problems(edition: Edition, stale: list[StaleReview], max_age_days: int) -> list[Problem]:
    """Why an edition is not printed, one problem per article."""
    return [s.problem("E_REVIEW_STALE", max_age_days, f"{edition.label}暂不印刷。{REVIEW_HINT}；确需照印时加 --allow-stale") for s in stale]
