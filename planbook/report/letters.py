"""The parts every supervision letter shares (督办单, 督办函, 提醒函): the GB/T 9704 版头
(标志, 编号, red line), title and addressee, the 署名 and 成文日期, the contact line, and
saving. The letters themselves are :mod:`planbook.report.duban` and
:mod:`planbook.report.reminders`; the page, fonts and page numbers are the report's own
(:class:`~planbook.report.writer.Writer`).
"""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from typing import TYPE_CHECKING, Any

from planbook.report import gbt9704 as std
from planbook.report import wordml
from planbook.report.document import file_head, issuer_size
from planbook.core.statuses import cn_date
from planbook.report.wording import one_line, width_twips
from planbook.report.writer import Writer
from planbook.report.docx_package import PreparedPackage

if TYPE_CHECKING:  # pragma: no cover

    from planbook.supervision.selection import Item


class _NoPictures:
    """Letters carry no charts."""

    def png(self, key: str) -> bytes:  # pragma: no cover - never asked
        raise KeyError(key)


_PREPARED: dict[str, tuple[Writer, PreparedPackage, list[Any]]] = {}
"""Per issuer, in this process: the letters' writer, its prepared package and its empty body."""


def new_letter(issuer: str) -> Writer:
    """The writer of a letter from ``issuer``: one per process, its body emptied for each
    letter, the styles, page and properties set up and zipped once (:func:`letter_bytes`
    writes only the body and the core properties). The letter before is gone: make its
    bytes first."""
    prepared = _PREPARED.get(issuer)
    if prepared is None:
        w = Writer(_NoPictures())
        w.finish()
        package = PreparedPackage(w.doc, author=one_line(issuer))
        _PREPARED[issuer] = prepared = (w, package, [deepcopy(child) for child in w.doc.element.body])
    w, _package, empty = prepared
    body = w.doc.element.body
    for child in list(body):
        body.remove(child)
    for child in empty:
        body.append(deepcopy(child))
    return w


def letter_bytes(w: Writer, issuer: str, title: str) -> bytes:
    """The .docx of the letter ``w`` holds (made by :func:`new_letter` for ``issuer``): its
    body as :meth:`Writer.finish` leaves it (a letter has no pictures; the styles were
    finished when the package was prepared)."""
    wordml.strip_theme_fonts(w.doc.element)
    return _PREPARED[issuer][1].bytes_of(title=title)


def header(w: Writer, issuer: str, number: str, title: str, addressee: str) -> None:
    """版头 as in the 通报: the red 标志, the 编号 over the red line, the title, the addressee."""
    issuer = one_line(issuer)
    file_head(w, issuer, issuer_size(issuer, 0), number)
    w.blank(std.TITLE_GAP_LINES, snap=False)
    w.para("title", title)
    w.blank(std.ADDRESSEE_GAP_LINES, snap=False)
    if addressee:
        w.para("plain", one_line(addressee) + "：")


def signature(w: Writer, name: str, day: date) -> None:
    """署名 centred over the 成文日期, the date four characters in from the right (no seal)."""
    date_text = cn_date(day)
    w.blank()
    right = 4 * std.CHAR_WIDTH
    sig = w.para("plain", one_line(name))
    wordml.set_keep_next(sig)
    wordml.set_alignment(sig, "right")
    wordml.set_indent(sig, right=max(right + (width_twips(date_text) - width_twips(name)) // 2, 0))
    p = w.para("plain", date_text)
    wordml.set_alignment(p, "right")
    wordml.set_indent(p, right=right)


def item_line(i: int, item: "Item", *, urged: bool) -> str:
    """One item as a paragraph of a letter: the task, the milestone, its deadline, how the
    agency stands, and (in a 督办) its light and how many times it was urged."""
    from planbook.core.rules import LIGHT_WORDS

    said = f"目前{item.status_label}" + item.reported_label
    tail = ""
    if urged:
        tail = f"【{LIGHT_WORDS[item.light]}" + (f"，第{item.times}次督办" if item.times > 1 else "") + "】"
    return (f"{i}.{item.task_cited}（{one_line(item.task_title)}），节点{item.milestone_id}："
            f"{one_line(item.text)}完成时限{item.deadline_label}，{said}。{tail}")
