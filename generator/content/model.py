"""The content model: plain data, no MkDocs."""
from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import Problem
from .sizes import BoardSize


@dataclass(frozen=True)
class Topic:
    id: str  # ASCII, used in URLs
    name: str  # what staff write in an article's `topic`
    icon: str | None = None  # pictogram, e.g. "material/hand-wash"; None: the default for the topic


@dataclass(frozen=True)
class Hotline:
    name: str
    number: str


@dataclass
class Article:
    id: str
    title: str
    topic: str
    summary: str
    sources: list[str]
    status: str  # "draft" | "approved"
    date: dt.date
    src_uri: str  # path inside docs/, "/"-separated
    reviewed_by: str | None = None
    reviewed_on: dt.date | None = None
    image: str | None = None
    lines: dict[str, int] = field(default_factory=dict)  # front matter field -> line in the file

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def image_uri(self) -> str | None:
        """The image as a path inside docs/ (front matter paths are relative to the article, or to docs/ with a leading /)."""
        if not self.image:
            return None
        if self.image.startswith("/"):
            return self.image.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.src_uri), self.image))


@dataclass
class Update:
    title: str
    date: dt.date
    src_uri: str
    summary: str = ""


@dataclass
class Board:
    id: str
    name: str
    address: str
    grid: str
    unit: str
    phone: str
    size: BoardSize
    notes: str = ""
    layout: str = ""  # a board layout it always takes (poster/layout.py LAYOUTS), "" for the automatic choice
    max_articles: int = 0  # at most this many of an edition's articles (its first), 0 for all: small posters

    def cap(self, edition: Edition) -> int:
        """How many of the edition's articles the board carries when its max_articles leaves some out, else 0."""
        return self.max_articles if 0 < self.max_articles < len(edition.articles) else 0

    def carried(self, edition: Edition) -> list[str]:
        """The ids of the edition's articles this board carries, in panel order: its first `max_articles`."""
        return edition.articles[:self.cap(edition) or None]


@dataclass
class Edition:
    number: int
    date: dt.date
    theme: str
    articles: list[str]
    boards: list[str] | None  # None: every board of the area
    src_uri: str
    lines: dict[str, int] = field(default_factory=dict)  # field -> line in the file
    layout: str = ""  # the edition's board layout, "" for the automatic choice (a board's own layout wins)

    @property
    def label(self) -> str:
        return f"第{self.number}期"

    def is_for(self, board_id: str) -> bool:
        """Whether the edition goes up on this board: every board, unless the edition names some."""
        return self.boards is None or board_id in self._board_ids

    @cached_property
    def _board_ids(self) -> frozenset[str]:
        return frozenset(self.boards or ())  # a city's edition may name thousands


@dataclass
class Posting:
    """A record that an edition went up on a board: who, when, with a photo where there is one."""

    board: str
    edition: int
    date: dt.date
    by: str
    photo: str | None  # path inside docs/
    line: int  # in the postings file


@dataclass
class Content:
    """Everything the build knows, validated."""

    topics: list[Topic]
    articles: dict[str, Article]
    boards: dict[str, Board]
    editions: list[Edition]  # by number, ascending
    updates: list[Update] = field(default_factory=list)  # newest first
    postings: list[Posting] = field(default_factory=list)  # by date
    warnings: list[Problem] = field(default_factory=list)  # W_… problems: the build goes on

    @property
    def published(self) -> list[Article]:
        """Articles that go on the site, newest first."""
        return sorted((a for a in self.articles.values() if not a.is_draft), key=lambda a: a.date, reverse=True)

    def articles_of(self, topic: Topic) -> list[Article]:
        return [a for a in self.published if a.topic == topic.name]

    def articles_in(self, edition: Edition) -> list[Article]:
        """The edition's articles in panel order."""
        return [self.articles[a] for a in edition.articles]

    def articles_on(self, edition: Edition, board: Board) -> list[Article]:
        """The edition's articles this board carries, in panel order (Board.carried)."""
        return [self.articles[a] for a in board.carried(edition)]

    def boards_of(self, edition: Edition) -> list[Board]:
        ids = edition.boards if edition.boards is not None else list(self.boards)
        return [self.boards[b] for b in ids]

    def edition(self, number: int) -> Edition | None:
        return next((e for e in self.editions if e.number == number), None)

    @property
    def latest_edition(self) -> Edition | None:
        return self.editions[-1] if self.editions else None
