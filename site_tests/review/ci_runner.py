"""Running the example CI workflows of docs/ci/ as their services would, closely enough to test
their commands: each step's or job's shell commands in order, with the service's variables,
`${{ }}` expressions, `if:` and `rules:` conditions, a failed step skipping what follows it.
The services' own steps (checkout, setup-python, caches, artifacts) and the install are left out
(the tool under test is installed already); `gh` and `curl` are stand-ins that record their calls.
Only the expressions and conditions the workflows use are understood: anything else fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
GITHUB = REPO / "docs" / "ci" / "github-actions.yml"
GITLAB = REPO / "docs" / "ci" / "gitlab-ci.yml"
_EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
_RECORDER = '#!/bin/sh\nprintf "%s %s\\n" "$(basename "$0")" "$*" >> "$FAKE_LOG"\n'


@dataclass
class Run:
    """What a simulated run did."""

    steps: list[tuple[str, int | None]] = field(
        default_factory=list
    )  # (name, exit code; None: skipped)
    output: str = ""
    failed: bool = False
    conditions: dict = field(default_factory=dict)  # name of a step that was left out → its `if:`


def _shell(script: str, cwd: Path, env: dict) -> tuple[int, str]:
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    return result.returncode, result.stdout + result.stderr


def _environment(work: Path, extra: dict) -> dict:
    """The environment of a step: this Python's proposal-archive first on the path, stand-ins
    for gh and curl, the given variables."""
    fake = work / "fakebin"
    fake.mkdir(exist_ok=True)
    for name in ("gh", "curl"):
        (fake / name).write_text(_RECORDER, encoding="utf-8")
        (fake / name).chmod(0o755)
    path = os.pathsep.join(
        [str(fake), str(Path(sys.executable).parent), os.environ.get("PATH", "")]
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_"))}
    return {
        **env,
        "PATH": path,
        "FAKE_LOG": str(work / "calls.log"),
        "PYTHONPATH": str(REPO),
        **extra,
    }


class GitHub:
    """A job of a GitHub Actions workflow, for one event."""

    def __init__(self, context: dict):
        self.context = context  # expression → value, e.g. {"github.event_name": "pull_request"}

    def value(self, expression: str) -> str:
        if expression.startswith("steps.") and expression not in self.context:
            return ""  # an output a step did not set
        if expression not in self.context:
            raise AssertionError(f"the test does not know the expression {expression!r}")
        return self.context[expression]

    def expand(self, text: str) -> str:
        return _EXPRESSION.sub(lambda m: self.value(m.group(1)), str(text))

    def condition(self, text: str | None, failed: bool) -> bool:
        """An `if:`: terms joined by &&, each always(), X == 'v' or X != 'v'."""
        if text is None:
            return not failed
        text = _EXPRESSION.sub(lambda m: m.group(1), str(text))
        result, always = True, False
        for term in (t.strip() for t in text.split("&&")):
            if term == "always()":
                always = True
                continue
            match = re.fullmatch(r"([\w.\-]+)\s*(==|!=)\s*'([^']*)'", term)
            if not match:
                raise AssertionError(f"the test does not understand the condition {term!r}")
            left, op, right = match.groups()
            result = result and ((self.value(left) == right) == (op == "=="))
        return result and (always or not failed)

    def run(self, workflow: Path, cwd: Path, work: Path) -> Run:
        data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        (job,) = data["jobs"].values()
        summary, outputs = work / "summary.md", work / "outputs"
        base = _environment(
            work, {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs)}
        )
        base.update({k: self.expand(v) for k, v in (job.get("env") or {}).items()})
        run = Run()
        for step in job["steps"]:
            name = step.get("name") or step.get("uses")
            if "uses" in step or name == "Install":
                run.conditions[name] = self.condition(step.get("if"), run.failed)
                continue
            if not self.condition(step.get("if"), run.failed):
                run.steps.append((name, None))
                continue
            outputs.write_text("", encoding="utf-8")
            env = {**base, **{k: self.expand(v) for k, v in (step.get("env") or {}).items()}}
            code, said = _shell(step["run"], cwd, env)
            run.output += said
            run.steps.append((name, code))
            for line in outputs.read_text(encoding="utf-8").splitlines():
                key, _, value = line.partition("=")
                self.context[f"steps.{step.get('id')}.outputs.{key}"] = value
            if code != 0 and not step.get("continue-on-error"):
                run.failed = True
        return run


class GitLab:
    """A pipeline of a .gitlab-ci.yml, for the given predefined variables."""

    RESERVED = {"default", "variables", "workflow", "stages", "include"}

    def __init__(self, variables: dict):
        self.variables = variables

    def condition(self, text: str, variables: dict) -> bool:
        """A rule's `if:`: $A == "v", $A == $B."""
        match = re.fullmatch(r'\$(\w+)\s*(==|!=)\s*(?:"([^"]*)"|\$(\w+))', text.strip())
        if not match:
            raise AssertionError(f"the test does not understand the rule {text!r}")
        left, op, literal, other = match.groups()
        right = literal if literal is not None else variables.get(other, "")
        return (variables.get(left, "") == right) == (op == "==")

    def rule(self, rules, variables: dict) -> dict | None:
        """The variables of the first rule that applies; None: the job does not run."""
        if rules is None:
            return {}
        for rule in rules:
            if "if" not in rule or self.condition(rule["if"], variables):
                return None if rule.get("when") == "never" else dict(rule.get("variables") or {})
        return None

    def run(self, pipeline: Path, cwd: Path, work: Path) -> dict[str, tuple[int, str, dict]]:
        """job name → (exit code, output, its variables), for each job that runs."""
        data = yaml.safe_load(pipeline.read_text(encoding="utf-8"))
        variables = {
            **{k: str(v) for k, v in (data.get("variables") or {}).items()},
            **self.variables,
        }
        if self.rule(data.get("workflow", {}).get("rules"), variables) is None:
            return {}
        before = [
            line
            for line in data.get("default", {}).get("before_script", [])
            if not line.startswith("pip install")
        ]
        done = {}
        for name, job in data.items():
            if name in self.RESERVED:
                continue
            extra = self.rule(job.get("rules"), variables)
            if extra is None:
                continue
            env = _environment(work, {**variables, **extra})
            code, said = _shell("\n".join(before + job["script"]), cwd, env)
            done[name] = (code, said, {**variables, **extra})
        return done
