"""A healthboard project: its settings and where things are, shared by the plugin and the CLI."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import Cache
from .content.loader import Layout, load_content
from .content.model import Content, Hotline, Topic
from .poster.layout import PrintSettings
from .poster.pages import Producer


@dataclass
class Project:
    settings: Any  # the validated `healthboard` plugin config (see config.py)
    site_url: str  # absolute, ends with "/"
    project_dir: Path  # where mkdocs.yml is
    docs_dir: Path

    @property
    def layout(self) -> Layout:
        s = self.settings
        return Layout(self.docs_dir, s.articles_dir, s.updates_dir, s.data_dir)

    @property
    def topics(self) -> list[Topic]:
        return [Topic(t.id, t.name) for t in self.settings.topics]

    @property
    def hotlines(self) -> list[Hotline]:
        return [Hotline(h.name, h.number) for h in self.settings.hotlines]

    @property
    def manifest(self) -> Path:
        return self.project_dir / self.settings.manifest

    @property
    def slogans_file(self) -> Path:
        return self.docs_dir / self.settings.data_dir / "slogans.yml"

    def load_content(self) -> Content:
        return load_content(self.layout, self.topics)

    def producer(self) -> Producer:
        s = self.settings
        return Producer(s.district, s.unit, self.hotlines, self.site_url, s.cadence_days)

    def print_settings(self, bleed_mm: float | None = None, marks: bool = True) -> PrintSettings:
        p = self.settings.print
        return PrintSettings(
            bleed_mm=(p.bleed_mm if p.bleed else 0.0) if bleed_mm is None else bleed_mm, marks=marks,
            font_scale=p.font_scale, min_body_pt=p.min_body_pt, qr_distance_m=p.qr_distance_m,
            qr_error=self.settings.qr_error_correction,
        )

    def cache(self) -> Cache:
        folder = self.settings.cache_dir
        return Cache(self.project_dir / folder if folder else None)
