"""A household file read once: the base household and every scenario, each validated once, with marks and warnings.

Reading (:mod:`labor_opt.household.reading`) makes one. Everything after it
(solve, compare, check, explain, audit, a relaxation) takes a scenario's
household from here instead of applying its edits and validating them
again, so a scenario is validated exactly once per reading of its file.
The data as read (with each value's line and file) is kept for what edits
the household afterwards: a scenario file added, a relaxation tried.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from labor_opt.household.models import Household, Scenario
from labor_opt.household.units import suggestion
from labor_opt.kernel.errors import InputError, Issue
from labor_opt.kernel.safe_text import shown


@dataclass(frozen=True)
class ScenarioRead:
    """One scenario as read: its household (edits applied, validated), the data it came from, its own warnings."""

    household: Household
    data: Mapping[str, Any]  # the file's data with the edits applied, line marks kept
    warnings: tuple[Issue, ...] = ()  # what this scenario brings beyond the base's warnings


@dataclass(frozen=True)
class HouseholdDocument:
    """A household file as read: its source, its data, the base household and each scenario's, the warnings.

    Each household in it knows its document (:attr:`Household.document`);
    a document is never changed: adding a scenario file gives a new one.

    >>> from labor_opt.household.reading import read_document
    >>> document = read_document("examples/newborn.yaml")
    >>> sorted(document.scenarios), document.scenario("new_job").scenario_name
    (['baby_arrives', 'new_job'], 'new_job')
    >>> document.base.document is document
    True
    """

    source: str  # the file it was read from (or ``<household>``), named in messages
    data: Mapping[str, Any]  # the file's data as read, line marks kept
    base: Household
    warnings: tuple[Issue, ...] = ()  # the base's (values rounded to the grid, ...)
    scenarios: Mapping[str, ScenarioRead] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scenarios", dict(self.scenarios))  # its own: the caller's mapping may change
        self.base._document, self.base._scenario_name = self, None
        for name, scenario in self.scenarios.items():
            scenario.household._document, scenario.household._scenario_name = self, name

    def scenario(self, name: str) -> Household:
        """The household of scenario ``name``, as validated when the file was read; an :class:`InputError` if none."""
        return scenario_household(self.base, name)

    def warnings_of(self, scenario: str | None) -> tuple[Issue, ...]:
        """The base's warnings, and those that only scenario ``scenario`` brings."""
        read = self.scenarios.get(scenario) if scenario is not None else None
        return self.warnings + (read.warnings if read is not None else ())

    def data_of(self, scenario: str | None) -> Mapping[str, Any]:
        """The data the base's household (``None``) or a scenario's was validated from."""
        return self.data if scenario is None else self.scenarios[scenario].data


def with_scenario(
    household: Household, name: str, entry: Scenario, read: ScenarioRead, data: Mapping[str, Any]
) -> Household:
    """``household`` (as read) with scenario ``name`` added: a copy, heading a document of its own.

    ``entry`` is the scenario's edits, ``read`` its household as validated
    and ``data`` the data holding it. The scenarios read before are kept as
    they were validated, their households copied so that each knows its own
    document.
    """
    document = household.document
    assert document is not None, "only a household read from a file has one"
    base = household.model_copy(update={"scenarios": {**household.scenarios, name: entry}})
    kept = {
        other: ScenarioRead(known.household.model_copy(), known.data, known.warnings)
        for other, known in document.scenarios.items()
        if other in household.scenarios
    }
    return HouseholdDocument(document.source, data, base, household.warnings, {**kept, name: read}).base


def scenario_household(household: Household, name: str) -> Household:
    """The household with scenario ``name`` applied, as validated when its file was read.

    Nothing is applied nor validated again: the document holds it. An
    :class:`InputError` names the scenarios there are when there is no ``name``.

    A scenario's own household has no scenarios: a scenario does not nest.
    """
    document = household.document
    if document is not None and name in household.scenarios and name in document.scenarios:
        return document.scenarios[name].household
    known = list(household.scenarios)
    if name in known:  # built in code rather than read: its scenarios were never applied nor checked
        hint = "read the household with labor_opt.load or household_from_data to use its scenarios"
    else:
        hint = suggestion(name, known) or f"scenarios in this file: {', '.join(known) or 'none'}"
    raise InputError([Issue(f"there is no scenario {shown(name)}", hint, file=household.source)])
