"""The contributor's path, run as the README and the contribute page print it: the registry
templates, `paramatlas import`, `make validate`, `make site` in a checkout of the project."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

CONTRIBUTE = (ROOT / "paramatlas" / "site" / "contribute.md").read_text()
README = (ROOT / "README.md").read_text()
TIERS = [f"T{i}" for i in range(1, 8)]
VERDICTS = ["CORRECT", "CORRECT", "WRONG", "REFUSAL", "CORRECT"]


def probe_output(path: Path) -> Path:
    """A per-probe output file as the IKP estimator writes it: ten probes per tier, the
    probe set of the fixture data."""
    results = [
        {
            "probe_id": f"IKP_{tier}_{n:04d}",
            "tier": tier,
            "question": f"Q {tier} {n}?",
            "gold_answer": "A",
            "model_response": f"answer {n}",
            "verdict": VERDICTS[(n + int(tier[1])) % len(VERDICTS)],
        }
        for tier in TIERS
        for n in range(10)
    ]
    path.write_text(json.dumps({"model_name": "newlab-pro", "results": results}))
    return path


def blocks(text: str, heading: str, kind: str) -> list[str]:
    """The fenced `kind` blocks of one section (from its heading to the next)."""
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{kind}\n(.*?)```", section, flags=re.S)


def commands() -> list[str]:
    (convert,) = blocks(CONTRIBUTE, "## 3. Convert the output", "sh")
    (check,) = blocks(CONTRIBUTE, "## 4. Check it", "sh")
    return (convert + check).strip().splitlines()


def test_the_readme_prints_the_contribute_pages_commands() -> None:
    (readme,) = blocks(README, "## Adding a run", "sh")
    assert readme.strip().splitlines() == commands()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The project as a contributor has it after `make install`, with the fixture data and
    the registry templates appended as the page says."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "mkdocs.yml"):
        shutil.copy2(ROOT / name, project / name)
    (project / ".venv").symlink_to(Path(sys.executable).parent.parent)
    shutil.copytree(FIXTURES / "data_min", project / "data")
    # The fixture data count ten probes per tier: the cleaned list the importer reads.
    clean = [f"IKP_{tier}_{n:04d}" for tier in TIERS for n in range(10)]
    (project / "data/probes/clean-1311.json").write_text(json.dumps({"clean_ids": clean}))
    (template,) = blocks(CONTRIBUTE, "## 2. Add the model to the registry", "yaml")
    registry = project / "data" / "models.yaml"
    entries = yaml.safe_load(template)
    assert {e["open"] for e in entries} == {True, False}  # one open, one closed
    registry.write_text(registry.read_text().rstrip() + "\n" + indent(template))
    return project


def indent(template: str) -> str:
    """The template as items of the fixture registry's `models:` list (indented by two)."""
    return "".join(f"  {line}\n" if line.strip() else "\n" for line in template.splitlines())


def test_the_printed_commands_run(checkout: Path, tmp_path: Path) -> None:
    # What each placeholder of the printed commands stands for here.
    placeholders = {
        "path/to/output.json": str(probe_output(tmp_path / "output.json")),
        "MODEL-SLUG": "newlab-pro",
        "YYYY-MM-DD": "2026-11-21",
    }
    for line in commands():
        command = line
        for placeholder, value in placeholders.items():
            command = command.replace(placeholder, value)
        if command.startswith("make test"):
            continue  # this very suite
        # The venv is the checkout's own (a link here): make must not try to rebuild it.
        command = command.replace("make ", "make -o .venv/.installed ", 1)
        run = subprocess.run(
            ["bash", "-c", command], cwd=checkout, capture_output=True, text=True, check=False
        )
        assert run.returncode == 0, f"{line}\n{run.stdout}\n{run.stderr}"
    written = checkout / "data/results/newlab-pro/2026-11-21-clean1311.json"
    assert written.is_file()
    assert (checkout / "site/models/newlab-pro/index.html").is_file()
    assert (checkout / "site/models/newlab-8b/index.html").is_file()
