"""The agencies' scores in the 通报: the 单位得分排名表 attachment and, when the rules turn
them on, the 表扬 and 通报批评 paragraphs (both off by default). The scores themselves are
:mod:`planbook.supervision.scores`'; the rule table is ``[scores]`` of the rules."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable

from planbook.supervision.scores import Score, agency_scores, criticised, praised

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.model import Plan
    from planbook.store.record import QuarterRecord
    from planbook.core.rules import Rules
    from planbook.report.writer import Writer

TITLE = "单位得分排名表"
_HEADERS = ["排名", "牵头单位", "按时完成", "逾期未完成", "未报送", "未更新", "退回改正", "得分"]
_WIDTHS = [900, 4056, 1400, 1400, 1200, 1200, 1400, 1200]  # the turned type area: 225 mm


@dataclass(frozen=True)
class Ranking:
    scores: list[Score]
    rules: "Rules"

    @property
    def paragraphs(self) -> list[str]:
        """表扬 and 通报批评, as the rules ask (none by default)."""
        out = []
        good = praised(self.scores, self.rules)
        if good:
            out.append("对" + "、".join(s.agency for s in good) + f"等{len(good)}个得分前列的单位予以表扬。")
        bad = criticised(self.scores, self.rules)
        if bad:
            out.append("对" + "、".join(s.agency for s in bad)
                       + f"等{len(bad)}个得分低于{self.rules.scores.criticise_below:g}分的单位予以通报批评，"
                       "请其对照问题认真整改。")
        return out

    def write(self, w: "Writer") -> None:
        """The attachment's table, and how the scores are counted under it."""
        t = self.rules.scores
        w.table(_HEADERS, [[s.rank, s.agency, s.on_time, s.late, s.missing, s.unchanged, s.sent_back, s.score_text]
                           for s in self.scores], _WIDTHS, ["center", "left"] + ["center"] * 6)
        w.para("caption", f"计分：起始{t.start:g}分；按时完成每项{t.on_time:+g}分，逾期未完成每项{t.late:+g}分，"
               f"未报送{t.missing:+g}分，未更新{t.unchanged:+g}分，退回改正每份{t.sent_back:+g}分；"
               f"最高{t.cap:g}分，最低{t.floor:g}分。")


def agency_ranking(plan: "Plan", record: "QuarterRecord", rules: "Rules | None" = None, *,
                   wanted: bool = False, ranked: "Callable[[str], bool] | None" = None) -> Ranking | None:
    """The ranking for the 通报, or None when neither ``wanted`` (``[options] ranking`` of the
    report's settings) nor the rules' older ``[scores] ranking`` asks for it. ``ranked``:
    which units are ranked (by default every one); the others are left out and the ranks
    counted again without them."""
    from planbook.core.rules import default_rules

    rules = rules or default_rules()
    if not (wanted or rules.scores.ranking):
        return None
    scores = [s for s in agency_scores(plan, record, rules) if ranked is None or ranked(s.agency)]
    out: list[Score] = []
    for i, s in enumerate(scores):
        rank = i + 1 if i == 0 or s.score != scores[i - 1].score else out[-1].rank
        out.append(replace(s, rank=rank))
    return Ranking(out, rules)
