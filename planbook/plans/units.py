"""The units (单位) a task names and the part each plays: lead (牵头) or partner (配合).

Plans say it in many ways: labels (``（牵头单位：A、B；配合单位：C）``), verbs (``（A牵头，B、C
配合）``, ``（A、B负责）``, ``A会同B负责``, ``A、B分别牵头``), or columns. Where a list of
responsible units does not say who leads, the plan's lead rule decides: stated once
(``排在第一位的部门为牵头部门，下同``), or, when it is not stated, the first listed unit is
taken as the lead and the task says so in a note.

Unit lists are split on 、，； but a group that contains 、 stays whole (``各区、县级市``), a
shared suffix is spread (``黄埔区、南沙区政府`` -> 黄埔区政府, 南沙区政府), brackets inside a
name are kept (``各县（市、区）政府``), and a lead loses a trailing ``等……``. Persons
(``牵头领导``, ``分管省领导``) are never units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LEAD = "lead"
PARTNER = "partner"
RESPONSIBLE = "responsible"  # 责任单位 alone: every unit is responsible; beside 牵头单位 they are partners
LISTED = "listed"  # 负责: the plan's lead rule picks the lead
PERSON = "person"
ROLE_NAMES = {LEAD: "牵头单位", PARTNER: "配合单位", RESPONSIBLE: "责任单位", LISTED: "负责单位", PERSON: "领导（不是单位）"}

FIRST = "first"  # the first listed unit leads
ALL = "all"  # every listed unit leads
LEAD_RULES = {FIRST: "所列单位中排在第一位的牵头", ALL: "所列单位都牵头"}

_T = {"牵": "[牵牽]", "头": "[头頭]", "单": "[单單]", "责": "[责責]", "负": "[负負]", "门": "[门門]", "领": "[领領]",
      "导": "[导導]", "协": "[协協]", "办": "[办辦]", "与": "[与與]", "区": "[区區]", "务": "[务務]", "长": "[长長]",
      "职": "[职職]", "别": "[别別]", "参": "[参參]", "实": "[实實]", "级": "[级級]", "县": "[县縣]", "汇": "[汇匯]",
      "总": "[总總]", "为": "[为為]", "业": "[业業]"}


def tc(word: str) -> str:
    """A regex that matches ``word`` written in simplified or traditional characters."""
    return "".join(_T.get(ch, re.escape(ch)) for ch in word)


_LABEL_WORDS = (
    (PERSON, "牵头负责领导 负责领导 牵头领导 分管领导 责任领导 联系领导 分管省领导 分管市领导 分管区领导 牵头市领导 牵头省领导 包保领导 责任人 牵头人 联系人"),
    (LEAD, "牵头责任单位 牵头单位 牵头部门 主责单位 主责部门 主办单位 牵头科室 牵头股室 牵头处室 牵头"),
    (PARTNER, "协同责任单位 配合责任单位 协办责任单位 配合单位 配合部门 协办单位 协作单位 协助单位 参与单位 参加单位 协同单位 配合科室 配合股室 配合处室 配合"),
    (RESPONSIBLE, "责任单位 责任部门 责任主体 责任地区 责任处室 责任科室 责任股室 实施单位 承办单位"),
    (LISTED, "负责单位 负责部门 部门分工 责任分工 职责分工 任务分工 单位分工 分工单位"),
)
LABEL_ROLE: dict[str, str] = {}
for _role, _words in _LABEL_WORDS:
    for _w in _words.split():
        LABEL_ROLE[_w] = _role
_LABEL = re.compile("(" + "|".join(tc(w) for w in sorted(LABEL_ROLE, key=len, reverse=True)) + r")\s*[：:]")
_PERSON_FIELD = re.compile(r"\s*[（(]\s*(?:" + "|".join(tc(w) for w, r in sorted(LABEL_ROLE.items(), key=lambda x: -len(x[0]))
                                                   if r == PERSON) + r")\s*[：:][^（）()]*[）)]\s*$")


def without_persons(heading: str) -> str:
    """A heading without the persons' field that closes it: ``……工作目标（牵头领导：成某、柯某）`` -> ``……工作目标``."""
    return _PERSON_FIELD.sub("", heading).strip() or heading


_SIMPLE = str.maketrans("牽頭單責負門領導協辦與區務長職別參實級縣匯總為業", "牵头单责负门领导协办与区务长职别参实级县汇总为业")

_VERBS = (
    (LEAD, "分别牵头 牵头负责 牵头落实 牵头"),
    (LISTED, "按职责分工负责 按职能分工负责 按职责负责 共同负责 分别负责 负责落实 负责"),
    (PARTNER, "配合落实 配合 参与 协助 协同 协办"),
)
_VERB_ROLE = {w: role for role, words in _VERBS for w in words.split()}
_VERB = re.compile("(" + "|".join(tc(w) for w in sorted(_VERB_ROLE, key=len, reverse=True)) + r")\s*$")

_RULE = re.compile(
    rf"(第一位|首位|排名第一|第一个|{tc('列')}第一|排在第一|排序第一)[^，。；,;]{{0,16}}({tc('牵头')}|{tc('汇总')}|主责)"
)
_LEAD_MARK = re.compile(rf"([^、，,；;（）()\s]+)[（(]\s*(?:{tc('牵头')}|{tc('牵头单位')}|主责)\s*[）)][、，,]?")
_RULE_CLAUSE = re.compile(r"第一位|首位|排名第一|排序第一|下同|以下同")
_SEPARATORS = "、，,；;/／\n\t 　"
_LEVELS = {"区", "县", "市", "县级市", "县区", "区县", "市县", "乡", "镇", "乡镇", "街道", "街", "旗", "盟", "州",
           "开发区", "园区", "管委会", "自治县", "地区", "县（市）", "市（州）", "县（区）", "区（县）"}
_SUFFIXES = ("人民政府", "政府", "党委", "党委政府", "管委会")
_PLACE_END = ("区", "县", "市", "旗", "镇", "乡", "州", "盟")
_ETC = re.compile(r"^(.+?)等(?:有关|相关|其他)?(部门和单位|单位和部门|部门|单位|机构|地区)?$")


def find_lead_rule(text: str) -> str:
    """The clause of ``text`` stating that the first listed unit leads, or ""."""
    for clause in re.split(r"[。；;\n]", text):
        m = _RULE.search(clause)
        if m:
            start = max(clause.rfind("，", 0, m.start()), clause.rfind("（", 0, m.start()), clause.rfind("(", 0, m.start()))
            return clause[start + 1:].strip("（）() ，,")
    return ""


def strip_rule(text: str) -> str:
    """The text without a stated lead rule (``（除标注“分别牵头”外，列第一位为牵头单位，下同）``)."""
    if not _RULE_CLAUSE.search(text):
        return text
    text = re.sub(r"[（(][^（）()]*(第一位|首位|排名第一|排序第一|下同)[^（）()]*[）)]", "", text)
    parts = re.split(r"([，,。；;])", text)
    kept: list[str] = []
    for i in range(0, len(parts), 2):
        clause = parts[i]
        if _RULE_CLAUSE.search(clause) or (_RULE.search(clause)):
            continue
        kept.append(clause + (parts[i + 1] if i + 1 < len(parts) else ""))
    return "".join(kept).strip("，,。；; ")


_ANY_LABEL = re.compile(r"^([^\s：:，,。；;（）()\d]{2,8})\s*[：:]\s*(.+)$", re.S)
_LEAD_VERB = re.compile(f"{tc('牵头')}|{tc('负责')}")


def labelled_units(text: str) -> str:
    """The unit statement under a label the reader does not know (``部门分工：A牵头，B配合``,
    ``落实主体：A负责``): what follows the label when it names units with 牵头 or 负责, else ""."""
    m = _ANY_LABEL.match(text.strip())
    if not m or _LABEL.match(text.strip()):
        return ""
    content = m.group(2).strip().rstrip("。")
    if "。" in content or not _LEAD_VERB.search(content) or not is_unit_statement(content):
        return ""
    return content


def has_label(text: str) -> bool:
    return bool(_LABEL.search(text))


def is_unit_statement(text: str) -> bool:
    """Does this bracket's content name units (``牵头单位：A``, ``A、B负责``, ``A牵头，B配合``)?"""
    text = strip_rule(text.strip())
    if not text or len(text) > 400:
        return False
    if _LABEL.match(text) or (_LABEL.search(text) and "。" not in text):
        return True
    if "。" in text or not _VERB.search(text):
        return False
    pieces = [p for p in _top_split(_VERB.sub("", text), _SEPARATORS) if p]
    return bool(pieces) and all(len(p) <= 30 for p in pieces)


def is_unit_list(text: str) -> bool:
    """A bare list of unit names (``省经贸委、发展改革委、建设厅、统计局``): no label, no verb, no sentence."""
    text = text.strip()
    if not text or len(text) > 200 or "。" in text or _VERB.search(text) or _LABEL.search(text):
        return False
    pieces = [p for p in _top_split(text, _SEPARATORS) if p]
    return bool(pieces) and len(pieces) <= 20 and all(is_unit_name(p) and not p[:1].isdigit() for p in pieces)


@dataclass
class Statement:
    """Units named with one role (as written, before the lead rule)."""

    role: str
    units: list[str]
    each: bool = False  # 分别牵头 / 分别负责: every listed unit leads
    notes: list[str] = field(default_factory=list)


OTHER = "other"  # a labelled field the reader does not take as units (数据提供单位, 统计单位)
_OTHER_LABEL = re.compile(r"[；;，,]\s*([^\s：:，,；;、（）()]{2,8}(?:单位|部门))\s*[：:]")


_ITEMS_UNITS = re.compile(
    rf"^(?:以上|上述)?\s*(\d{{1,3}}|[一二两三四五六七八九十]|该|此)\s*项?\s*(?:目标|任务|工作|指标|事项)?\s*的?\s*"
    rf"({tc('责任单位')}|{tc('牵头单位')}|{tc('责任部门')}|{tc('牵头部门')})\s*(?:均|都)?\s*(?:为|是)\s*(.+?)[。；;]?$")


def units_of_items(text: str) -> tuple[int, str] | None:
    """A sentence after a run of items that names their units: ``4项目标的责任单位均为市发展改革委。``
    -> (4, "责任单位：市发展改革委"); ``该目标责任单位为市经委。`` -> (1, "责任单位：市经委"); None otherwise."""
    m = _ITEMS_UNITS.match(text.strip())
    if not m or not is_unit_list(m.group(3)):
        return None
    n = m.group(1)
    count = int(n) if n.isdigit() else 1 if n in "该此" else 2 if n == "两" else "一二三四五六七八九十".index(n) + 1
    return count, f"{m.group(2)}：{m.group(3)}"


def statements(text: str, role: str = LISTED) -> list[Statement]:
    """What one unit statement says: labelled parts, or clauses ended by a verb; text with
    neither takes ``role`` (a column's role)."""
    text = _LEAD_MARK.sub(r"\1牵头，", strip_rule(text.strip()))
    if not text:
        return []
    marks = list(_LABEL.finditer(text))
    if marks:
        out = []
        head = text[: marks[0].start()].strip("，,；;。 ")
        if head:
            out.extend(_clauses(head, role))
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            label = m.group(1).translate(_SIMPLE)
            named = text[m.end():end].split("。")[0]  # after a full stop: a remark (具体任务均涉及……，下同)
            other = _OTHER_LABEL.search(named)
            if other:  # 数据提供单位：市统计局 after the lead's field: a field of its own, neither leading nor partnering
                out.append(Statement(OTHER, [], notes=[f"“{other.group(1)}”所列单位既不是牵头单位也不是配合单位，未列入"]))
                named = named[:other.start()]
            out.extend(_clauses(named.strip("，,；;。 "), LABEL_ROLE.get(label, role)))
        return out
    return _clauses(text, role)


def _clauses(text: str, role: str) -> list[Statement]:
    """``A牵头，B、C配合`` -> [lead A, partner B C]; a clause with no verb takes the role of the
    next clause that has one (``B等部门，C配合``), else ``role``."""
    out: list[Statement] = []
    waiting: list[str] = []
    for clause in _top_split(text, "，,；;。"):
        clause = clause.strip()
        if not clause:
            continue
        m = _VERB.search(clause)
        if not m:
            waiting.append(clause)
            continue
        verb = m.group(1).translate(_SIMPLE)
        verb_role = _VERB_ROLE.get(verb, role)
        body = clause[: m.start()].strip()
        each = verb.startswith("分别")
        if verb_role == LISTED and role in (LEAD, RESPONSIBLE, PARTNER) and not each:
            verb_role = role  # 牵头单位：A负责 / 责任单位：A、B负责 / 配合单位：C负责
        units_text = "、".join(waiting + [body]) if body or waiting else ""
        waiting = []
        out.extend(_with_partners(units_text, verb_role, each))
    if waiting:
        out.extend(_with_partners("、".join(waiting), role, False))
    return [s for s in out if s.units]


def _with_partners(text: str, role: str, each: bool) -> list[Statement]:
    """``A、B会同C`` -> [A、B with ``role``, C as partner] (会同 outside brackets only)."""
    depth, at = 0, -1
    for i, ch in enumerate(text):
        depth += ch in "（(“"
        depth -= ch in "）)”" and depth > 0
        if depth == 0 and text.startswith("会同", i):
            at = i
            break
    head, tail = (text, "") if at < 0 else (text[:at], text[at + 2:])
    units, notes = split_units(head)
    out = [Statement(role, units, each, notes)]
    if tail:
        units, notes = split_units(tail)
        out.append(Statement(PARTNER, units, False, notes))
    return out


def _top_split(text: str, separators: str) -> list[str]:
    """Split on ``separators`` outside brackets and quotes."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "（([【“":
            depth += 1
        elif ch in "）)]】”" and depth:
            depth -= 1
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts]


_OTHER_NAME = re.compile(r"(?<=[^\s、，,；;/／])\s+(?=[（(](?![^（）()]*(?:牵头|负责|配合|协同|会同|参与|主责|等))"
                         r"[^（）()\n]{2,20}[）)](?:$|\s|[、，,；;]))")
def join_other_names(text: str) -> str:
    """``区发改局`` / ``（区金融办）`` on the next line (or after a space): a unit's other name in brackets
    right after it is part of its name, ``区发改局（区金融办）``."""
    return _OTHER_NAME.sub("", text)


_NAME_NOISE = re.compile(r"^(由|请|并由)|(按职责分工|按职责|按职能|分别|共同|具体)$")


def split_units(text: str) -> tuple[list[str], list[str]]:
    """The units a list names, as written, and notes on the groups it kept whole or split."""
    notes: list[str] = []
    text = join_other_names(text)
    pieces = [_NAME_NOISE.sub("", p).strip() for p in _top_split(text, _SEPARATORS)]
    pieces = [p for p in pieces if p]
    pieces = [q for p in pieces for q in _split_and(p)]
    units: list[str] = []
    extra_partners: list[str] = []
    for piece in pieces:
        m = re.match(r"^(.+?)[（(]\s*(会同|配合|协同)(.+?)[）)]$", piece)
        if m:
            piece = m.group(1).strip()
            extra_partners.append(m.group(3).strip())
        bare = piece
        for suffix in _SUFFIXES:
            if bare.endswith(suffix) and len(bare) > len(suffix):
                bare = bare[: -len(suffix)]
                break
        if units and (bare in _LEVELS or piece in _LEVELS) and not (bare != piece and units[-1].endswith(_SUFFIXES)):
            # 各市、县政府 is one group; 各县区人民政府、园区管委会 are two units, each named in full
            group = units[-1] + "、" + piece
            notes.append(f"“{group}”是一个单位组，未拆分")
            units[-1] = group
            continue
        units.append(piece)
    units = _spread_suffix(units, notes)
    return _unique(units) + [f"\0{p}" for p in extra_partners], notes


_UNIT_END = re.compile(
    r"(局|委|办|厅|部|院|会|中心|政府|公司|集团|所|署|站|队|社|室|处|科|街道|乡镇|镇|乡|区|县|市|旗|联|组|专班|分局|"
    r"管委会|办公室|委员会|银行|大学|学校|医院|园区|开发区|总队|支队|大队|机构|单位|部门|各地|法院|检察院)(等)?$")


def is_unit_name(piece: str) -> bool:
    """区发改局, 市直各有关单位, 各县（市、区）人民政府: short, ending as an office's name ends."""
    piece = re.sub(r"[（(][^（）()]*[）)]", "", piece).strip()
    return 2 <= len(piece) <= 25 and bool(_UNIT_END.search(piece))


def _split_and(piece: str) -> list[str]:
    """``州委编办及州直相关单位`` -> two units, when each side is a unit's name."""
    parts = [p.strip() for p in re.split(r"及|以及", piece)]
    return parts if len(parts) > 1 and all(len(p) >= 3 and is_unit_name(p) for p in parts) else [piece]


def _spread_suffix(units: list[str], notes: list[str]) -> list[str]:
    """``黄埔区、南沙区政府`` -> 黄埔区政府、南沙区政府: place names before a name with a shared suffix."""
    if len(units) < 2:
        return units
    last = units[-1]
    suffix = next((s for s in _SUFFIXES if last.endswith(s) and len(last) > len(s)), "")
    if not suffix or last.startswith("各"):
        return units
    place = last[: -len(suffix)]
    if not place.endswith(_PLACE_END):
        return units
    start = len(units) - 1
    while start > 0 and units[start - 1].endswith(_PLACE_END) and len(units[start - 1]) <= 8 \
            and not units[start - 1].startswith("各"):
        start -= 1
    if start == len(units) - 1:
        return units
    spread = [u + suffix for u in units[start:-1]]
    notes.append(f"“{'、'.join(units[start:])}”拆为{'、'.join('“' + u + '”' for u in spread + [last])}")
    return units[:start] + spread + [last]


def lead_name(unit: str) -> tuple[str, str]:
    """A lead as named: ``人力资源社会保障部等有关部门和单位`` -> (人力资源社会保障部, 有关部门和单位)."""
    m = _ETC.match(unit)
    if not m:
        return unit, ""
    rest = unit[m.end(1) + 1:]
    return m.group(1), rest


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


@dataclass
class Units:
    """A task's leads and partners, and notes on what was decided for it."""

    leads: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    by_position: bool = False  # the lead was taken from the list's order, by the lead rule


def resolve(found: list[Statement], rule: str, rule_stated: bool) -> Units:
    """Leads and partners from a task's statements. ``rule`` (FIRST or ALL) picks the lead
    of a list that does not say; a 责任单位 list leads as a whole unless a rule was stated."""
    out = Units()
    has_lead = any(s.role == LEAD for s in found)
    for s in found:
        out.notes.extend(n for n in s.notes if n not in out.notes)
        units: list[str] = []
        partners_too: list[str] = []
        for u in s.units:
            (partners_too if u.startswith("\0") else units).append(u.lstrip("\0"))
        role = s.role
        if role == PERSON:
            continue
        starred = [u for u in units if u.strip().endswith(_STARS) or u.strip().startswith(_STARS)]
        if starred:  # 加*号为牵头部门，其余为参与部门 (or ★发改局): the marked units lead, the others take part
            _add_leads(out, [u.strip().strip("".join(_STARS)).strip() for u in starred])
            out.partners.extend(u for u in units + partners_too if u not in starred)
            continue
        if role == RESPONSIBLE and has_lead:
            role = PARTNER
        if role == LEAD or s.each:
            _add_leads(out, units)
        elif role == PARTNER:
            out.partners.extend(units)
        elif role == RESPONSIBLE and not rule_stated:
            _add_leads(out, units)
        elif role in (RESPONSIBLE, LISTED):
            if has_lead:
                out.partners.extend(units)
            elif rule == ALL or len(units) == 1:
                _add_leads(out, units)
            else:
                _add_leads(out, units[:1])
                out.partners.extend(units[1:])
                out.by_position = True
                if not rule_stated:
                    out.notes.append(f"没有写明牵头单位：按排序取第一位“{out.leads[0]}”为牵头单位")
        out.partners.extend(partners_too)
    out.leads = _unique(out.leads)
    out.partners = [p for p in _unique(out.partners) if p not in out.leads]
    return out


_STARS = ("*", "＊", "★")  # a lead marked before or after its name


def _add_leads(out: Units, units: list[str]) -> None:
    for unit in units:
        name, rest = lead_name(unit)
        out.leads.append(name)
        if len(rest) >= 3:
            out.partners.append(rest)
