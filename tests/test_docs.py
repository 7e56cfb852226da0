"""The docs are inside the project: every key, every rule as `check` numbers it, links that resolve, a site that builds.

The pages in docs/ read on GitHub and as the MkDocs site built from them; `mkdocs build --strict` is run here,
so CI builds the site with the tests.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

import labor_opt
from labor_opt.household.models import Household
from labor_opt.schedule.validity import RULES

from .conftest import ROOT

DOCS = sorted((ROOT / "docs").rglob("*.md"))
HOUSEHOLD_DOC = (ROOT / "docs" / "household-format.md").read_text(encoding="utf-8")
SCHEDULE_DOC = (ROOT / "docs" / "schedule-format.md").read_text(encoding="utf-8")
LINK = re.compile(r"\]\(([^)#\s]*)(#[^)\s]*)?\)")


def anchors(text: str) -> set[str]:
    """GitHub's anchors for a markdown file's headings."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add("#" + slug)
    return found


def link_problems(path: Path, root: Path = ROOT) -> list[str]:
    """What is wrong with a page's links: each must resolve, with its anchor, and stay inside the repository.

    The site is built from docs/ alone, so a page there links only to what is there; the README may link to
    anything in the repository. Nothing links outside it, and nothing names the project's private shared folder.
    """
    text = path.read_text(encoding="utf-8")
    home = root / "docs" if path.is_relative_to(root / "docs") else root
    private = re.search(r"(?:\.\./)+shared\b|/work/shared", text)
    problems = [f"{path.name} names the private shared folder"] if private else []
    for target, anchor in LINK.findall(text):
        resolved = (path.parent / target).resolve() if target else path
        if re.match(r"\w+:", target) or not resolved.is_relative_to(home):
            problems.append(f"{path.name} links outside {home.name}/: {target}")
        elif not resolved.exists():
            problems.append(f"{path.name} links to {target}, which does not exist")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved.read_text(encoding="utf-8")):
            problems.append(f"{path.name}: no {anchor} in {target or path.name}")
    return problems


@pytest.mark.parametrize("path", [ROOT / "README.md", *DOCS], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves_inside_the_repository(path):
    assert link_problems(path) == []


def test_the_link_check_names_each_kind_of_broken_link(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text("# Top\n", encoding="utf-8")
    page = tmp_path / "docs" / "page.md"
    links = "[a](gone.md) [b](../README.md) [c](page.md#nowhere) [d](https://example.org) [e](#a-heading)"
    page.write_text(f"# A heading\n\n{links} ../shared/spec\n", encoding="utf-8")
    assert link_problems(page, tmp_path) == [
        "page.md names the private shared folder",
        "page.md links to gone.md, which does not exist",
        "page.md links outside docs/: ../README.md",
        "page.md: no #nowhere in page.md",
        "page.md links outside docs/: https://example.org",
    ]


NEEDS_MKDOCS = pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None,
    reason="mkdocs and mkdocs-material are not installed (pip install -e '.[test]' installs them)",
)


def build_site(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300, env=env)


@NEEDS_MKDOCS
def test_the_site_builds_strictly_and_fetches_nothing(tmp_path):
    result = build_site(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    for page in DOCS:  # every page is in the site (strict mode also refuses a page left out of the nav)
        assert (tmp_path / "site" / page.relative_to(ROOT / "docs").with_suffix(".html")).exists(), page
    for html in (tmp_path / "site").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=\"(?:https?:)?//", text), f"{html.name} fetches"
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, html.name


@NEEDS_MKDOCS
def test_the_strict_build_refuses_a_broken_link_and_a_page_left_out(tmp_path):
    # The build above is only worth running if it fails on what it should: try it on a copy with faults.
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    with (project / "docs" / "guide.md").open("a", encoding="utf-8") as guide:
        guide.write("\nSee [the commands](commands.md#no-such-section).\n")
    (project / "docs" / "stray.md").write_text("# Stray\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "#no-such-section" in result.stderr and "stray.md" in result.stderr, result.stderr


def model_keys(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every key of the household file, from the models themselves."""
    seen = seen if seen is not None else set()
    keys = set()
    for name, field in model.model_fields.items():
        keys.add(field.alias or name)
        for inner in _models_in(field.annotation):
            if inner not in seen:
                seen.add(inner)
                keys |= model_keys(inner, seen)
    return keys


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def test_every_key_of_the_household_file_is_documented():
    keys = model_keys(Household)
    assert {"max_mental", "max_nights", "who", "people", "assign", "unavailable", "update_members"} <= keys
    for key in sorted(keys):
        assert f"`{key}`" in HOUSEHOLD_DOC or f"{key}:" in HOUSEHOLD_DOC, key
    assert '{from: "23:00", to: "07:00"}' in HOUSEHOLD_DOC  # the default sleep
    assert "replaced whole" in HOUSEHOLD_DOC  # how update_* edits work


def test_every_rule_is_documented_by_the_number_and_name_check_prints():
    for rule in RULES:
        assert re.search(rf"^{rule.number}\. .*\*\*{rule.name}\*\*", HOUSEHOLD_DOC, re.M | re.S), rule


def test_every_key_of_the_schedule_file_is_documented():
    schedule = labor_opt.solve(labor_opt.load(ROOT / "examples" / "newborn.yaml"), stable=True, scenario="new_job")
    data = schedule.to_dict()
    keys = set(data) | set(data["assignments"][0]) | set(next(iter(data["members"].values())))
    keys |= set(data["fairness"]) | set(data["solver"]) | set(data["stability"])
    for key in sorted(keys):
        assert f"`{key}`" in SCHEDULE_DOC, key


def test_documented_households_are_valid_and_solve():
    blocks = re.findall(r"```yaml\n(version: 1.*?)```", HOUSEHOLD_DOC, re.S)
    assert blocks
    for block in blocks:
        house = labor_opt.parse_household(block, source="household-format.md")
        assert labor_opt.check(house, labor_opt.solve(house)).valid
