"""From a file (or data) to a validated :class:`Household`, every problem collected.

The steps: bytes -> text (UTF-8) -> YAML with line marks -> pydantic models
-> whole-household checks -> each scenario applied and checked the same way.
Problems are gathered as :class:`~labor_opt.errors.Issue` values with their
lines and raised together once, as one :class:`~labor_opt.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path as FilePath
from typing import Any

from pydantic import ValidationError

from labor_opt.errors import InputError, Issue
from labor_opt.files import read_text
from labor_opt.household.marked_yaml import MarkedDict, parse_marked_yaml
from labor_opt.household.messages import finding_issue, pydantic_issue
from labor_opt.household.models import Household, Member, Settings, Task
from labor_opt.household.plain_text import control_issues, quoted
from labor_opt.household.scenarios import EditedHousehold, apply_scenario
from labor_opt.household.units import closest, odd_characters, suggestion
from labor_opt.household.validation import Finding, check_household
from labor_opt.safe_text import control_characters, shown


def read_household(path: str | FilePath) -> Household:
    """Read and validate a household file; raise :class:`InputError` listing every problem.

    >>> household = read_household("examples/dual_earners_toddler.yaml")
    >>> household.settings.resolution
    15
    """
    return parse_household(read_text(path), source=str(path))


def with_scenario_file(household: Household, path: str | FilePath) -> tuple[Household, str]:
    """The household with the what-if in ``path`` added as a scenario named after the file.

    The file holds the same keys as one entry of ``scenarios:`` (description,
    remove_*, update_*, add_*); problems are reported at its own lines.

    >>> household, name = with_scenario_file(read_household("examples/newborn.yaml"),
    ...                                      "examples/scenarios/twins.yaml")
    >>> name, "twins" in household.scenarios
    ('twins', True)
    """
    file = str(path)
    data, issues = parse_marked_yaml(read_text(path, "scenario file"), file)
    issues = [_with_file(issue, file) for issue in issues]
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
    return _with_scenario_data(household, name, data, file), name


def with_edits(household: Household, edits: str, source: str = "<edits>") -> Household:
    """The household with ``edits`` applied: YAML text holding one scenario's keys (update_tasks, ...).

    Used to try a change exactly as a person would write it under ``scenarios:``.

    >>> edited = with_edits(read_household("examples/newborn.yaml"), "update_tasks: {dinner: {people: 2}}")
    >>> edited.task("dinner").people
    2
    """
    data, issues = parse_marked_yaml(edits, source)
    if issues or not isinstance(data, Mapping):
        raise InputError(issues or [Issue("the edits are not a mapping of scenario keys", file=source, line=1)])
    name = "edits"
    while name in household.scenarios:
        name += "_"
    edited = scenario_household(_with_scenario_data(household, name, data, source), name)
    edited._scenario_name = None  # a household of its own now, not a scenario of the file
    return edited


def _with_scenario_data(household: Household, name: str, data: Any, file: str) -> Household:
    """The household with ``data`` added as scenario ``name``; problems in it reported at ``file``'s lines."""
    raw = household._raw
    combined = MarkedDict(raw, line=getattr(raw, "line", 0), source=getattr(raw, "source", None))
    combined.key_lines = dict(getattr(raw, "key_lines", {}))
    scenarios = MarkedDict(raw.get("scenarios") or {}, line=1, source=file)
    scenarios.key_lines = dict(getattr(raw.get("scenarios"), "key_lines", {}))
    scenarios[name] = data
    scenarios.key_lines[name] = 1
    scenarios.key_sources[name] = file
    combined["scenarios"] = scenarios
    combined.key_lines.setdefault("scenarios", 1)
    try:
        return household_from_data(combined, source=household.source)
    except InputError as error:  # paths inside the scenario file start at its top
        raise InputError(
            [
                replace(issue, path=issue.path.removeprefix(f"scenarios.{name}.")) if issue.file == file else issue
                for issue in error.issues
            ]
        ) from None


def parse_household(text: str, source: str = "<household>") -> Household:
    """Validate household YAML text; ``source`` names it in messages."""
    data, yaml_issues = parse_marked_yaml(text, source)
    yaml_issues = [_with_file(issue, source) for issue in yaml_issues]
    if yaml_issues and data is None:
        raise InputError(yaml_issues)
    try:
        household = household_from_data(data, source=source)
    except InputError as error:  # report the YAML's own problems with the rest
        raise InputError(_unique(yaml_issues + list(error.issues))) from None
    if yaml_issues:
        raise InputError(yaml_issues)
    return household


def household_from_data(data: Any, source: str = "<household>") -> Household:
    """Validate household data (as YAML would give it: dicts, lists, strings, numbers).

    >>> household = household_from_data({"version": 1, "members": [{"id": "kim"}], "tasks": []})
    >>> household.members[0].sleep.start
    1380
    """
    if data is None:
        raise InputError(
            [Issue("the file is empty", "start with `version: 1`, then members and tasks", file=source, line=1)]
        )
    if not isinstance(data, Mapping):
        raise InputError(
            [
                Issue(
                    "the file holds a list or a single value, not a household",
                    "write keys at the top level: version, members, tasks",
                    file=source,
                    line=getattr(data, "line", 1),
                )
            ]
        )
    refused = control_issues(data, source)
    if refused:  # like bytes that are not text: said first and alone, the rest read once they are gone
        raise InputError(refused)
    household, issues = _validate(data, source, scenario=None)
    scenarios = data.get("scenarios")
    if household is None and isinstance(scenarios, Mapping):
        # When only some scenarios are malformed, check the base and the others anyway.
        broken = {name for name in scenarios if any(_inside(issue.path, f"scenarios.{name}") for issue in issues)}
        if broken and all(any(_inside(issue.path, f"scenarios.{name}") for name in broken) for issue in issues):
            # Keep each broken scenario's sound edits, so that their mistakes show too.
            kept = {}
            for name, entry in scenarios.items():
                bad_keys = {
                    issue.path[len(f"scenarios.{name}.") :].split(".")[0].split("[")[0]
                    for issue in issues
                    if _inside(issue.path, f"scenarios.{name}")
                }
                if "" not in bad_keys and isinstance(entry, Mapping):
                    kept[name] = _without(entry, bad_keys)
            data = _without(data, {"scenarios"})
            data["scenarios"] = kept
            household, _ = _validate(data, source, scenario=None)
    scenario_warnings: dict[str, tuple[Issue, ...]] = {}
    if household is not None:
        issues, scenario_warnings = _check_scenarios(household, data, source, issues)
    if any(issue.severity == "error" for issue in issues):
        raise InputError(_unique(issues))
    assert household is not None
    household._warnings = tuple(_unique(issues))
    household._scenario_warnings = scenario_warnings
    return household


def _check_scenarios(
    household: Household, data: Mapping[str, Any], source: str, issues: list[Issue]
) -> tuple[list[Issue], dict[str, tuple[Issue, ...]]]:
    """Every scenario applied and checked: the base's issues with the scenarios' errors, and each one's new warnings.

    The edits that could be applied are checked too, so every mistake shows at once.
    """
    base = {(issue.message, issue.line) for issue in issues}
    warnings: dict[str, tuple[Issue, ...]] = {}
    for name in household.scenarios:
        edited = apply_scenario(data, name)
        issues = issues + _edit_issues(data, edited, source, name)
        _, scenario_issues = _validate(edited.data, source, scenario=name, edited=edited, original=data)
        # A mistake of the base that each scenario inherits is the base's: said once, there.
        issues += [
            issue
            for issue in scenario_issues
            if issue.severity == "error" and (_unprefixed(issue, name), issue.line) not in base
        ]
        warnings[name] = tuple(
            issue
            for issue in _unique(scenario_issues)
            if issue.severity == "warning" and (_unprefixed(issue, name), issue.line) not in base
        )
    return issues, warnings


def _edit_issues(data: Mapping[str, Any], edited: EditedHousehold, source: str, scenario: str) -> list[Issue]:
    """What went wrong applying a scenario's edits, at the edits' own paths."""
    issues = [finding_issue(data, finding, source, scenario) for finding in edited.findings]
    return [replace(issue, path=edited.path_in_file(issue.path)) for issue in issues]


def _unprefixed(issue: Issue, scenario: str) -> str:
    return issue.message.removeprefix(f"scenario {scenario}: ")


def _without(entry: Mapping[str, Any], keys: set[str]) -> MarkedDict:
    """A copy of a mapping without ``keys``, keeping its line marks."""
    copy = MarkedDict(
        {key: value for key, value in entry.items() if key not in keys},
        line=getattr(entry, "line", 0),
        source=getattr(entry, "source", None),
    )
    copy.key_lines = dict(getattr(entry, "key_lines", {}))
    copy.key_sources = dict(getattr(entry, "key_sources", {}))
    return copy


def _inside(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def scenario_household(household: Household, name: str) -> Household:
    """The household with scenario ``name`` applied (already checked when it was read)."""
    if name not in household.scenarios:
        known = ", ".join(household.scenarios) or "none"
        hint = suggestion(name, list(household.scenarios)) or f"scenarios in this file: {known}"
        raise InputError([Issue(f"there is no scenario {shown(name)}", hint, file=household.source)])
    data = household._raw
    edited = apply_scenario(data, name)
    result, issues = _validate(edited.data, household.source, scenario=name, edited=edited, original=data)
    issues = _edit_issues(data, edited, household.source, name) + issues
    if result is None or any(issue.severity == "error" for issue in issues):
        raise InputError(issues)
    result._scenario_name = name
    return result


def _validate(
    data: Mapping[str, Any],
    source: str,
    scenario: str | None,
    edited: EditedHousehold | None = None,
    original: Mapping[str, Any] | None = None,
) -> tuple[Household | None, list[Issue]]:
    """The household of ``data`` (``None`` if invalid) and every problem; a scenario's at its edits' paths."""
    household, issues = _validated(data, source, scenario, edited, original)
    if edited is not None:
        issues = [replace(issue, path=edited.path_in_file(issue.path)) for issue in issues]
    return household, issues


def _validated(
    data: Mapping[str, Any],
    source: str,
    scenario: str | None,
    edited: EditedHousehold | None,
    original: Mapping[str, Any] | None,
) -> tuple[Household | None, list[Issue]]:
    try:
        household = Household.model_validate(data)
    except ValidationError as error:
        found = [pydantic_issue(data, entry, source, scenario) for entry in _real_problems(error.errors())]
        return None, found + [finding_issue(data, finding, source, scenario) for finding in _partial_findings(data)]
    issues: list[Issue] = []
    for finding in check_household(household):
        if edited is not None and finding.kind == "preference" and finding.subject in edited.removed:
            continue  # liking a task the scenario removes is no mistake
        at_edit = edited.at_the_edit(finding, data) if edited is not None and original is not None else None
        if at_edit is not None and original is not None:  # reported where the scenario caused it
            issues.append(finding_issue(original, at_edit, source, scenario))
            continue
        issues.append(finding_issue(data, finding, source, scenario))
    household._source = source
    household._raw = data
    return household, issues


def _real_problems(errors: list[Any]) -> list[Any]:
    """Leave out a key reported missing where a misspelt one stands (`durration` or `dura\u200btion`):
    the unknown key is the real problem, and its message says what to write."""
    unknown = {(tuple(e["loc"][:-1]), str(e["loc"][-1])) for e in errors if e["type"] == "extra_forbidden"}

    def misspelt(error: Any) -> bool:
        parent, key = tuple(error["loc"][:-1]), str(error["loc"][-1])
        return any(
            where == parent and (closest(key, [written]) or odd_characters(written)) for where, written in unknown
        )

    return [error for error in errors if not (error["type"] == "missing" and misspelt(error))]


def _partial_findings(data: Mapping[str, Any]) -> list[Finding]:
    """Cross-checks over the members and tasks that are valid on their own.

    So that a file with both a bad value and an unknown id reports both at
    once. Findings that a dropped entry could explain are left out.
    """
    kept: dict[str, list[tuple[int, Any]]] = {"members": [], "tasks": []}
    dropped_words: set[str] = set()
    for section, model in (("members", Member), ("tasks", Task)):
        entries = data.get(section)
        if not isinstance(entries, list):
            return []
        for index, entry in enumerate(entries):
            try:
                kept[section].append((index, model.model_validate(entry)))
            except ValidationError:
                if isinstance(entry, Mapping):
                    dropped_words.add(str(entry.get("id")))
                    tags = entry.get("tags")
                    dropped_words.update(str(tag) for tag in tags) if isinstance(tags, list) else None
    if not kept["members"]:
        return []
    try:
        settings = Settings.model_validate(data.get("settings") or {})
    except ValidationError:
        settings = Settings()
    partial = Household.model_construct(
        version=1,
        settings=settings,
        members=[member for _, member in kept["members"]],
        tasks=[task for _, task in kept["tasks"]],
    )
    members_dropped = len(kept["members"]) != len(data.get("members") or [])
    findings = []
    for finding in check_household(partial):
        if finding.severity == "warning" or finding.subject in dropped_words:
            continue
        if finding.kind == "skills" and members_dropped:
            continue
        section, position = str(finding.path[0]), finding.path[1]
        if section in kept and isinstance(position, int):
            finding = finding._replace(path=(section, kept[section][position][0], *finding.path[2:]))
        findings.append(finding)
    return findings


def _with_file(issue: Issue, source: str) -> Issue:
    return replace(issue, file=source)


def _unique(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[Any, ...]] = set()
    result = []
    for issue in issues:
        key = (issue.message, issue.line, issue.path)
        if key not in seen:
            seen.add(key)
            result.append(issue)
    return sorted(result, key=lambda issue: (issue.severity != "error", issue.line or 0))
