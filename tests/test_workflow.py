""".github/workflows/pages.yml: the daily GitHub Pages deployment.

GitHub only reports a broken workflow when it runs, a day later; these tests
read the file as GitHub does and check its shape, and that it passes the
translation keys the engines read and options `briefing build` accepts."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.config import LibreSettings

REPO = Path(__file__).resolve().parent.parent

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean True
    return workflow.get("on", workflow.get(True))


def steps_using(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


def one_step(job: dict, action: str) -> dict:
    found = steps_using(job, action)
    assert len(found) == 1, f"expected one step using {action}, found {len(found)}"
    assert "@" in found[0]["uses"], f"{action} is not pinned to a version"
    return found[0]


def build_step(workflow: dict) -> dict:
    runs = [s for s in workflow["jobs"]["build"]["steps"] if "briefing build" in s.get("run", "")]
    assert len(runs) == 1, "the build job must run `briefing build` once"
    return runs[0]


def test_triggers_are_a_daily_schedule_and_a_manual_run(workflow):
    on = triggers(workflow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    (schedule,) = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit(), "the cron must fire at one fixed time"
    assert (day, month, weekday) == ("*", "*", "*"), "the cron must fire every day"


def test_permissions_and_concurrency(workflow):
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"


def test_build_job_installs_builds_and_uploads(workflow):
    job = workflow["jobs"]["build"]
    one_step(job, "actions/checkout")
    # a string: unquoted 3.11 would be fine, but 3.10 would be read as 3.1
    assert one_step(job, "actions/setup-python")["with"]["python-version"] == "3.11"
    assert any(s.get("run", "").strip() == "pip install ." for s in job["steps"])
    pages = one_step(job, "actions/configure-pages")
    assert pages["id"] == "pages"
    cache = one_step(job, "actions/cache")["with"]
    assert cache["path"] == ".briefing-cache"
    assert "github.run_id" in cache["key"], "a fixed key is saved once and never updated"
    assert cache["restore-keys"].strip()
    assert one_step(job, "actions/upload-pages-artifact")["with"]["path"] == "site"

    names = [s.get("uses", "").split("@")[0] or s.get("run", "") for s in job["steps"]]
    order = [
        names.index("actions/checkout"),
        names.index("actions/configure-pages"),
        names.index("actions/cache"),
        names.index(build_step(workflow)["run"]),
        names.index("actions/upload-pages-artifact"),
    ]
    assert order == sorted(order), f"steps out of order: {names}"


def test_build_uses_the_pages_base_url(workflow):
    command = build_step(workflow)["run"]
    args = shlex.split(command)
    assert args[:2] == ["briefing", "build"]
    assert args[args.index("--base-url") + 1] == "${{ steps.pages.outputs.base_url }}/"


def test_build_options_exist(workflow):
    """Every option the workflow passes is one `briefing build` accepts."""
    help_text = CliRunner().invoke(cli, ["build", "--help"]).output
    for option in re.findall(r"(?<!\S)--[a-z][a-z-]*", build_step(workflow)["run"]):
        assert option in help_text, f"the workflow runs `briefing build {option}`, which build does not accept"


def test_translation_keys_come_from_secrets(workflow):
    from generator.translation.web import KEY_ENV

    env = build_step(workflow)["env"]
    for name, value in env.items():
        assert value == f"${{{{ secrets.{name} }}}}", f"{name} must come from the secret of the same name"
    expected = set(KEY_ENV.values()) | {LibreSettings().api_key_env}
    assert expected <= set(env), f"keys the engines read but the workflow does not pass: {sorted(expected - set(env))}"


def test_deploy_job_deploys_after_build(workflow):
    job = workflow["jobs"]["deploy"]
    assert job["needs"] in ("build", ["build"])
    assert job["environment"]["name"] == "github-pages"
    deploy = one_step(job, "actions/deploy-pages")
    assert job["environment"]["url"] == f"${{{{ steps.{deploy['id']}.outputs.page_url }}}}"
