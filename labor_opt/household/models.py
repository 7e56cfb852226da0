"""The household file as pydantic models: every key, default and shorthand of the spec.

Values are stored in plain units (minutes, day numbers 0 = Monday); each
model serializes back to the file's own notation, so a dumped household is
again a valid file. Rules that need the whole household (unknown ids, shares,
skills nobody has) live in :mod:`labor_opt.household.validation`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)

from labor_opt.household import notation
from labor_opt.household.times import Block, FileModel, NightSleep, Presence, Sleep, Window, WorkBlock
from labor_opt.household.units import DAY_SHORTHANDS, UnitError, parse_days, parse_seconds
from labor_opt.household.values import (
    Days,
    MemberId,
    Minutes,
    MinutesOrZero,
    Name,
    exactly_one,
    flag,
    grid_resolution,
    invalid,
    one_or_many,
    share_split,
    skill_map,
    unit,
    whole_number,
)
from labor_opt.kernel.errors import Issue
from labor_opt.kernel.horizon import DAY_NAMES, MINUTES_PER_DAY

if TYPE_CHECKING:
    from labor_opt.household.document import HouseholdDocument


class Member(FileModel):
    """One person of the household."""

    id: MemberId
    """Unique id of the member, as `who`, `shares`, `now` and scenario edits name them."""
    name: Name | None = None
    """Display name (default: the id)."""
    work: list[WorkBlock] = []
    """Paid work blocks; they count in the load when fairness.measure is total. at_home: true for work done at home."""
    commute: MinutesOrZero = 0
    """Minutes each way, before and after each stretch of work (default 0)."""
    sleep: Sleep | list[NightSleep] = Sleep.model_validate({"from": "23:00", "to": "07:00"})
    """Daily sleep (default 23:00 to 07:00), or a list of blocks whose days name each night's evening."""
    unavailable: list[Block] = []
    """Other busy blocks (choir, school hours): no chores then."""
    available: list[Block] | None = None
    """The blocks this member is around; outside them they are away (default: always around)."""
    skills: Annotated[dict[str, str], BeforeValidator(skill_map("able")), WithJsonSchema(notation.skills())] = {}
    """Skill levels: {cooking: able}; a list means able. learning takes 1.5x as long, expert 0.75x."""
    likes: list[Name] = []
    """Task ids or tags this member likes doing."""
    dislikes: list[Name] = []
    """Task ids or tags this member would rather not do."""
    never: list[Name] = []
    """Task ids or tags this member must never be given."""
    max_chores: MinutesOrZero | None = None
    """Most chore minutes a week (default: no cap)."""
    max_mental: MinutesOrZero | None = None
    """Most mental-load minutes a week (default: no cap in the balance, 0 outside it)."""
    max_nights: Annotated[
        Annotated[int, whole_number(0, 7)] | None, WithJsonSchema({"anyOf": [notation.whole(0, 7), {"type": "null"}]})
    ] = None
    """Most disturbed nights a week, 0 to 7 (default 7)."""
    balance: Annotated[bool, BeforeValidator(flag)] = True
    """false: a helper whose load is not in the fairness measure (default true)."""

    @field_validator("sleep")
    @classmethod
    def _every_night_once(cls, sleep: Sleep | list[NightSleep]) -> Sleep | list[NightSleep]:
        if isinstance(sleep, list):
            named = [day for block in sleep for day in block.days]
            twice = sorted({DAY_NAMES[d] for d in named if named.count(d) > 1}, key=DAY_NAMES.index)
            missing = [DAY_NAMES[d] for d in range(7) if d not in named]
            parts = [f"names {', '.join(twice)} twice"] if twice else []
            parts += [f"leaves out {', '.join(missing)}"] if missing else []
            if parts:
                raise invalid(
                    f"the sleep blocks {' and '.join(parts)}",
                    "name each evening mon ... sun exactly once in the blocks' days "
                    "(a night belongs to the evening it begins)",
                )
        return sleep

    @property
    def display_name(self) -> str:
        """The member's name, or the id when none is given."""
        return self.name or self.id

    @property
    def nights(self) -> tuple[tuple[int, int], ...]:
        """The seven nights, by the evening they begin (Monday first): each night's start (week minute) and length."""
        if not isinstance(self.sleep, list):
            return tuple((day * MINUTES_PER_DAY + self.sleep.start, self.sleep.minutes) for day in range(7))
        by_evening = {
            day: (start, block.minutes) for block in self.sleep for day, start in block.night_starts().items()
        }
        return tuple(by_evening[day] for day in range(7))

    @property
    def mental_cap(self) -> int | None:
        """``max_mental``, or its default: no cap in the balance, 0 outside it.

        A helper outside the balance carries no planning or remembering
        unless the household says so: load the fairness measure does not
        count must never be where invisible work goes by default.
        """
        if self.max_mental is not None:
            return self.max_mental
        return None if self.balance else 0

    @property
    def night_cap(self) -> int:
        """``max_nights``, or 7 (every night) when not given."""
        return 7 if self.max_nights is None else self.max_nights


class Repeat(FileModel):
    """How often a task happens: on fixed ``days``, or ``times`` days the solver picks."""

    days: Days | None = None
    times: Annotated[int, whole_number(1)] = 1
    min_gap_days: Annotated[int, whole_number(0, 6)] = 0

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if value == "weekly":
            return {"times": 1}
        if isinstance(value, (str, list)):
            try:
                return {"days": parse_days(value)}
            except UnitError as error:
                raise invalid(
                    error.message,
                    error.hint.replace("or daily,", "or weekly, daily,") + ", or {times: 3}",
                ) from None
        return value

    @model_validator(mode="after")
    def _fits_a_week(self) -> Repeat:
        if self.days is not None:
            if "times" in self.model_fields_set or "min_gap_days" in self.model_fields_set:
                raise invalid("`days` cannot be combined with `times` or `min_gap_days`", "keep one of them")
            return self
        if self.times > 7:
            raise invalid(
                f"{{times: {self.times}}} asks for more than one occurrence a day",
                "times is at most 7; for several a day, add one task per time of day",
            )
        if self.times * (self.min_gap_days + 1) > 7:
            raise invalid(
                f"{self.times} times a week with {self.min_gap_days} empty days between them does not fit in 7 days",
                "lower times or min_gap_days so that times x (min_gap_days + 1) <= 7",
            )
        return self

    @property
    def chosen_days(self) -> bool:
        """True when the solver picks the days (``weekly`` or ``{times: N}``)."""
        return self.days is None

    @property
    def count(self) -> int:
        """How many occurrences a week."""
        return len(self.days) if self.days is not None else self.times

    @model_serializer
    def _as_written(self) -> Any:
        if self.days is not None:
            for shorthand, days in DAY_SHORTHANDS.items():
                if days == self.days:
                    return shorthand
            return [DAY_NAMES[day] for day in self.days]
        if self.times == 1 and self.min_gap_days == 0:
            return "weekly"
        return {"times": self.times, "min_gap_days": self.min_gap_days}


class Task(FileModel):
    """One kind of household work."""

    id: Name
    """Unique id of the task, as likes, dislikes, never and scenario edits name it."""
    name: Name | None = None
    """Display name (default: the id)."""
    duration: Minutes
    """Time one occurrence takes an able member: 45, "45m", "1h30m"."""
    repeat: Annotated[Repeat, WithJsonSchema(notation.REPEAT)] = Repeat()
    """How often: weekly (default), daily, weekdays, weekends, [mon, thu], or {times: 3, min_gap_days: 1}."""
    window: Window | None = None
    """The time of day each occurrence lies in, on its day (default: any free waking time)."""
    requires: Annotated[dict[str, str], BeforeValidator(skill_map("learning")), WithJsonSchema(notation.skills())] = {}
    """Minimum skill levels: {cooking: able}; a list means at least learning."""
    tags: list[Name] = []
    """Words that likes, dislikes and never may name."""
    mental_load: MinutesOrZero = 0
    """Weekly planning and remembering minutes, carried by the task's owner (default 0)."""
    people: Annotated[int, whole_number(1, 50), WithJsonSchema(notation.whole(1, 50))] = 1
    """Members needed together at the same time (default 1)."""
    assign: Literal["any", "one"] = "any"
    """any: each occurrence to anyone allowed; one: the same member(s) all week."""
    night: Annotated[bool, BeforeValidator(flag)] = False
    """true: may be placed inside sleep (night feeds), which disturbs that night."""
    who: list[MemberId] | None = None
    """Only these members may do it (default: anyone)."""
    away: Annotated[bool, BeforeValidator(flag)] = False
    """true: done away from home (school run, groceries); whoever does it is not at home then."""
    now: Annotated[list[MemberId] | None, BeforeValidator(one_or_many), WithJsonSchema(notation.ONE_OR_MANY_IDS)] = None
    """Who does it today (a list for people > 1; the first owns its mental load today), for labor-opt audit."""
    fixed: Annotated[bool, BeforeValidator(flag)] = False
    """true: takes its duration whoever does it (minding children): no skill factor; requires still says who may."""

    _default_window: Window | None = PrivateAttr(default=None)  # settings.default_window, set by the household

    @property
    def display_name(self) -> str:
        """The task's name, or the id when none is given."""
        return self.name or self.id

    @property
    def effective_window(self) -> Window | None:
        """The window the task is placed in: its own, else the household's ``settings.default_window``."""
        return self.window if self.window is not None else self._default_window


class Fairness(FileModel):
    """What is balanced, in which split, and how much slack counts as fair."""

    measure: Literal["total", "chores"] = "total"
    """total: paid work + commute + chores + mental load; chores: chores + mental load only."""
    shares: Annotated[
        Literal["equal"] | dict[str, float], BeforeValidator(share_split), WithJsonSchema(notation.SHARES)
    ] = "equal"
    """equal, or agreed weights per balanced member: {jo: 2, pat: 1}."""
    tolerance: MinutesOrZero = 15
    """Imbalance above the least possible that still counts as fair (default 15m)."""
    objective: Literal["imbalance", "leximin"] = "imbalance"
    """imbalance: the most minus the least loaded; leximin: also the highest load as low as possible, then the next."""
    routine: Literal["report", "balance"] = "report"
    """report: show routine and flexible chores; balance: also even out routine minutes inside the band."""


class Settings(FileModel):
    """Solver and fairness settings."""

    resolution: Annotated[int, unit(grid_resolution), WithJsonSchema(notation.RESOLUTION)] = 15
    """The time grid: 5m, 10m, 15m (default) or 30m."""
    fairness: Fairness = Fairness()
    """What is balanced and how."""
    time_limit: Annotated[float, unit(parse_seconds), WithJsonSchema(notation.SECONDS)] = 10.0
    """Search time, counted from the start: 10s (default), 2m, or seconds; at most a day."""
    default_window: Window | None = None
    """The window of every task without one: household hours, e.g. {from: "07:00", to: "21:30"}."""


class Scenario(FileModel):
    """A named what-if: edits applied to the base in the order remove, update, add."""

    description: str | None = None
    """What the what-if is, in words."""
    remove_tasks: list[Name] = []
    """Ids of tasks to remove."""
    update_tasks: dict[str, dict[str, Any]] = {}
    """Per task id, the keys to replace, each replaced whole."""
    add_tasks: list[dict[str, Any]] = []
    """New tasks, written as under tasks."""
    remove_members: list[Name] = []
    """Ids of members to remove."""
    update_members: dict[str, dict[str, Any]] = {}
    """Per member id, the keys to replace, each replaced whole."""
    add_members: list[dict[str, Any]] = []
    """New members, written as under members."""
    remove_presence: list[Name] = []
    """Names of presence blocks to remove."""
    update_presence: dict[str, dict[str, Any]] = {}
    """Per presence block name, the keys to replace, each replaced whole."""
    add_presence: list[dict[str, Any]] = []
    """New presence blocks, written as under presence."""


class Household(FileModel):
    """A validated household file. Build one with :func:`labor_opt.load`.

    >>> import labor_opt
    >>> household = labor_opt.load("examples/dual_earners_toddler.yaml")
    >>> [member.id for member in household.members]
    ['alex', 'sam']
    """

    version: Annotated[int, BeforeValidator(exactly_one), WithJsonSchema({"const": 1})]
    """The format's version: 1."""
    name: str | None = None
    """The household's name, shown in titles."""
    settings: Settings = Settings()
    """The grid, the fairness measure and the time limit."""
    members: list[Member] = Field(min_length=1)
    """The people of the household."""
    tasks: list[Task]
    """The household's work."""
    presence: list[Presence] = []
    """Times when enough members must be at home, e.g. someone home with the children after school."""
    scenarios: dict[str, Scenario] = {}
    """Named what-ifs, compared with labor-opt compare."""

    @model_validator(mode="after")
    def _tasks_know_the_household_hours(self) -> Household:
        for task in self.tasks:
            task._default_window = self.settings.default_window
        return self

    # Set by the document the household was read into (never by the file): see :attr:`document`.
    _document: HouseholdDocument | None = PrivateAttr(default=None)
    _scenario_name: str | None = PrivateAttr(default=None)

    @property
    def document(self) -> HouseholdDocument | None:
        """The file this household was read from, as read: every scenario validated, the marks, the warnings.

        ``None`` for a household built in code rather than read.
        """
        return self._document

    @property
    def source(self) -> str:
        """The file this household was read from (or ``<household>``)."""
        return self._document.source if self._document is not None else "<household>"

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """Warnings found while reading it (values rounded to the grid, ...): a scenario's include the base's."""
        return self.warnings_of(self._scenario_name)

    def warnings_of(self, scenario: str | None) -> tuple[Issue, ...]:
        """The base's warnings, and those that only scenario ``scenario`` brings."""
        return self._document.warnings_of(scenario) if self._document is not None else ()

    @property
    def scenario_name(self) -> str | None:
        """The scenario applied to get this household, ``None`` for the base."""
        return self._scenario_name

    def member(self, member_id: str) -> Member:
        """The member with this id."""
        for member in self.members:
            if member.id == member_id:
                return member
        raise KeyError(member_id)

    def task(self, task_id: str) -> Task:
        """The task with this id."""
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)
