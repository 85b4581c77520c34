"""An office of its own for a test workspace: documents naming the issuer are held back while
the office file is the template's example (issue 19)."""

from __future__ import annotations

from pathlib import Path

TEST_OFFICE = {"name": "测试市营商环境局", "short_name": "市营商局", "unit": "测试市营商环境局督查室",
               "contact": "李四", "phone": "0000-12345678", "printer": "测试市营商环境局办公室",
               "report": "测营商发〔{year}〕{number}号", "duban": "测营商督〔{year}〕{n}号",
               "reminder": "测营商督提〔{year}〕{n}号"}


def write_office(root: str | Path, **values: str) -> Path:
    """Write ``root/本单位.toml`` with the test office (``values`` over it); returns its path."""
    from planbook.app.office import write_template

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "本单位.toml").unlink(missing_ok=True)
    return write_template(root, {**TEST_OFFICE, **values})
