"""Which packages the wheel carries. Everything else is in pyproject.toml.

The code packages are found, never listed: a listed package can be forgotten (0.1.0 shipped
without ``planbook.supervision``). The top-level ``seeds/`` and ``templates/`` ship as the data
packages ``planbook.data.seeds`` and ``planbook.data.templates``; ``pyproject.toml`` cannot
combine found packages with mapped folders, hence this file.
"""

from setuptools import find_packages, setup

DATA = {"planbook.data.seeds": "seeds", "planbook.data.templates": "templates"}

setup(packages=[*find_packages(include=["planbook", "planbook.*"]), *DATA], package_dir=DATA)
