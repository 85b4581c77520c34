"""Editable text: the files in ``templates/`` (jinja2 templates and TOML settings) that a
clerk may change without touching code."""

from __future__ import annotations

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
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_path(name).parent)),
        autoescape=False,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template(name).render(**context)
