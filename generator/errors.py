"""One small exception hierarchy; the CLI turns each into a one-line message."""

from __future__ import annotations


class BriefingError(Exception):
    """Base class: anything the CLI reports to the user without a traceback."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class ConfigError(BriefingError):
    """briefing.toml is missing or invalid."""


class ContentError(BriefingError):
    """An input file cannot be used."""


class BuildError(BriefingError):
    """The build failed; the previous site is left as it was."""


class LostWorker(BuildError):
    """A worker process ended without sending its result: killed (by the
    system's out-of-memory killer, say) or exited outright."""

    def __init__(self, what: str):
        # what a user can do about it
        super().__init__(f"{what}; if the system ran out of memory, --jobs 1 needs the least")


class TranslationError(BriefingError):
    """An engine failed in a way retries could not fix."""


class PublishError(BriefingError):
    """Publishing the site failed or was refused."""


class EmailError(BriefingError):
    """Composing or sending the email digest failed."""
