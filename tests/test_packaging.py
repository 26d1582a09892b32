"""The wheel holds what `briefing` needs: every subpackage of generator/ and
the data folders mapped into it (the theme, the demo, the Pages workflow).
A merge that adds generator/<new>/ without listing it here would give a
wheel that fails with ModuleNotFoundError on a user's machine."""

from __future__ import annotations

import tomllib
from pathlib import Path

from generator.site.theme_lookup import PACKAGED_DATA

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_subpackage_and_data_folder_is_packaged():
    setuptools = PYPROJECT["tool"]["setuptools"]
    on_disk = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "generator").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    mapped = {f"generator.{name}" for name in PACKAGED_DATA}
    assert set(setuptools["packages"]) == on_disk | mapped
    assert setuptools["package-dir"] == {f"generator.{name}": folder for name, folder in PACKAGED_DATA.items()}
    for name in PACKAGED_DATA:
        assert setuptools["package-data"][f"generator.{name}"], name


def test_theme_globs_cover_every_theme_file():
    import fnmatch

    globs = PYPROJECT["tool"]["setuptools"]["package-data"]["generator.theme"]
    for path in (REPO / "templates").rglob("*"):
        if path.is_file() and path.suffix != ".pyc":
            relative = path.relative_to(REPO / "templates").as_posix()
            assert any(fnmatch.fnmatch(relative, g) or fnmatch.fnmatch(relative, g.replace("**/", "")) for g in globs), relative


def test_runtime_imports_are_declared():
    declared = {
        d.split(">")[0].split("[")[0].split("<")[0].split("=")[0].strip().lower().replace("-", "_")
        for d in PYPROJECT["project"]["dependencies"]
    }
    # import name -> distribution name where they differ
    distribution = {
        "yaml": "pyyaml",
        "css_inline": "css_inline",
        "fontTools": "fonttools",
        "fontpkg_amiri": "fontpkg_amiri",
        "feedgen": "feedgen",
        "deep_translator": "deep_translator",
        "markdown_it": "markdown_it_py",
    }
    optional = {"ctranslate2", "sentencepiece", "distributed"}  # the offline and dask extras, imported only when used
    import ast
    import sys

    found = set()
    for path in (REPO / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    third_party = {name for name in found if name not in sys.stdlib_module_names and name != "generator"} - optional
    missing = {name for name in third_party if distribution.get(name, name).lower() not in declared}
    assert not missing, f"imported but not declared in pyproject.toml: {sorted(missing)}"
