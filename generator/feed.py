"""An Atom feed of updates (动态), for readers and for other government sites that aggregate news."""
from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from .content.model import Update

ATOM = "http://www.w3.org/2005/Atom"
CHINA = dt.timezone(dt.timedelta(hours=8))


def _stamp(day: dt.date) -> str:
    return dt.datetime(day.year, day.month, day.day, tzinfo=CHINA).isoformat()


def atom_feed(title: str, site_url: str, feed_url: str, author: str, entries: list[tuple[Update, str]]) -> bytes:
    """`entries`: each update with its absolute page URL, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=feed_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=site_url)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(entries[0][0].date) if entries else _stamp(dt.date(2000, 1, 1))
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = author
    for update, url in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = update.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(update.date)
        if update.summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = update.summary
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")
