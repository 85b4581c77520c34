"""Targets: the numbers a milestone commits to, read out of its text, and the actuals agencies
report against them.

A 通报 reports measurable milestones as 目标值 against 完成值 (达标/未达标), so the numbers have to
be found where the plan writes them, inside the prose: "“一网通办”网上实办率达到90%",
"上线200种多部门联办“一件事”", "报装时限控制在3个工作日以内". The rules read a quantity (a number
with a unit) and the words around it in one clause: the comparison before or after it, and
the metric (what is counted) on the side that names it. Numbers that are not commitments are
left out by what surrounds them: dates, quoted names (“40分钟燃气服务圈”), titles 《》, document
numbers 〔〕, hotlines (no unit), ordinals (第一), ranges (1~2场), time windows (5年内), baselines
(从…), policy parameters (最高1000万元补助, 给予…补贴) and conditions (20米内的…, 50万元以上的…).
"""

from __future__ import annotations

from pathlib import Path

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from planbook.core.model import Plan

# -- comparisons -----------------------------------------------------------------------
AT_LEAST, MORE_THAN, AT_MOST, LESS_THAN, REDUCE_BY, INCREASE_BY = (
    "at_least", "more_than", "at_most", "less_than", "reduce_by", "increase_by")

COMPARISONS: dict[str, str] = {
    "达到": AT_LEAST, "不低于": AT_LEAST, "不少于": AT_LEAST, "至少": AT_LEAST, "以上": AT_LEAST,
    "超过": MORE_THAN,
    "压缩至": AT_MOST, "控制在以内": AT_MOST, "以内": AT_MOST, "以下": AT_MOST, "不超过": AT_MOST,
    "低于": LESS_THAN,
    "减少": REDUCE_BY, "增长": INCREASE_BY,
}
"""The closed vocabulary of comparisons, each with its direction. ``减少``/``增长`` are changes
("材料减少50%"): the actual is the change achieved, judged as at least the target."""

# words before a number that compare "to" a value; the canonical label of each
_TO_WORDS = {
    "达到": "达到", "达": "达到", "提高到": "达到", "提高至": "达到", "提升到": "达到", "提升至": "达到",
    "增加到": "达到", "增加至": "达到", "增长到": "达到", "增长至": "达到", "增至": "达到", "上升到": "达到",
    "上升至": "达到", "保持在": "达到", "稳定在": "达到",
    "不低于": "不低于", "不小于": "不低于", "不少于": "不少于", "至少": "至少",
    "超过": "超过", "超": "超过", "突破": "超过", "多于": "超过", "高于": "超过", "大于": "超过",
    "压缩至": "压缩至", "压缩到": "压缩至", "压缩在": "控制在以内", "压减至": "压缩至", "压减到": "压缩至",
    "压减在": "控制在以内", "降至": "压缩至", "降到": "压缩至", "降低至": "压缩至", "降低到": "压缩至",
    "下降至": "压缩至", "下降到": "压缩至", "减少至": "压缩至", "减少到": "压缩至", "减至": "压缩至",
    "缩短至": "压缩至", "缩短到": "压缩至", "缩减至": "压缩至", "简化至": "压缩至", "简化为": "压缩至",
    "精简至": "压缩至", "精简为": "压缩至", "控制在": "控制在以内",
    "不超过": "不超过", "不高于": "不超过", "不多于": "不超过", "不大于": "不超过",
    "低于": "低于", "少于": "低于", "小于": "低于",
    "≥": "不低于", "⩾": "不低于", ">=": "不低于", "≤": "不超过", "⩽": "不超过", "<=": "不超过", ">": "超过", "<": "低于",
    "汇入": "压缩至", "合并为": "压缩至", "整合为": "压缩至", "归并为": "压缩至",
}
_GAP_WORDS = {"至少", "不少于", "不低于", "不超过", "简化为", "简化至", "控制在", "精简为", "合并为"}
"""Comparisons that may stand a few words before their number: 至少承办1次, 简化为申请受理、勘验开通2个环节."""
# words right before a number that compare "by" a change
_BY_WORDS = {
    "减少": "减少", "降低": "减少", "下降": "减少", "压减": "减少", "压缩": "减少", "缩短": "减少",
    "精简": "减少", "简化": "减少", "压简化": "减少", "缩减": "减少", "削减": "减少",
    "增长": "增长", "增加": "增长", "提高": "增长", "提升": "增长", "上升": "增长",
}
_TO_RE = re.compile("|".join(sorted(_TO_WORDS, key=len, reverse=True)))
_BY_RE = re.compile("(" + "|".join(sorted(_BY_WORDS, key=len, reverse=True)) + r")(?:了|约)?$")
_SUFFIX_RE = re.compile(r"\s*(及以上|以上|及以下|以下|以内|之内|内|左右)?")
_SUFFIX_LABEL = {"及以上": "以上", "以上": "以上", "及以下": "以下", "以下": "以下",
                 "以内": "以内", "之内": "以内", "内": "以内"}

# -- units -----------------------------------------------------------------------------
RATE, POINTS, COUNT, DURATION, MONEY, MEASURE = "rate", "points", "count", "duration", "money", "measure"


@dataclass(frozen=True)
class Unit:
    """A unit a target is counted in, and how an actual written in another converts to it."""

    name: str
    kind: str
    base: str  # what it converts to: 亿元 -> 元, 小时 -> 分钟
    scale: float = 1.0


def _units() -> dict[str, Unit]:
    out: dict[str, Unit] = {}
    counting = ("个 项 种 家 户 名 人 人次 次 场 场次 台 座 所 条 件 件次 期 株 套 辆 艘 批 批次 笔 份 张 类 款 宗 位 处"
                " 篇 部 支 把 棵")
    for name in counting.split():
        out[name] = Unit(name, COUNT, name)
    for name, base, scale in [("万户", "户", 1e4), ("万人", "人", 1e4), ("万人次", "人次", 1e4), ("万家", "家", 1e4),
                              ("万件", "件", 1e4), ("万株", "株", 1e4)]:
        out[name] = Unit(name, COUNT, base, scale)
    out["%"] = Unit("%", RATE, "%")
    out["个百分点"] = Unit("个百分点", POINTS, "个百分点")
    out["倍"] = Unit("倍", MEASURE, "倍")
    for name, base, scale in [("个工作日", "工作日", 1), ("工作日", "工作日", 1), ("天", "天", 1), ("日", "天", 1),
                              ("小时", "分钟", 60), ("分钟", "分钟", 1), ("个月", "月", 1), ("周", "天", 7)]:
        out[name] = Unit(name, DURATION, base, scale)
    for name, scale in [("元", 1), ("万元", 1e4), ("亿元", 1e8)]:
        out[name] = Unit(name, MONEY, "元", scale)
    for name, scale in [("美元", 1), ("万美元", 1e4), ("亿美元", 1e8)]:
        out[name] = Unit(name, MONEY, "美元", scale)
    for name, base, scale in [("米", "米", 1), ("公里", "米", 1e3), ("千米", "米", 1e3), ("平方米", "平方米", 1),
                              ("万平方米", "平方米", 1e4), ("平方公里", "平方米", 1e6), ("亩", "亩", 1),
                              ("万亩", "亩", 1e4), ("公顷", "公顷", 1), ("立方米", "立方米", 1),
                              ("万立方米", "立方米", 1e4), ("亿立方米", "立方米", 1e8), ("吨", "吨", 1),
                              ("万吨", "吨", 1e4), ("亿吨", "吨", 1e8), ("斤", "斤", 1), ("万斤", "斤", 1e4),
                              ("亿斤", "斤", 1e8), ("千瓦", "千瓦", 1), ("万千瓦", "千瓦", 1e4), ("兆瓦", "千瓦", 1e3)]:
        out[name] = Unit(name, MEASURE, base, scale)
    return out


UNITS: dict[str, Unit] = _units()
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))

# -- numbers ---------------------------------------------------------------------------
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 1e4, "亿": 1e8}
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％．，～－", "0123456789%.,~-")


def cn_value(text: str) -> float | None:
    """三 -> 3, 十二 -> 12, 两百 -> 200, 一千五百 -> 1500, 三万 -> 30000, 1.5万 -> 15000 (None: not a number)."""
    text = text.strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([万亿]?)", text)
    if m:
        return float(m.group(1)) * (_CN_BIG[m.group(2)] if m.group(2) else 1)
    if not text or any(c not in _CN_CHARS for c in text):
        return None
    total, section, digit = 0.0, 0.0, None
    for c in text:
        if c in _CN_DIGIT:
            if digit is not None:  # 一五: digits read one by one are not a number here
                return None
            digit = _CN_DIGIT[c]
        elif c in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[c]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * _CN_BIG[c]
            section, digit = 0.0, None
    return total + section + (digit or 0)


_NUMBER = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*)"
_QUANTITY = re.compile(
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|{_NUMBER})\s*[余多]?\s*"
    rf"(?:(?P<unit>{_UNIT_ALT})|(?P<mult>[万亿])\s*(?P<munit>{_UNIT_ALT}))"
    r"|百分之(?P<pct>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)")


# -- masking: what is never a target ---------------------------------------------------
_MASKS = [
    # a sentence that reports a period gone by (1-2月，…同比下降12.7%；截至…，今年以来，): actuals, not targets
    # (一季度，全市实现GDP 178.5亿元、增长5.1%): a quarter or half-year that opens a sentence, before a comma, reports too
    re.compile(r"(?:^|(?<=[。；;\n]))\s*(?:\d{1,2}\s*[-—–~～至]\s*\d{1,2}\s*月(?:份)?|截至[^，,。]{0,12}|今年以来"
               r"|(?:\d{4}\s*年|今年|本年)?(?:第?[一二三1-3]季度|前[二两三]季度|上半年))\s*[，,][^。；;\n]*"),
    re.compile(r"(?:预计|估计)(?!目标|完成时间)[^。；;\n]*"),  # 预计上半年GDP增长6%: a forecast, not a commitment
    re.compile(r"“[^“”\n]{0,40}”|\"[^\"\n]{0,40}\"|‘[^‘’\n]{0,40}’|「[^「」\n]{0,40}」"),  # names and slogans
    re.compile(r"《[^《》\n]{0,80}》|〔[^〔〕\n]{0,20}〕|［[^［］\n]{0,20}］|\[[^\[\]\n]{0,20}\]"),  # titles, doc numbers
    re.compile(r"\d{2,4}\s*[—–\-~～至到]\s*\d{2,4}\s*年"),  # 2020—2025年
    re.compile(r"[〇零一二三四五六七八九]{4}年"),  # 二〇二二年
    re.compile(r"\d{2,4}\s*年(?:度|底|末|初)?(?:\s*\d{1,2}\s*月(?:份|底|末|初|中旬|上旬|下旬)?(?:\s*\d{1,2}\s*日)?)?"),
    re.compile(r"\d{1,2}\s*月(?:份|底|末|初|中旬|上旬|下旬)?(?:\s*\d{1,2}\s*[日号])?"),
    re.compile(r"[一二三四五六七八九十]{1,3}月(?:份|底|末|中旬|上旬|下旬)?"),
    re.compile(r"(?:第|每|前|近|连续|过去|其余|其他|最高|最多|最长|最低|最快|最大|上限|从|由)\s*" + _NUMBER + r"[万亿]?"),
    re.compile(r"[A-Za-z][\d.]+|\d+(?:\.\d+)?(?=[A-Za-z])"),  # 5G, PM2.5, 4K
    re.compile(r"[×xX*]\s*\d+(?:\.\d+)?|\d+\s*[×xX*]"),  # 7×24
    re.compile(r"24\s*小时(?!\s*(?:以内|之内|内))"),  # round the clock, a kind of service
    re.compile(rf"{_NUMBER}\s*(?:{_UNIT_ALT})?\s*[~～\-—–至到]\s*{_NUMBER}"),  # ranges: 1~2场, 20至30分钟
    re.compile(r"一(?=次性|批|些|体|流|站|线|网|窗|门|键|口|律|致|系列|把手)"),
    re.compile(rf"(?:年满|满|未满|不满)?\s*{_NUMBER}\s*周?岁"),  # ages: 年满18周岁, 60岁以上
    re.compile(r"(?<![\d一二三四五六七八九十])[一二三四五六七八九十]{1,2}期"),  # phases: 改扩建二期, 一期工程
    re.compile(rf"(?:最多|至多|最长|最高|最低|最少)\s*(?:不超过|不高于|不多于|不少于|不低于|为|是)?\s*{_NUMBER}[万亿]?"),
    re.compile(rf"分\s*{_NUMBER}\s*(?:批|批次|期|轮|年|步)"),  # 分三批实施: how, not how much
    re.compile(r"每(?:个)?(?:月|季度|季|年|周|半年)\s*(?:第\s*\d+\s*个月的?)?\s*\d{1,2}\s*[日号]"),  # 每月28日前
    re.compile(r"\d{1,2}\s*[日号](?=前|之前|以前)"),  # 20日前: a day of the month
    re.compile(r"[（(]\s*含\s*[）)]"),  # 30人（含）以下: the bracket is not between number and suffix
    re.compile(rf"{_NUMBER}\s*(?:个|项)\s*[\u4e00-\u9fff]{{0,4}}指标"),  # 4个结构性指标均实现…: how many indicators
    re.compile(rf"{_NUMBER}\s*个方面"),  # 10个方面: how the plan is divided
    re.compile(rf"(?:确定|明确|梳理|分解|下达|提出|包括|涉及|共)了?\s*(?:{_NUMBER}\s*个方面\s*[、，,和]?\s*)?"
               rf"{_NUMBER}\s*(?:项|条|件)(?:重点)?(?:工作|任务|事项)"),  # 确定了…190项重点工作: the plan's own items
    re.compile(rf"(?:工作|任务|事项)\s*共(?:计|有)?\s*{_NUMBER}\s*(?:项|条|件)"),  # 重点工作任务共225项: the same
]
_CLAUSE_END = set("，。；;：:！？!?\n,")
_PARAMETER = re.compile(r"补助|补贴|奖励|奖补|资助|给予|贴息|津贴|扶持资金|返还")
_LEAD_STRIP = re.compile(r"^(?:[、和及与或等的]|将|把|使|推动|推进|确保|力争|争取|实现|要|其中|并(?![网购联轨表])|且|同时|在|对"
                         r"|(?:\d+|[一二三四五六七八九十]+)(?:个月|年)内)+")
_TAIL_STRIP = re.compile(r"(?:力争|争取|均|都|分别|要|将|可|应|需|须|基本|全部|以|年均|平均)+$")
_MEASURE_NOUN = re.compile(r"(?:率|比例|比重|占比|时间|时限|时长|周期|数量|总量|量|数|次数|环节|成本|费用|规模|强度|涨幅|增速|面积|浓度)$")
_ALL_IN = "均都"
_LIST_SEP = re.compile(r"\s*(?:以下|以内|以上)?\s*[、和及与或]\s*")
_EMPTY_METRIC = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]|但|最多|至多|其中|并且|并|且|或|等|的|了|在|为|是|要|将|可")
_MONEY_NOUN = re.compile(r"(?:投资|投入|资金|安排|筹集|融资|预算|拨付|争取)$")
_WHAT_FOR = re.compile(r"(?:用于|建设|新建|改造|实施|支持|打造|推进|开展|完成|购置|兴建)")
_SHARE_OF = re.compile(r"(?:达到|占)[^，。；、]{1,15}总(?:数|量|面积|人数|户数|规模|额)的$")
_POLICY = re.compile(r"(?:具体|配套|支持|扶持|惠企|政策)?(?:措施|政策|举措|条款|意见|规定|细则)")
_OBJECT = re.compile(r"[^，。；]{0,12}为(?:主要|重点|服务)?对象")
_WHEN = re.compile(r"\u3000+(?:之前|以前|前|起|以来)")
_BARE_VERB = re.compile(r"(?:新|全面|累计)?(?:开工建设|开工|建设|建成|完成|实施|启动|新建|改造|安装|投用)+")
_CONTINUE = re.compile(r"^(?:继续|持续|进一步|加快|大力|积极|稳步)*(?:推进|推动|实施|开展)?")
_FEWER = re.compile(r"(?:个|张|份|道)?(?:环节|表单|材料|证明|手续)")


def _mask(text: str) -> str:
    """The text with everything that cannot hold a target blanked (same length, so spans agree)."""
    out = text.translate(_FULL_WIDTH)
    out = re.sub(r"(?<=\d)．(?=\d)", ".", out)
    for rx in _MASKS:
        out = rx.sub(lambda m: m.group(0)[0] + "\u3000" * (len(m.group(0)) - 2) + m.group(0)[-1]
                     if m.group(0)[0] in "“\"‘「《〔［[" else "\u3000" * len(m.group(0)), out)
    return out


# -- the target ------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """One measurable commitment of a milestone: ``metric`` ``comparison`` ``value`` ``unit``,
    e.g. “一网通办”网上实办率 达到 90 %. ``span`` is where it is written in the milestone's
    text and ``text`` that stretch as written."""

    milestone_id: str
    metric: str
    comparison: str  # a key of COMPARISONS
    value: float
    unit: str  # a key of UNITS
    span: tuple[int, int]
    text: str

    @property
    def direction(self) -> str:
        return COMPARISONS[self.comparison]

    @property
    def goal(self) -> str:
        """达到90% / 不少于500项 / 控制在3个工作日以内 / 减少50%: the target as a 目标 cell shows it."""
        amount = f"{format_value(self.value)}{self.unit}"
        if self.comparison == "控制在以内":
            return f"控制在{amount}以内"
        if self.comparison in ("以上", "以内", "以下"):
            return f"{amount}{self.comparison}"
        return f"{self.comparison}{amount}"

    def to_dict(self) -> dict[str, object]:
        return {"milestone_id": self.milestone_id, "metric": self.metric, "comparison": self.comparison,
                "direction": self.direction, "value": self.value, "unit": self.unit, "goal": self.goal,
                "span": list(self.span), "text": self.text}


def format_value(value: float) -> str:
    """15000 -> 1.5万, 90.0 -> 90, 0.5 -> 0.5."""
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= size and round(value / size, 2) * size == value:
            return f"{value / size:g}{word}"
    return f"{value:g}" if abs(value) < 1e15 else str(value)


@dataclass
class _Quantity:
    start: int  # the number
    end: int  # after the unit
    value: float
    unit: str
    cn: bool  # written in Chinese numerals
    after: int = 0  # after the suffix (以上, 以内 …)
    suffix: str = ""


def _quantities(masked: str) -> Iterator[_Quantity]:
    """Every number with a unit, in order (the candidates: most are then kept or left out by
    the words around them)."""
    for m in _QUANTITY.finditer(masked):
        if m.group("pct") is not None:
            value = cn_value(m.group("pct"))
            if value is not None:
                yield _Quantity(m.start(), m.end(), value, "%", not m.group("pct")[0].isdigit())
            continue
        num = m.group("num").replace(",", "")
        value = cn_value(num)
        if value is None:
            continue
        cn = not num[0].isdigit()
        if m.start() and (masked[m.start() - 1].isdigit() or masked[m.start() - 1] == "." or (
                cn and masked[m.start() - 1] in _CN_CHARS)):
            continue  # the tail of a longer number or word
        unit = m.group("unit") or m.group("munit")
        if m.group("mult"):
            value *= _CN_BIG[m.group("mult")]
        if unit is None or unit == "%" and cn:
            continue
        yield _Quantity(m.start(), m.end(), value, unit, cn)


def extract_targets(text: str, milestone_id: str = "") -> list[Target]:
    """The targets written in ``text`` (a milestone's text), in the order written."""
    masked = _mask(text)
    found = list(_quantities(masked))
    for q in found:
        s = _SUFFIX_RE.match(masked, q.end)
        assert s is not None  # every group of the pattern is optional
        q.suffix, q.after = (s.group(1) or ""), s.end()
    # lists: "17个、25个工作日", "1小时、2小时、5小时、11小时以内" share unit, comparison and metric
    groups: list[list[_Quantity]] = []
    for q in found:
        if groups and q.start > groups[-1][-1].after and _LIST_SEP.fullmatch(masked[groups[-1][-1].after:q.start]):
            groups[-1].append(q)
        else:
            groups.append([q])
    out: list[Target] = []
    floor = 0
    for n, group in enumerate(groups):
        first, last = group[0], group[-1]
        for q in group[:-1]:
            if q.unit != last.unit and last.unit.startswith(q.unit):
                q.unit = last.unit
            q.suffix = q.suffix or last.suffix
        clause = _Clause(text, masked, _clause_start(masked, first.start, floor), _clause_end(masked, last.after),
                         groups[n + 1][0].start if n + 1 < len(groups) else len(masked))
        floor = last.after
        label, metric_end, gap = _comparison_before(masked[clause.start:first.start])
        right = clause.right(last)
        for q in group:
            out.extend(_target(clause, q, first.start, label, clause.start + metric_end, gap, right, milestone_id))
    return out


@dataclass(frozen=True)
class _Clause:
    """The stretch of text a quantity is read in: from the last clause mark (or the previous
    quantity) to the next one."""

    text: str
    masked: str
    start: int
    end: int
    next_quantity: int

    def right(self, q: _Quantity) -> tuple[int, int]:
        """Where the noun phrase after a quantity is ("多部门联办“一件事”"): up to the clause's end,
        or up to the list comma before the next quantity ("1台岸桥、3台轨道吊装机")."""
        end = self.end
        if self.next_quantity < end:  # "1台岸桥、3台…", "2000名技能重点人才和10000名…"
            comma = self.masked.find("、", q.after, self.next_quantity)
            end = comma if comma >= 0 else self.next_quantity
            tail = re.search(r"(?:以及|和|及|与|或)?\s*$", self.masked[q.after:end])
            end -= len(tail.group(0)) if tail else 0
        start = q.after
        lead = re.match(r"(?:内|以内|之内)?\s*(?:可|即可|均可|做到|实现)?", self.masked[start:end])
        start += lead.end() if lead else 0
        if start >= end or self.masked[start] in "的）)以左内":
            return q.after, q.after
        return start, end


def _clause_start(masked: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and masked[i - 1] not in _CLAUSE_END:
        i -= 1
    return i


def _clause_end(masked: str, pos: int) -> int:
    i = pos
    while i < len(masked) and masked[i] not in _CLAUSE_END:
        i += 1
    return i


def _comparison_before(head: str) -> tuple[str, int, int]:
    """The comparison written before a quantity: its label ("" when none), where the metric
    before it ends and where the words between it and the number start (all in ``head``)."""
    stripped = head.rstrip()
    by = _BY_RE.search(stripped)
    if by:
        return _BY_WORDS[by.group(1)], by.start(), len(stripped)
    to = None
    for to in _TO_RE.finditer(stripped):
        pass
    if to is not None:
        gap = stripped[to.end():]
        if not gap or (to.group(0) in _GAP_WORDS and len(gap) <= 12):
            return _TO_WORDS[to.group(0)], to.start(), to.end()
    return "", len(stripped), len(stripped)


def _target(clause: _Clause, q: _Quantity, anchor: int, label: str, metric_end: int, gap: int,
            right: tuple[int, int], milestone_id: str) -> list[Target]:
    """The target(s) of one quantity (``anchor``: where its list starts), or none when it is a
    condition or a parameter."""
    text, masked = clause.text, clause.masked
    unit = UNITS[q.unit]
    after = masked[q.after:clause.end]
    head = masked[clause.start:anchor].rstrip()
    # conditions and parameters, not commitments: "20米内的小工商户", "10吨以上企业", "的60%给予补贴"
    special = re.match(r"的比例(?:逐年|每年|年均)?(下降|减少|降低|增长|提高|提升)", after)  # 以10%的比例逐年下降
    cover = unit.kind == COUNT and after[:1] == "的" and re.search(r"(?:覆盖|惠及|受益)$", head)  # 覆盖40万户的…区域
    # 完成75%以上的确权登记: the share of what is done, named after 的
    cover = cover or unit.kind == RATE and after[:1] == "的" and re.search(r"(?:完成|实现|覆盖)$", head)
    if not special and not cover and (after[:1] in ("的", "且") or re.match(r"\s*[（(]?不含", after) or after.startswith("性")):
        return []
    if unit.kind != COUNT and _PARAMETER.search(masked[clause.start:clause.end]):
        return []
    if q.unit in ("条", "项") and _POLICY.match(after) or head.lstrip().startswith("以") and _OBJECT.match(after):
        return []  # 落实好90条措施: a policy's size; 以7600多名残疾人为主要对象: whom it is for
    share = _SHARE_OF.search(head) if unit.kind == RATE else None
    if share:  # 无违建街（镇）达到全市街（镇）总数的80%: the share the metric before 达到 reaches
        label, metric_end, gap = "达到", clause.start + share.start(), len(head)
    elif unit.kind == RATE and head.endswith("的") or head.endswith(("不含", "包括", "含")):
        return []  # 保费的60%: a share of something; （不含6亩）
    if q.cn and _summary(head, q.value):
        return []
    if unit.kind in (MEASURE, MONEY) and not label and (
            head.endswith("在") or q.suffix and after[:1] and after[:1] not in "，。；、"):
        return []
    if q.cn and q.value == 1 and not label:
        return []  # 一 is a word far more often than a number: only with a comparison (至少一次)
    # the comparison
    if special:
        label = _BY_WORDS[special.group(1)]
        metric_end = clause.start + len(head) - 1  # before 以
    elif head.endswith("以") or after.startswith("的比例"):
        return []
    suffix = _SUFFIX_LABEL.get(q.suffix, "")
    if not label:
        label = suffix or ("以内" if unit.kind == DURATION or _FEWER.match(after) else "达到")
    elif label == "达到" and suffix in ("以内", "以下"):
        label = suffix
    # the metric: what is counted
    r_start, r_end = right
    if cover:  # what covers them is named after 的
        r_start, r_end = q.after + 1, min(clause.end, clause.next_quantity)
    if r_start == r_end and unit.kind == DURATION and masked[q.after:q.after + 1] in ("，", ","):
        # "1个工作日内，可获得建设用地规划许可证、…": what is done in that time is the next clause
        r_start = q.after + 1
        r_end = _clause_end(masked, r_start)
        r_end = masked.find("、", r_start, r_end) if "、" in masked[r_start:r_end] else r_end
        lead = re.match(r"\s*(?:可|即可|就|能|均可|做到|实现|完成)?", masked[r_start:r_end])
        r_start += lead.end() if lead else 0
    right_text = text[r_start:r_end].strip()
    gap_text = text[clause.start + gap:anchor].strip() if clause.start + gap < anchor else ""
    when = _WHEN.match(masked, clause.start, max(clause.start, metric_end))  # 12月底前: a date, not the metric
    if gap_text:
        l_start, left = clause.start + gap, _clean_left(gap_text)[1]
    else:
        l_start, left = _left_phrase(text, when.end() if when else clause.start, metric_end)
    if unit.kind == COUNT and not right_text and _BARE_VERB.fullmatch(left) and clause.start and \
            masked[clause.start - 1] in "，,":  # 增设电梯，12月底前开工建设200部: what is built is named before
        before = _clean_left(_CONTINUE.sub("", text[_clause_start(masked, clause.start - 1, 0):clause.start - 1]))[1]
        if len(before) >= 2:
            left = before + left
    if left and clause.start and masked[clause.start - 1] not in _CLAUSE_END and "、" in left:
        l_start, left = l_start + left.rfind("、") + 1, left[left.rfind("、") + 1:]  # 1个环节、0成本、1天办结
    if unit.kind == MONEY and left and _MONEY_NOUN.search(left) and _WHAT_FOR.match(right_text):
        metric, used = left, "left"  # 投资3000万元建设…基地: the money is what is measured, not what it builds
    elif cover and unit.kind == RATE and right_text:
        metric, used = cover.group(0) + right_text, "right"  # 完成 + 确权登记: the verb, not the year before it
    elif unit.kind in (COUNT, MONEY) and right_text:
        metric, used = right_text, "right"
        if head.endswith("新增"):
            metric = "新增" + metric
    elif left:
        metric, used = left, "left"
        if unit.kind in (DURATION, RATE) and right_text and not _MEASURE_NOUN.search(left):
            metric, used = left + right_text, "both"
    else:
        metric, used = right_text, "right"
    if metric.count("“") != metric.count("”"):
        metric = metric.replace("“", "").replace("”", "")
    if len(_EMPTY_METRIC.sub("", metric)) < 2:
        return []  # “但最多”, “其中”: no words that name what is measured
    start = min(l_start if used != "right" else q.start, metric_end if label else q.start, q.start)
    end = max(q.after, r_end if used != "left" else q.after, q.after + special.end() if special else 0)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    span_text = text[start:end]
    if re.search(f"[{_ALL_IN}]$", masked[clause.start:metric_end].rstrip()):
        parts = [p for p in re.split(r"[和及与、]", metric) if len(p) >= 2]
        if len(parts) > 1:
            return [Target(milestone_id, p, label, q.value, q.unit, (start, end), span_text) for p in parts]
    return [Target(milestone_id, metric, label, q.value, q.unit, (start, end), span_text)]


def _summary(head: str, value: float) -> bool:
    """机构、编制、人员、经费四个到位: a number that counts the items just listed."""
    items = re.split(r"[、和及]", re.split(r"[，。；：“”]", head)[-1])
    return len(items) > 1 and len(items) == value


def _left_phrase(text: str, start: int, end: int) -> tuple[int, str]:
    """The metric written before the comparison ("“一网通办”网上实办率"), without the verbs and
    modal words around it; shortened to what follows its last 的 or quotation when long."""
    offset, phrase = _clean_left(text[start:end])
    return start + offset, phrase


def _clean_left(phrase: str) -> tuple[int, str]:
    offset = 0
    lead = _LEAD_STRIP.match(phrase)
    if lead:
        offset, phrase = lead.end(), phrase[lead.end():]
    phrase = _TAIL_STRIP.sub("", phrase.rstrip())
    if len(_unbracket(phrase)) > 14:
        for cut in sorted({phrase.rfind("的"), phrase.rfind("”"), phrase.rfind("）")}, reverse=True):
            rest = _unbracket(phrase[cut + 1:]).strip()
            lead = _LEAD_STRIP.match(rest)
            if lead and lead.end() < len(rest):
                cut, rest = cut + lead.end(), rest[lead.end():]
            if cut >= 0 and len(rest) >= 3:
                return offset + cut + 1, rest
    return offset, _unbracket(phrase).strip()


def _unbracket(text: str) -> str:
    """Without the notes in brackets: "学校（除…外）比例" -> "学校比例"."""
    return re.sub(r"[（(][^（）()]*[）)]", "", text)


# -- a plan's targets ------------------------------------------------------------------
def plan_targets(plan: Plan) -> dict[str, tuple[Target, ...]]:
    """The targets of each milestone that has any, by milestone id (computed once per plan)."""
    cached = plan.__dict__.get("_plan_targets")
    if cached is None:
        cached = {}
        for m in plan.milestones:
            found = extract_targets(m.text, m.id)
            if found:
                cached[m.id] = tuple(found)
        plan.__dict__["_plan_targets"] = cached
        keep = plan.__dict__.pop("_keep_targets", None)  # a workspace keeps them with its plan
        if keep is not None:
            keep(cached)
    return cached


def finder_version() -> str:
    """What the targets found depend on besides the text: this module's own code."""
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def target_lines(plan: Plan) -> list[str]:
    """What ``planbook targets`` prints: every target found, by milestone, with its text."""
    found = plan_targets(plan)
    n = sum(len(v) for v in found.values())
    lines = [f"{plan.title or plan.source}：{len(plan.milestones)} 个节点中 {len(found)} 个有量化目标，共 {n} 个目标。"]
    for m in plan.milestones:
        for t in found.get(m.id, ()):
            lines.append(f"{m.id}\t{t.metric}\t{t.goal}\t〔{t.text}〕")
    return lines


def targets_dict(plan: Plan) -> dict[str, object]:
    """The targets as JSON (``planbook targets --json``)."""
    found = plan_targets(plan)
    return {"plan": plan.title, "fingerprint": plan.fingerprint,
            "targets": [t.to_dict() for m in plan.milestones for t in found.get(m.id, ())]}


# -- actuals ---------------------------------------------------------------------------
_ACTUAL = re.compile(
    r"(?:超过|超|约|近|达到|达|共|累计|已达|已)?(?P<neg>[-−])?"
    rf"(?:百分之(?P<pct>\d+(?:\.\d+)?|[{_CN_CHARS}]+)"
    rf"|(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d*\.?\d+|[{_CN_CHARS}]+?)[余多]?(?P<mult>[万亿])?(?P<unit>{_UNIT_ALT})?)"
    r"(?:以上|余|多|左右)?")


def parse_actual(text: object, unit: str) -> float | None:
    """What an agency typed as a 完成值, in the target's ``unit``: 85, 85%, 1.5万, 211项, 超85%,
    12万户, 3个工作日, 2小时 (for 分钟: 120). None when it is not a number, or is one in a unit
    that does not convert (85% for a count, 3小时 for 个工作日). Any counting word does for
    another (211项 for 种): agencies and plans count the same things with different words."""
    if text is None:
        return None
    s = re.sub(r"\s", "", str(text).translate(_FULL_WIDTH)).replace("－", "-")
    m = _ACTUAL.fullmatch(s)
    if not m:
        return None
    target = UNITS.get(unit)
    if m.group("pct") is not None:
        value, written = cn_value(m.group("pct")), "%"
    else:
        value, written = cn_value(m.group("num").replace(",", "")), m.group("unit")
    if value is None:
        return None
    if m.group("neg"):
        value = -value
    if m.group("mult"):
        value *= _CN_BIG[m.group("mult")]
        if written is None:  # 12万 for 万户 is 12; 1.5万 for 个 is 15000
            return value / _CN_BIG[unit[0]] if len(unit) > 1 and unit[0] in _CN_BIG else value
    if written is None or (written == "个" and unit.startswith("个") and unit != "个"):  # 3个 for 3个工作日
        return value
    if target is None:
        return value if written == unit else None
    have = UNITS[written]
    if have.kind != target.kind or (have.kind != COUNT and have.base != target.base):
        return None
    if have.kind == COUNT and have.base != target.base and have.scale * target.scale != 1:
        return None  # 12万人 for 户
    return value * have.scale / target.scale


def judge(target: Target, actual: float) -> str:
    """达标 when ``actual`` meets the target in its direction, else 未达标."""
    eps = 1e-9 * max(1.0, abs(target.value))
    d = target.direction
    met = {
        AT_LEAST: actual >= target.value - eps,
        REDUCE_BY: actual >= target.value - eps,
        INCREASE_BY: actual >= target.value - eps,
        MORE_THAN: actual > target.value + eps,
        AT_MOST: actual <= target.value + eps,
        LESS_THAN: actual < target.value - eps,
    }[d]
    return "达标" if met else "未达标"
