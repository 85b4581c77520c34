"""The embedded seed: Dalian's 2022-2024 business-environment plan and the 2023 progress
article, shipped in ``seeds/`` and used by every command that is given no plan."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

SEED_PLAN_FILE = "dalian-2022-2024-business-environment-plan.txt"
SEED_ARTICLE_FILE = "dalian-2023-progress-article.txt"
SEED_TITLE = "大连市营商环境质量提升行动方案（2022—2024年）"


def seed_path(name: str = SEED_PLAN_FILE) -> Path:
    """Where a seed file lies: in the installed package, or in the checkout's ``seeds/``."""
    packaged = resources.files("planbook") / "data" / "seeds" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "seeds" / name


@lru_cache(maxsize=1)
def seed_plan():
    """The seed plan, parsed once per process."""
    from .parse import parse_plan
    from .problems import PlanError

    result = parse_plan(seed_path(), title=SEED_TITLE)
    if not result.ok:  # the shipped seed must always parse
        raise PlanError(result.problems, "内置方案解析失败")
    return result.plan


def seed_article() -> str:
    return seed_path(SEED_ARTICLE_FILE).read_text(encoding="utf-8")
