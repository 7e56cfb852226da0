"""The formats are documented inside the project: every key, every rule as `check` numbers it, links that resolve."""

from __future__ import annotations

import re
import typing

import pytest
from pydantic import BaseModel

import labor_opt
from labor_opt.household.models import Household
from labor_opt.schedule.validity import RULES

from .conftest import ROOT

DOCS = sorted((ROOT / "docs").glob("*.md"))
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


@pytest.mark.parametrize("path", [ROOT / "README.md", *DOCS], ids=lambda p: p.name)
def test_every_relative_link_resolves_inside_the_repository(path):
    text = path.read_text(encoding="utf-8")
    for target, anchor in LINK.findall(text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        resolved = (path.parent / target).resolve() if target else path
        assert resolved.exists(), f"{path.name} links to {target}, which does not exist"
        assert resolved.is_relative_to(ROOT), f"{path.name} links outside the repository: {target}"
        if anchor and resolved.suffix == ".md":
            assert anchor in anchors(resolved.read_text(encoding="utf-8")), f"{path.name}: no {anchor} in {target}"


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
