"""Edits to a household already read: a scenario file's what-if added, a change tried; each validated once.

Both work on the data the household was validated from (its
:class:`~labor_opt.household.document.HouseholdDocument` keeps it, with its
line marks) and validate only what they bring: the scenarios read before
are not applied nor validated again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path as FilePath
from typing import Any

from pydantic import ValidationError

from labor_opt.household.document import HouseholdDocument, with_scenario
from labor_opt.household.marked_yaml import MarkedDict, parse_marked_yaml
from labor_opt.household.messages import pydantic_issue
from labor_opt.household.models import Household, Scenario
from labor_opt.household.plain_text import control_issues, quoted
from labor_opt.household.reading import edit_issues, read_scenario, real_problems, unique, validate, without
from labor_opt.household.scenarios import apply_edits
from labor_opt.kernel.errors import InputError, Issue
from labor_opt.kernel.files import read_text
from labor_opt.kernel.safe_text import control_characters


def with_scenario_file(household: Household, path: str | FilePath) -> tuple[Household, str]:
    """The household with the what-if in ``path`` added as a scenario named after the file.

    The file holds the same keys as one entry of ``scenarios:`` (description,
    remove_*, update_*, add_*); problems are reported at its own lines.

    >>> from labor_opt.household.reading import read_household
    >>> household, name = with_scenario_file(read_household("examples/newborn.yaml"),
    ...                                      "examples/scenarios/twins.yaml")
    >>> name, "twins" in household.scenarios
    ('twins', True)
    """
    file = str(path)
    data, issues = parse_marked_yaml(read_text(path, "scenario file"), file)
    issues = [replace(issue, file=file) for issue in issues]
    if data is None and not issues:
        issues.append(
            Issue(
                "the scenario file is empty", "write at least one edit, e.g. remove_tasks: [dinner]", file=file, line=1
            )
        )
    elif data is not None and not isinstance(data, Mapping):
        issues.append(
            Issue(
                "the scenario file holds a list or a single value",
                "write edit keys at the top level: description, add_tasks, update_members, ...",
                file=file,
                line=1,
            )
        )
    name = FilePath(path).stem
    odd = control_characters(name)
    if odd:  # the file's name names the scenario, shown in every view
        issues.append(
            Issue(f"the scenario file's name {quoted(name)} holds {odd}", "rename the file with plain characters",
                  file=file, line=1)
        )  # fmt: skip
    elif name in household.scenarios:
        issues.append(
            Issue(
                f"the household file already has a scenario {name}",
                "rename the scenario file, or the scenario in the household file",
                file=file,
                line=1,
            )
        )
    if issues:
        raise InputError(issues)
    try:
        return _with_scenario_data(household, name, data, file), name
    except InputError as error:  # paths inside the scenario file start at its top
        raise InputError(
            [
                replace(issue, path=issue.path.removeprefix(f"scenarios.{name}.")) if issue.file == file else issue
                for issue in error.issues
            ]
        ) from None


def _with_scenario_data(household: Household, name: str, entry: Mapping[str, Any], file: str) -> Household:
    """The household with ``entry`` added as scenario ``name``, only it checked; its problems at ``file``'s lines.

    As if the file's ``scenarios:`` held it: the entry's keys and values
    first (control characters said first and alone), then its edits applied
    and the result validated. Of a broken entry, the sound edits are
    applied too, so that every mistake shows at once.
    """
    document = _document_of(household)
    source = document.source
    refused = control_issues(entry, file, at=("scenarios", name))
    if refused:
        raise InputError(refused)
    data = _combined(document.data_of(household.scenario_name), name, entry, file)
    model, issues = _entry(data, name, source)
    bad_keys = {issue.path[len(f"scenarios.{name}.") :].split(".")[0].split("[")[0] for issue in issues}
    if "" in bad_keys:  # the entry itself is wrong: there are no edits to apply
        raise InputError(unique(issues))
    if issues:
        data = _combined(data, name, without(entry, bad_keys), file)
    else:  # as in the file's own reading: the base's warnings come with the scenario's errors
        issues = list(household.warnings)
    read, errors = read_scenario(data, name, source, {(issue.message, issue.line) for issue in household.warnings})
    issues += errors
    if model is None or read is None or any(issue.severity == "error" for issue in issues):
        raise InputError(unique(issues))
    return with_scenario(household, name, model, read, data)


def _entry(data: Mapping[str, Any], name: str, source: str) -> tuple[Scenario | None, list[Issue]]:
    """Scenario ``name`` of ``data`` as a ``scenarios:`` entry: its model (``None`` if invalid) and its problems."""
    try:
        return Scenario.model_validate(data["scenarios"][name]), []
    except ValidationError as error:
        found = [{**entry, "loc": ("scenarios", name, *entry["loc"])} for entry in error.errors()]
        return None, [pydantic_issue(data, entry, source, scenario=None) for entry in real_problems(found)]


def _combined(data: Mapping[str, Any], name: str, entry: Mapping[str, Any], file: str) -> MarkedDict:
    """``data`` with ``entry`` as scenario ``name``, whose lines are ``file``'s."""
    combined = MarkedDict(data, line=getattr(data, "line", 0), source=getattr(data, "source", None))
    combined.key_lines = dict(getattr(data, "key_lines", {}))
    scenarios = MarkedDict(data.get("scenarios") or {}, line=1, source=file)
    scenarios.key_lines = dict(getattr(data.get("scenarios"), "key_lines", {}))
    scenarios[name] = entry
    scenarios.key_lines[name] = 1
    scenarios.key_sources[name] = file
    combined["scenarios"] = scenarios
    combined.key_lines.setdefault("scenarios", 1)
    return combined


def with_edits(household: Household, edits: Mapping[str, Any], source: str = "<edits>") -> Household:
    """The household with ``edits`` made: one scenario's keys as data (update_tasks, ...), validated once.

    Made exactly as a person's edits under ``scenarios:`` would be. The
    result is a household of its own, not a scenario of the file: the head
    of a document whose data is the edited data. A problem inside the
    edits is said at ``source``.

    >>> from labor_opt.household.reading import read_household
    >>> edited = with_edits(read_household("examples/newborn.yaml"), {"update_tasks": {"dinner": {"people": 2}}})
    >>> edited.task("dinner").people, edited.scenario_name
    (2, None)
    """
    document = _document_of(household)
    data = document.data_of(household.scenario_name)
    name = "edits"
    while name in household.scenarios:
        name += "_"
    edited = apply_edits(data, edits, name)
    result, issues = validate(edited.data, document.source, scenario=name, edited=edited, original=data)
    issues = edit_issues(data, edited, document.source, name) + issues
    if result is None or any(issue.severity == "error" for issue in issues):
        inside = f"scenarios.{name}."
        raise InputError(
            [
                replace(issue, path=issue.path.removeprefix(inside), file=source, line=None)
                if issue.path.startswith(inside)
                else issue
                for issue in unique(issues)
            ]
        )
    return HouseholdDocument(document.source, edited.data, result, household.warnings).base


def _document_of(household: Household) -> HouseholdDocument:
    """The document ``household`` was read into: what its edits work on."""
    if household.document is None:
        raise InputError(
            [
                Issue(
                    "this household was built in code, not read, so there is no data as read to edit",
                    "read it with labor_opt.load, parse_household or household_from_data",
                    file=household.source,
                )
            ]
        )
    return household.document
