"""The template environment and the template-error reporter that the site
(``generator.site.render``) and the email (``generator.mail.compose``) share.

Templates are looked up in the project's ``templates/`` first, then in the
packaged theme (file-by-file override); a template mistake becomes one error
naming the template file and line, never a traceback."""

from __future__ import annotations

import jinja2

from ..config import Config
from .theme_lookup import theme_dirs

# Jinja names the frames of compiled templates after their files
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".css")


def template_environment(config: Config, translations=None) -> jinja2.Environment:
    """A Jinja environment over the project's and the theme's templates, with
    the i18n extension (and *translations* installed, if given)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in theme_dirs(config)]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if translations is not None:
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
    return env


def render_template(env: jinja2.Environment, template: str, context: dict, error: type[Exception]) -> str:
    """Render *template*, turning template mistakes into *error* naming file and line."""
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise error(f"{exc.filename or template}:{exc.lineno}: error: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        # Jinja rewrites tracebacks so that template frames carry the
        # template's file name and line: report the innermost one.
        where = template
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith(TEMPLATE_SUFFIXES):
                where = f"{name}:{tb.tb_lineno}"
            tb = tb.tb_next
        raise error(f"{where}: error: {exc}") from exc
