"""The template environment and the template-error reporter that the site
(``generator.site.render``) and the email (``generator.mail.compose``) share.

Templates are looked up in the project's ``templates/`` first, then in the
packaged theme (file-by-file override); a template mistake becomes one error
naming the template file and line, never a traceback."""

from __future__ import annotations

import types

import jinja2
import jinja2.runtime
from jinja2.utils import internalcode
from markupsafe import Markup

from ..config import Config
from .theme_lookup import theme_dirs

# Jinja names the frames of compiled templates after their files
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".css")


# What a function asks for with ``jinja2.pass_eval_context``, by the public decorator
_WANTS_EVAL_CONTEXT = jinja2.pass_eval_context(lambda: None).jinja_pass_arg  # type: ignore[attr-defined]
# Callables that are never callable classes: only their own ``jinja_pass_arg`` counts
_PLAIN_CALLABLES = (types.FunctionType, types.MethodType, jinja2.runtime.Macro)


class _Context(jinja2.runtime.Context):
    """Jinja's context with a shorter way through ``call`` for what templates
    call most: plain functions, bound methods and macros (``url(...)``,
    ``_(...)``, a macro; 175 calls a page, 2.9 million at 5,000 articles).
    ``Context.call`` first asks a callable's ``__call__`` whether it wants
    the context (for callable classes, which these are not), then the
    callable; these need only the second question.  What wants the context
    or the environment goes Jinja's own way; the result is Jinja's in every
    case (tests/test_templating.py)."""

    @internalcode  # left out of template tracebacks, as Jinja's own is
    def call(__self, __obj, *args, **kwargs):  # Jinja's own signature: a template may pass "self" or "obj"
        if type(__obj) in _PLAIN_CALLABLES:
            pass_arg = getattr(__obj, "jinja_pass_arg", None)
            if pass_arg is None or pass_arg is _WANTS_EVAL_CONTEXT:
                if kwargs:
                    kwargs.pop("_block_vars", None)
                    kwargs.pop("_loop_vars", None)
                if pass_arg is not None:
                    args = (__self.eval_ctx, *args)
                try:
                    return __obj(*args, **kwargs)
                except StopIteration:
                    return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


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
        # an environment lives for one build (or one email): its templates do
        # not change meanwhile, and checking each file's time per page cost
        # a second of a 5,000-article build
        auto_reload=False,
    )
    env.context_class = _Context
    if translations is not None:
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        env.globals.update(memoised_gettext(translations))
    return env


def memoised_gettext(translations) -> dict:
    """``_``, ``gettext`` and ``ngettext`` as jinja2.ext.i18n's "newstyle"
    functions make them (the string is a %-format even without variables,
    a Markup when the template autoescapes), looking each message up once
    per environment: a site build asks for the same few dozen strings over
    a hundred thousand times, and the catalog lookup and the formatting of a
    string without variables were a tenth of the render."""
    lookup = getattr(translations, "ugettext", None) or translations.gettext
    plural_lookup = getattr(translations, "ungettext", None) or translations.ngettext
    found: dict[tuple, str] = {}  # (autoescape, message) -> its formatted text without variables
    messages: dict[str, str] = {}
    plurals: dict[tuple[str, str, int], str] = {}

    # the evaluation context (its autoescape) is all they read: given the
    # template's context inside a block that sets a variable, Jinja derives a
    # new one for every call (a tenth of a site's render)
    @jinja2.pass_eval_context
    def gettext(eval_ctx, string: str, /, **variables):
        if not variables:
            key = (eval_ctx.autoescape, string)
            if key not in found:
                found[key] = _format(eval_ctx, lookup(string), {})
            return found[key]
        if string not in messages:
            messages[string] = lookup(string)
        return _format(eval_ctx, messages[string], variables)

    @jinja2.pass_eval_context
    def ngettext(eval_ctx, singular: str, plural: str, count: int, /, **variables):
        variables.setdefault("num", count)
        key = (singular, plural, count)
        if key not in plurals:
            plurals[key] = plural_lookup(singular, plural, count)
        return _format(eval_ctx, plurals[key], variables)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def _format(eval_ctx, text: str, variables: dict):
    """As jinja2.ext.i18n's newstyle gettext: Markup under autoescape (so the
    variables are escaped), and always a %-format."""
    return (Markup(text) if eval_ctx.autoescape else text) % variables


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
