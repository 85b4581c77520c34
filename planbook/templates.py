"""Editable text: the files in ``templates/`` (jinja2 templates and TOML settings) that a
clerk may change without touching code."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


def template_path(name: str) -> Path:
    """A file of ``templates/``: in the installed package, or in the checkout."""
    packaged = resources.files("planbook") / "data" / "templates" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "templates" / name


def render(name: str, **context: object) -> str:
    """Render ``templates/<name>`` with jinja2 (autoescape off: the output is plain text)."""
    return _template(str(template_path(name)))(**context)


@lru_cache(maxsize=16)
def _template(path: str):
    """A compiled template, once per process: exporting 1,000 workbooks renders it 1,000 times."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(path).parent)),
        autoescape=False,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template(Path(path).name).render
