"""``briefing init``: a new project that builds at once.

Everything is planned first and written only if none of it exists, so init
never overwrites a file a user wrote (as ``mkdocs new`` and ``hugo new site``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import CONFIG_NAME, commented_toml
from .errors import BriefingError
from .site.theme_lookup import packaged_data

# Valid and empty: the build reads each of these, and an empty list is a lexicon with no entries.
EMPTY_LEXICONS = {
    "gazetteer.yaml": "# People, organisations and places with their Arabic spellings (see the README).\n"
    "people: []\norganisations: []\nplaces: []\n",
    "topics.yaml": "# Topic taxonomy: id, en, ar, keywords (see the README).\n[]\n",
    "glossary.yaml": "# Terms that must be translated one way: ar, en, note (see the README).\n[]\n",
    "translation-memory.yaml": "# Reviewed translations, one segment per entry: ar, en, note.\n[]\n",
}

GITIGNORE = """\
# built and cached by briefing; never committed
/site/
/site-email/
/.briefing-cache/
# the email recipients list holds people's addresses
/recipients.txt
"""

REQUIREMENTS = f"""\
# What the Pages workflow installs.  Point this at the briefing you use: a
# release, a wheel, or a git URL such as git+https://github.com/OWNER/briefing
briefing=={__version__}
"""

WORKFLOW = ".github/workflows/pages.yml"


class InitError(BriefingError):
    pass


@dataclass(frozen=True)
class Planned:
    path: str  # relative to the project
    data: bytes


def plan_project(demo: bool = False) -> list[Planned]:
    files = [
        Planned(CONFIG_NAME, commented_toml().encode("utf-8")),
        Planned(".gitignore", GITIGNORE.encode("utf-8")),
        Planned("requirements.txt", REQUIREMENTS.encode("utf-8")),
    ]
    # the repository's own workflow installs from its checkout; a project installs briefing
    workflow = (packaged_data("workflows") / "pages.yml").read_text(encoding="utf-8")
    workflow = workflow.replace("run: pip install .\n", "run: pip install -r requirements.txt\n")
    files.append(Planned(WORKFLOW, workflow.encode("utf-8")))
    if demo:
        source = packaged_data("demo")
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.suffix in (".md", ".yaml"):
                files.append(Planned(f"content/{path.relative_to(source).as_posix()}", path.read_bytes()))
    else:
        files += [Planned(f"content/{name}", text.encode("utf-8")) for name, text in EMPTY_LEXICONS.items()]
        files.append(Planned("content/articles/.gitkeep", b""))
    return files


def init_project(target: Path, demo: bool = False) -> list[Path]:
    """Write a new project into *target*; raise InitError, writing nothing, if any file exists."""
    files = plan_project(demo)
    if target.exists() and not target.is_dir():
        raise InitError(f"{target}: exists and is not a folder")
    existing = [f.path for f in files if (target / f.path).exists()]
    if existing:
        raise InitError(f"{target}: not overwriting {', '.join(existing)} (nothing was written)")
    written = []
    for planned in files:
        path = target / planned.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as fh:  # exclusive: never replaces a file that appeared meanwhile
            fh.write(planned.data)
        written.append(path)
    return written
