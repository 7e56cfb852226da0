"""From a file (or data) to a validated :class:`Household`, every problem collected.

The steps: bytes -> text (UTF-8) -> YAML with line marks -> pydantic models
-> whole-household checks -> each scenario applied and checked the same way,
once: the result is a :class:`~labor_opt.household.document.HouseholdDocument`
holding the base and every scenario's household. Problems are gathered as
:class:`~labor_opt.kernel.errors.Issue` values with their lines and raised together
once, as one :class:`~labor_opt.kernel.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import replace
from pathlib import Path as FilePath
from typing import Any

from pydantic import ValidationError

from labor_opt.household.document import HouseholdDocument, ScenarioRead
from labor_opt.household.marked_yaml import MarkedDict, parse_marked_yaml
from labor_opt.household.messages import finding_issue, pydantic_issue
from labor_opt.household.models import Household, Member, Settings, Task
from labor_opt.household.plain_text import control_issues
from labor_opt.household.scenarios import EditedHousehold, apply_scenario
from labor_opt.household.units import closest, odd_characters
from labor_opt.household.validation import Finding, check_household
from labor_opt.kernel.errors import InputError, Issue
from labor_opt.kernel.files import read_text


def read_document(path: str | FilePath) -> HouseholdDocument:
    """Read and validate a household file, each scenario once; raise :class:`InputError` listing every problem.

    >>> document = read_document("examples/newborn.yaml")
    >>> document.scenario("baby_arrives").scenario_name
    'baby_arrives'
    """
    return parse_document(read_text(path), source=str(path))


def read_household(path: str | FilePath) -> Household:
    """Read and validate a household file; raise :class:`InputError` listing every problem.

    The household's :attr:`~Household.document` holds every scenario's, validated.

    >>> household = read_household("examples/dual_earners_toddler.yaml")
    >>> household.settings.resolution
    15
    """
    return read_document(path).base


def parse_household(text: str, source: str = "<household>") -> Household:
    """Validate household YAML text; ``source`` names it in messages."""
    return parse_document(text, source).base


def parse_document(text: str, source: str = "<household>") -> HouseholdDocument:
    """The document of household YAML text (each scenario validated once); ``source`` names it in messages."""
    data, yaml_issues = parse_marked_yaml(text, source)
    yaml_issues = [_with_file(issue, source) for issue in yaml_issues]
    if yaml_issues and data is None:
        raise InputError(yaml_issues)
    try:
        document = document_from_data(data, source=source)
    except InputError as error:  # report the YAML's own problems with the rest
        raise InputError(unique(yaml_issues + list(error.issues))) from None
    if yaml_issues:
        raise InputError(yaml_issues)
    return document


def household_from_data(data: Any, source: str = "<household>") -> Household:
    """Validate household data (as YAML would give it: dicts, lists, strings, numbers).

    >>> household = household_from_data({"version": 1, "members": [{"id": "kim"}], "tasks": []})
    >>> household.members[0].sleep.start
    1380
    """
    return document_from_data(data, source).base


def document_from_data(data: Any, source: str = "<household>") -> HouseholdDocument:
    """The document of household data: the base and every scenario validated, each once.

    See :func:`household_from_data`.
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
    household, issues = validate(data, source, scenario=None)
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
                    kept[name] = without(entry, bad_keys)
            data = without(data, {"scenarios"})
            data["scenarios"] = kept
            household, _ = validate(data, source, scenario=None)
    reads: dict[str, ScenarioRead] = {}
    if household is not None:
        issues, reads = _check_scenarios(household, data, source, issues)
    if any(issue.severity == "error" for issue in issues):
        raise InputError(unique(issues))
    assert household is not None
    return HouseholdDocument(source, data, household, tuple(unique(issues)), reads)


def _check_scenarios(
    household: Household, data: Mapping[str, Any], source: str, issues: list[Issue]
) -> tuple[list[Issue], dict[str, ScenarioRead]]:
    """Every scenario applied and checked, once: the base's issues with the scenarios' errors, and each one as read.

    The edits that could be applied are checked too, so every mistake shows at once.
    """
    base = {(issue.message, issue.line) for issue in issues}
    reads: dict[str, ScenarioRead] = {}
    for name in household.scenarios:
        read, errors = read_scenario(data, name, source, base)
        issues = issues + errors
        if read is not None:
            reads[name] = read
    return issues, reads


def read_scenario(
    data: Mapping[str, Any], name: str, source: str, base: Set[tuple[str, int | None]]
) -> tuple[ScenarioRead | None, list[Issue]]:
    """Scenario ``name`` of ``data`` applied and validated: its household as read (``None`` if invalid), its errors.

    A mistake of the base that the scenario inherits (its message and line
    in ``base``) is the base's: said once, there; so is a warning.
    """
    edited = apply_scenario(data, name)
    household, issues = validate(edited.data, source, scenario=name, edited=edited, original=data)
    errors = edit_issues(data, edited, source, name) + [
        issue for issue in issues if issue.severity == "error" and (_unprefixed(issue, name), issue.line) not in base
    ]
    warnings = tuple(
        issue
        for issue in unique(issues)
        if issue.severity == "warning" and (_unprefixed(issue, name), issue.line) not in base
    )
    if household is None or errors:
        return None, errors
    return ScenarioRead(household, edited.data, warnings), errors


def edit_issues(data: Mapping[str, Any], edited: EditedHousehold, source: str, scenario: str) -> list[Issue]:
    """What went wrong applying a scenario's edits, at the edits' own paths."""
    issues = [finding_issue(data, finding, source, scenario) for finding in edited.findings]
    return [replace(issue, path=edited.path_in_file(issue.path)) for issue in issues]


def _unprefixed(issue: Issue, scenario: str) -> str:
    return issue.message.removeprefix(f"scenario {scenario}: ")


def without(entry: Mapping[str, Any], keys: set[str]) -> MarkedDict:
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


def validate(
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
        found = [pydantic_issue(data, entry, source, scenario) for entry in real_problems(error.errors())]
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
    return household, issues


def real_problems(errors: list[Any]) -> list[Any]:
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


def unique(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[Any, ...]] = set()
    result = []
    for issue in issues:
        key = (issue.message, issue.line, issue.path)
        if key not in seen:
            seen.add(key)
            result.append(issue)
    return sorted(result, key=lambda issue: (issue.severity != "error", issue.line or 0))
