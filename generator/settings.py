"""Everything a run is told, in one frozen, typed object made once: from mkdocs.yml (for the plugin and
the CLI alike) plus "today" and which variant is being built. Modules below the plugin take this,
never MkDocs' config objects."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .content.loader import Layout
from .content.model import Content, Hotline, Topic
from .poster.layout import BoardTheme, PrintSettings
from .poster.theme import board_theme
from .poster.pages import Producer
from .project import check_site_url, check_theme_font, previous_site_urls
from .reviews import StaleReview, stale_reviews
from .variant import Variant

TODAY_ENV = "HEALTHBOARD_TODAY"  # tests and `--today`: run as of a fixed day (YYYY-MM-DD)


def today_from_env() -> dt.date:
    """The one place the environment may set "today"."""
    fixed = os.environ.get(TODAY_ENV)
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


@dataclass(frozen=True)
class PrintOptions:
    enabled: bool = True
    bleed: bool = False
    bleed_mm: float = 3.0
    font_scale: float = 1.0
    min_body_pt: float | None = None
    qr_distance_m: float | None = None
    pdf: bool = False  # also make print-shop PDFs during the site build
    theme: BoardTheme = BoardTheme()
    require_approval: bool = False


@dataclass(frozen=True)
class Settings:
    site_url: str  # absolute, ends with "/"; for the 繁體 copy, its own sub-path
    project_dir: Path  # where mkdocs.yml is
    docs_dir: Path
    site_name: str
    district: str
    today: dt.date
    unit: str = ""
    wechat: str | None = None
    hotlines: tuple[Hotline, ...] = ()
    cadence_days: int = 60
    topics: tuple[Topic, ...] = ()
    required_topics: tuple[str, ...] = ()
    articles_dir: str = "articles"
    updates_dir: str = "updates"
    data_dir: str = "_data"
    show_drafts: bool = False
    review_max_age_days: int = 730
    allow_stale_reviews: bool = False
    manifest_name: str = "printed-urls.txt"
    cache_dir: str = ".healthboard-cache"  # "" turns caching off
    redirects: Mapping[str, str] = field(default_factory=dict)  # retired article id -> article id
    previous_site_urls: tuple[str, ...] = ()
    qr_error: str = "M"
    hotline_footer: str = "healthboard"
    print: PrintOptions = PrintOptions()
    variant: Variant | None = None  # the 繁體 copy, when enabled
    is_variant: bool = False  # True while building that copy
    draft_docs: Any = None  # MkDocs' draft_docs patterns (pathspec), to place new drafts
    site_dir: Path | None = None  # where the engine writes the site

    @classmethod
    def from_mkdocs(cls, config: Any, today: dt.date | None = None, is_variant: bool = False) -> "Settings":
        """From a loaded MkDocs config (its `healthboard` plugin's section included); checks site_url,
        theme font and old addresses, raising HealthboardError in Chinese."""
        hb = config.plugins["healthboard"].config
        site_url = check_site_url(config.site_url)
        check_theme_font(config.theme.get("font"))
        p = hb.print
        variant = Variant.from_settings(hb.traditional)
        return cls(
            site_url=site_url + (variant.path if is_variant and variant else ""),
            project_dir=Path(config.config_file_path or "mkdocs.yml").resolve().parent, docs_dir=Path(config.docs_dir),
            site_name=config.site_name, district=hb.district, today=today or today_from_env(), unit=hb.unit, wechat=hb.wechat,
            hotlines=tuple(Hotline(h.name, h.number) for h in hb.hotlines), cadence_days=hb.cadence_days,
            topics=_topics(hb.topics), required_topics=tuple(hb.required_topics),
            articles_dir=hb.articles_dir, updates_dir=hb.updates_dir, data_dir=hb.data_dir, show_drafts=hb.show_drafts,
            review_max_age_days=hb.review_max_age_days, allow_stale_reviews=hb.allow_stale_reviews,
            manifest_name=hb.manifest, cache_dir=hb.cache_dir, redirects=dict(hb.redirects),
            previous_site_urls=tuple(previous_site_urls(hb.previous_site_urls)), qr_error=hb.qr_error_correction,
            hotline_footer=hb.hotline_footer,
            print=PrintOptions(p.enabled, p.bleed, p.bleed_mm, p.font_scale, p.min_body_pt, p.qr_distance_m, p.pdf, board_theme(p.theme, Path(config.docs_dir)), p.require_approval),
            variant=variant, is_variant=is_variant and variant is not None, draft_docs=config.draft_docs,
            site_dir=Path(config.site_dir),
        )

    @property
    def layout(self) -> Layout:
        return Layout(self.docs_dir, self.articles_dir, self.updates_dir, self.data_dir)

    @property
    def manifest(self) -> Path:
        return self.project_dir / self.manifest_name

    @property
    def slogans_file(self) -> Path:
        return self.docs_dir / self.data_dir / "slogans.yml"

    @property
    def slogans_shown(self) -> str:
        return f"{self.docs_dir.name}/{self.data_dir}/slogans.yml"

    @property
    def ledger_title(self) -> str:
        return f"{self.district}健康教育宣传栏台账"

    def stale_reviews(self, content: Content) -> list[StaleReview]:
        return stale_reviews(content, self.today, self.review_max_age_days, self.docs_dir.name)

    def producer(self) -> Producer:
        return Producer(self.district, self.unit, list(self.hotlines), self.site_url, self.cadence_days)

    def print_settings(self, bleed_mm: float | None = None, marks: bool = True) -> PrintSettings:
        p = self.print
        return PrintSettings(
            bleed_mm=(p.bleed_mm if p.bleed else 0.0) if bleed_mm is None else bleed_mm, marks=marks,
            font_scale=p.font_scale, min_body_pt=p.min_body_pt, qr_distance_m=p.qr_distance_m, qr_error=self.qr_error, theme=p.theme,
        )

    def convert(self, text: str) -> str:
        """Text as this build shows it: 繁體 in the variant, unchanged otherwise."""
        return self.variant.convert(text) if self.is_variant and self.variant else text


def _topics(configured: Any) -> tuple[Topic, ...]:
    """Topics with their pictograms; a misspelt icon name is named before anything is drawn."""
    from .errors import HealthboardError, Problem
    from .poster.icons import icon_exists, icon_for

    topics = tuple(Topic(t.id, t.name, icon_for(t.id, t.icon)) for t in configured)
    problems = [Problem("E_CONFIG", "没有这个图标", "mkdocs.yml", field=f"healthboard.topics[{t.id}].icon", value=t.icon,
                        hint="写成 material/图标名，如 material/hand-wash；图标名见 mkdocs-material 的图标库（Material Design Icons）")
                for t in topics if t.icon and not icon_exists(t.icon)]
    if problems:
        raise HealthboardError(problems)
    return topics
