"""Pictograms for board panels, from the icon sets mkdocs-material ships (Material Design Icons,
FontAwesome, Octicons, with their licences): nothing is downloaded."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# The National Hygienic City topics and a pictogram each; a topic may name its own (`icon:`).
DEFAULT_ICONS = {
    "personal-hygiene": "material/hand-wash", "environment": "material/broom", "vector-control": "material/bug",
    "tobacco-control": "material/smoking-off", "food-safety": "material/food-apple", "infectious-disease": "material/virus",
    "chronic-disease": "material/heart-pulse", "healthy-lifestyle": "material/run", "laws-standards": "material/scale-balance",
}
FALLBACK = "material/medical-bag"


def icons_dir() -> Path:
    import material

    return Path(material.__file__).parent / "templates" / ".icons"


def icon_exists(name: str) -> bool:
    return (icons_dir() / f"{name}.svg").is_file()


def icon_for(topic_id: str, configured: str | None = None) -> str:
    return configured or DEFAULT_ICONS.get(topic_id, FALLBACK)


@lru_cache(maxsize=64)
def pictogram_svg(name: str) -> str:
    """The icon's SVG, ready to inline (no fixed size: the board's CSS sizes it)."""
    svg = (icons_dir() / f"{name}.svg").read_text(encoding="utf-8")
    return svg.replace("<svg ", '<svg class="hb-pictogram" aria-hidden="true" focusable="false" ', 1)
