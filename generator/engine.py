"""What healthboard changes in MkDocs itself: the config of a build, and the nested build of the 繁體
copy. The plugin calls these; nothing else here knows about healthboard's content."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from .build import CSS_URI, SHIM, THEME_DIR
from .errors import Problem
from .host import override_problems
from .settings import Settings

REQUIRED_EXTENSIONS = ("tables", "attr_list", "admonition")  # the generated pages use them


def offline(config: MkDocsConfig) -> bool:
    """Whether mkdocs-material's offline plugin makes a copy that opens from file:// URLs."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.get("enabled", True))


def adapt_config(config: MkDocsConfig, settings: Settings, extra: dict[str, object]) -> list[Problem]:
    """Theme templates, CSS, extensions and the site URL; for the 繁體 copy, its language and names.
    Returns what in the site's own overrides/ would hide healthboard's parts."""
    if settings.is_variant:  # everything in 繁體, under its own path, with its own search
        config.theme["language"] = "zh-Hant"
        config.site_name, config.copyright = settings.convert(config.site_name), settings.convert(config.copyright or "") or None
        config.nav = settings.variant.convert_tree(config.nav) if settings.variant else config.nav
    config.site_url = settings.site_url
    config.extra["healthboard"] = extra
    # Package templates rank below the site's custom_dir (overrides/) but above the theme itself.
    config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    config.markdown_extensions.extend(e for e in REQUIRED_EXTENSIONS if e not in config.markdown_extensions)
    config.extra_css.append(CSS_URI)
    inline_favicon(config)
    if offline(config):
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), next(iter(SHIM))]
    custom = config.theme.custom_dir
    return [] if settings.is_variant else override_problems(Path(custom) if custom else None, Path(custom).name if custom else "")


FAVICON_INLINE_BYTES = 2048


def inline_favicon(config: MkDocsConfig) -> None:
    """A small SVG favicon of the site's own goes into every page as a data: URL: one request less on
    a resident's slow connection (the theme's default is a PNG fetched separately)."""
    favicon = config.theme.get("favicon") or ""
    path = Path(config.docs_dir) / favicon
    if favicon.endswith(".svg") and "://" not in favicon and path.is_file() and path.stat().st_size <= FAVICON_INLINE_BYTES:
        svg = re.sub(r">\s+<", "><", re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)).strip()
        config.theme["favicon"] = "data:image/svg+xml," + quote(svg, safe=" :/='<>;,.-")  # the theme prints it unescaped: no " in it


def build_copy(config: MkDocsConfig, site_dir: Path, prepare: Callable[[BasePlugin], None]) -> BasePlugin:
    """A second MkDocs build of the same mkdocs.yml in this process, into `site_dir`; returns its
    healthboard plugin after `prepare` set it up. MkDocs keeps plugin instances in its config schema's
    cache: set aside meanwhile, so the copy gets instances of its own."""
    option = dict(MkDocsConfig._schema)["plugins"]
    saved, option.plugin_cache = option.plugin_cache, {}  # type: ignore[attr-defined]
    try:
        copy = load_config(config.config_file_path, site_dir=str(site_dir))
        plugin = copy.plugins["healthboard"]
        prepare(plugin)
        mkdocs_build(copy)
    finally:
        option.plugin_cache = saved  # type: ignore[attr-defined]
    return plugin
