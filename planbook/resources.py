"""The files planbook ships: the seed plan and article (``seeds/``) and the editable wording
(``templates/``: jinja2 templates and TOML settings a clerk may change without touching code).

One resolver finds them wherever planbook runs: in an installed wheel they lie in
``planbook/data/<folder>/`` (copied there by the build, see ``pyproject.toml``); in a
checkout, editable install included, in the top-level ``seeds/`` and ``templates/``.
One jinja2 environment renders every template.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

SEEDS = "seeds"
TEMPLATES = "templates"

SEED_PLAN_FILE = "dalian-2022-2024-business-environment-plan.txt"
SEED_ARTICLE_FILE = "dalian-2023-progress-article.txt"

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=4)
def data_dir(folder: str) -> Path:
    """``seeds`` or ``templates``: the folder in the installed package, else the checkout's."""
    packaged = _PACKAGE / "data" / folder
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / folder


def seed_path(name: str = SEED_PLAN_FILE) -> Path:
    return data_dir(SEEDS) / name


def template_path(name: str) -> Path:
    return data_dir(TEMPLATES) / name


def seed_article() -> str:
    """The 2023 progress article that the demo's returns quote."""
    return seed_path(SEED_ARTICLE_FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=8)
def jinja_environment(*extra_dirs: str) -> "jinja2.Environment":
    """The environment for ``templates/``; ``extra_dirs`` (an office's own templates) are
    searched first. Autoescape is off: the output is plain text, never HTML. Undefined names
    are errors, so a misspelt placeholder does not print as nothing."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([*extra_dirs, str(data_dir(TEMPLATES))]),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(name: str, **context: object) -> str:
    """Render ``templates/<name>`` (compiled once per process: exporting 1,000 workbooks
    renders the instructions 1,000 times)."""
    return jinja_environment().get_template(name).render(**context)
