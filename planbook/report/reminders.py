"""The 提醒函: a letter to an agency before its milestones fall due (within ``[reminders]
days`` of the day it is issued), in the 通报's 版头, numbered through the register."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from planbook.report.letters import header, item_line, letter_bytes, new_letter, signature

if TYPE_CHECKING:  # pragma: no cover
    from planbook.base.resources import Office
    from planbook.core.rules import Rules
    from planbook.supervision.selection import Item


def reminder_document(number: str, agency: str, plan_title: str, items: list["Item"], day: date,
                      rules: "Rules", office: "Office") -> bytes:
    """The .docx of one agency's 提醒函."""
    rr, dr = rules.reminders, rules.duban
    w = new_letter(dr.issuer)
    header(w, dr.issuer, number, rr.title, agency)
    w.para("body", f"根据《{plan_title}》，你单位牵头的以下{len(items)}个节点将于{rr.days}天内到期，"
           "目前尚未报送完成。现予提醒：")
    for n, item in enumerate(items, 1):
        w.para("body", item_line(n, item, urged=False))
    if rr.requirements:
        w.para("body", rr.requirements)
    w.para("body", f"联系人：{office.contact}，电话：{office.phone}。")
    signature(w, dr.signature or dr.issuer, day)
    return letter_bytes(w, dr.issuer, f"{rr.title}（{number}）")
