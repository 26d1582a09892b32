"""The site's template environment calls what templates call by a shorter
way than Jinja's ``Context.call`` (``generator.site.templating._Context``):
the result must be Jinja's own, for every kind of callable a template meets."""

from __future__ import annotations

import jinja2
import jinja2.runtime
import pytest
from markupsafe import Markup

from generator.config import parse_config
from generator.site.templating import _Context, template_environment


class _Outlet:
    def __init__(self, name: str) -> None:
        self.name = name

    def shown(self, suffix: str = "") -> str:
        return f"<{self.name}>{suffix}"


class _CallableClass:
    @jinja2.pass_context
    def __call__(self, context, value):
        return f"{context.get('who')}:{value}"


@jinja2.pass_context
def _with_context(context, value):
    # a context function sees the variables a loop or a block sets
    return f"{context.get('who')}/{context.get('item', '-')}/{value}"


@jinja2.pass_eval_context
def _with_eval_context(eval_ctx, value):
    return Markup("<b>%s</b>") % value if eval_ctx.autoescape else f"<b>{value}</b>"


@jinja2.pass_environment
def _with_environment(environment, value):
    return f"{environment.trim_blocks}:{value}"


def _stops(value):
    raise StopIteration


def _arguments(*args, **kwargs):
    return f"{args}{sorted(kwargs.items())}"


TEMPLATE = """\
{% macro box(value, label="x") %}[{{ label }}={{ value }}{% if caller is defined %}:{{ caller() }}{% endif %}]{% endmacro %}
{% set who = "outer" %}
{{ plain(1, 2, key="k") }} {{ outlet.shown("!") }} {{ box(3) }} {{ box(4, label="y") }}
{% call box(5) %}called {{ plain(6) }}{% endcall %}
{{ with_context(7) }} {{ with_eval_context("<i>") }} {{ with_environment(8) }} {{ instance(9) }}
{{ stops(10) is undefined }} {{ (lambda_ or plain)(11) }}
{% for item in items %}{% set who = "loop" %}{{ with_context(item) }} {{ box(item) }} {{ plain(item, at=loop.index) }} {{ outlet.shown() }}
{% endfor %}
{% block main %}{% set who = "block" %}{{ with_context(12) }} {{ plain(13) }} {{ with_eval_context(14) }}{% endblock %}
"""


# one of every kind of callable TEMPLATE calls
VARIABLES = {
    "plain": _arguments,
    "outlet": _Outlet("Al <Wasat>"),
    "with_context": _with_context,
    "with_eval_context": _with_eval_context,
    "with_environment": _with_environment,
    "instance": _CallableClass(),
    "stops": _stops,
    "lambda_": None,
    "items": ["a", "<b>"],
}


def _environment(context_class: type, autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=autoescape, trim_blocks=True, undefined=jinja2.StrictUndefined)
    env.context_class = context_class
    return env


@pytest.mark.parametrize("autoescape", [True, False])
def test_the_context_calls_every_kind_of_callable_as_jinja_does(autoescape):
    ours = _environment(_Context, autoescape).from_string(TEMPLATE).render(VARIABLES)
    jinjas = _environment(jinja2.runtime.Context, autoescape).from_string(TEMPLATE).render(VARIABLES)
    assert ours == jinjas
    # the cases it must tell apart are in the output
    assert "loop/-/a" in ours and "block/-/12" in ours and "outer:9" in ours and "True:8" in ours
    assert ("&lt;i&gt;" in ours) is autoescape


def test_plain_callables_take_the_short_way_and_others_jinjas(monkeypatch):
    taken: list[object] = []
    jinja_call = jinja2.runtime.Context.call

    def counted(self, obj, *args, **kwargs):
        taken.append(obj)
        return jinja_call(self, obj, *args, **kwargs)

    monkeypatch.setattr(jinja2.runtime.Context, "call", counted)
    env = _environment(_Context, True)
    env.from_string(TEMPLATE).render(VARIABLES)
    # functions, bound methods, macros and eval-context functions never reach Jinja's call
    assert taken and all(obj in (_with_context, _with_environment) or isinstance(obj, _CallableClass) for obj in taken)


def test_the_site_environment_uses_it(tmp_path):
    config, _ = parse_config({}, tmp_path)
    env = template_environment(config)
    assert env.context_class is _Context
    assert env.from_string("{{ f(1) }}").render(f=lambda x: x + 1) == "2"
