"""The theme: templates, static files and UI catalogs, shipped inside the package.

The packaged theme is the repository's ``templates/`` folder, installed as
``generator.theme`` (see ``[tool.setuptools]`` in pyproject.toml).  A
project's own ``templates/`` folder (``templates_dir`` in briefing.toml)
overrides it file by file, as MkDocs' ``custom_dir`` and Hugo's theme lookup
do: a project that copies only ``base.html`` gets its own ``base.html`` and
the packaged everything else.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations

from ..config import Config
from ..i18n import catalog_path, load_translations
from ..models import Problem


# data shipped as packages (pyproject [tool.setuptools.package-dir]) -> the
# folder of a source checkout that holds the same files
PACKAGED_DATA = {"theme": "templates", "demo": "content", "workflows": ".github/workflows"}


@lru_cache(maxsize=None)
def packaged_data(name: str) -> Path:
    """A folder installed with the package as ``generator.<name>``.

    Installed from a wheel it sits next to this module; from a source
    checkout or an editable install (this module in the checkout) it is the
    checkout's own folder (``templates/`` for the theme).  Looked up by
    location, not by import, so a checkout run with ``PYTHONPATH`` never
    picks up the data of another copy installed in the same environment."""
    here = Path(__file__).resolve().parent.parent  # the generator package
    installed = here / name
    return installed if installed.is_dir() else here.parent / PACKAGED_DATA[name]


def packaged_theme() -> Path:
    return packaged_data("theme")


def theme_dirs(config: Config) -> list[Path]:
    """Where templates are looked up, first match wins: the project, then the package."""
    dirs = [config.templates_path] if config.templates_path.is_dir() else []
    packaged = packaged_theme()
    if not any(d.resolve() == packaged.resolve() for d in dirs):
        dirs.append(packaged)
    return dirs


def theme_file(config: Config, relative: str) -> Path:
    """The file that wins for *relative* (e.g. ``locale/ar/LC_MESSAGES/messages.po``);
    the packaged path when no folder has it, so messages name a real place."""
    for folder in theme_dirs(config):
        if (folder / relative).is_file():
            return folder / relative
    return packaged_theme() / relative


def theme_tree(config: Config, folder: str) -> dict[str, Path]:
    """Every file under *folder* (e.g. ``static``) across the theme folders,
    keyed by its path relative to *folder*; the project's copy wins."""
    files: dict[str, Path] = {}
    for base in reversed(theme_dirs(config)):
        root = base / folder
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    files[path.relative_to(root).as_posix()] = path
    return dict(sorted(files.items()))


def load_theme_translations(config: Config, lang: str) -> tuple[NullTranslations, list[Problem]]:
    """The language's UI catalog from the first theme folder that has one
    (compiled in memory from the .po, which is what the package ships)."""
    relative = catalog_path(Path(), lang).as_posix()
    return load_translations(theme_file(config, relative).parents[3], lang)
