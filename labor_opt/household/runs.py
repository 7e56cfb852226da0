"""Who takes the children to nursery or school and brings them back, and when someone is home with them.

The catalog's runs (``run: drop`` and ``run: pick``) are the household's
when, on every weekday, someone who may mind the children is free for them
inside their window. When nobody is (both adults at work, or on their way
there, at 08:00 and at 15:30), a real household has care it did not mention:
a breakfast or after-school club, a childminder, a drop-off on the way to
work. The file then leaves that run out, as a comment to bring back, and
keeps someone home with the children until the last of the household leaves
in the morning and from the first one back: a presence block that nobody can
keep would leave the file with no schedule at all. What was assumed is said.

Each child is covered from their own pick-up, not from the last one, as
long as the later runs can still be done while someone stays home with
them; when they cannot (one adult fetches both), the child comes along and
is covered from the last pick-up, and that is said too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from labor_opt.catalog import section
from labor_opt.household.answered_week import MemberWeek
from labor_opt.household.children import Child, listed, of_age
from labor_opt.household.units import format_clock, parse_clock, parse_duration
from labor_opt.kernel.horizon import MINUTES_PER_DAY

WEEKDAYS = range(5)
GRID = 15
MORNING = 5 * 60  # the last one to leave is looked for from here: earlier is still the night
LATEST = MINUTES_PER_DAY - GRID  # a block's `from` is at most 23:45


@dataclass(frozen=True)
class Run:
    """A catalog run for some children, and whether the household does it (else: care it did not mention)."""

    entry: dict[str, Any]
    kids: tuple[Child, ...]
    ours: bool

    @property
    def kind(self) -> str:
        """``drop`` (takes the children out) or ``pick`` (brings them home)."""
        return str(self.entry["run"])

    @property
    def start(self) -> int:
        """Its window's start, minutes since midnight."""
        return parse_clock(self.entry["window"][0], allow_end_of_day=False)

    @property
    def end(self) -> int:
        """Its window's end, minutes since midnight."""
        return parse_clock(self.entry["window"][1], allow_end_of_day=True)

    @property
    def length(self) -> int:
        """Its duration in minutes."""
        return parse_duration(self.entry["duration"])

    @property
    def said(self) -> str:
        """``the school run (07:45-08:45)``."""
        return f"the {str(self.entry['name']).lower()} ({self.entry['window'][0]}-{self.entry['window'][1]})"


@dataclass(frozen=True)
class Away:
    """A child out at nursery or school on weekdays: out at ``out``, someone home with them from ``back``."""

    child: Child
    out: int
    back: int


@dataclass(frozen=True)
class ChildrenPlan:
    """The runs, the presence blocks, and what `init` assumed, in words for the file and the terminal."""

    runs: tuple[Run, ...]
    presence: tuple[dict[str, Any], ...]
    notes: tuple[str, ...]

    @property
    def left_out(self) -> frozenset[str]:
        """The ids of the catalog's run tasks left to care outside the household."""
        return frozenset(str(run.entry["id"]) for run in self.runs if not run.ours)


def plan_children(children: tuple[Child, ...], minders: tuple[MemberWeek, ...]) -> ChildrenPlan:
    """The children's runs and presence blocks, for the members who may mind them (their weeks as answered)."""
    young = tuple(child for child in children if child.age.group != "teen")
    runs = tuple(
        Run(entry, tuple(kids), _someone_free(entry, minders))
        for entry in section("children")
        if "run" in entry and (kids := of_age(entry, list(young)))
    )
    aways = [_away(child, runs, minders) for child in young if any(child in run.kids for run in runs)]
    aways, along = _covered(aways, runs, minders)
    return ChildrenPlan(runs, tuple(_presence(young, tuple(aways), runs)), _notes(runs, tuple(aways), along))


def _someone_free(entry: dict[str, Any], minders: tuple[MemberWeek, ...]) -> bool:
    run = Run(entry, (), True)
    return all(any(week.free(start, run.length) for start in _starts(run, day) for week in minders) for day in WEEKDAYS)


def _starts(run: Run, day: int) -> range:
    base = day * MINUTES_PER_DAY
    return range(base + -(-run.start // GRID) * GRID, base + run.end - run.length + 1, GRID)


def _away(child: Child, runs: tuple[Run, ...], minders: tuple[MemberWeek, ...]) -> Away:
    drop = next(run for run in runs if child in run.kids and run.kind == "drop")
    pick = next(run for run in runs if child in run.kids and run.kind == "pick")
    out = drop.start if drop.ours else min(drop.start, _last_leaves(drop, minders))
    back = pick.end if pick.ours else max(pick.end, _first_back(pick, minders))
    return Away(child, out, back)


def _last_leaves(run: Run, minders: tuple[MemberWeek, ...]) -> int:
    """When, at the earliest weekday, nobody who minds the children is home any more in the morning."""
    return min(
        next(
            (minute for minute in range(MORNING, run.end) if not _anyone_home(minders, day, minute)),
            run.start,
        )
        for day in WEEKDAYS
    )


def _first_back(run: Run, minders: tuple[MemberWeek, ...]) -> int:
    """When, at the latest weekday, the first one who minds the children is home after the run's window opens."""
    return min(
        LATEST,
        max(
            next(
                (minute for minute in range(run.start, LATEST) if _anyone_home(minders, day, minute)),
                LATEST,
            )
            for day in WEEKDAYS
        ),
    )


def _anyone_home(minders: tuple[MemberWeek, ...], day: int, minute: int) -> bool:
    return any(week.home(day * MINUTES_PER_DAY + minute) for week in minders)


def _covered(
    aways: list[Away], runs: tuple[Run, ...], minders: tuple[MemberWeek, ...]
) -> tuple[list[Away], list[tuple[Away, Run]]]:
    """Each child covered from their own pick-up, unless a later run then leaves nobody home: they come along."""
    last = max((away.back for away in aways), default=0)
    kept, along = [], []
    for away in aways:
        later = [
            run
            for run in runs
            if run.ours and run.kind == "pick" and away.child not in run.kids and run.end > away.back
        ]
        blocked = next((run for run in later if not _someone_stays(run, away.back, last, minders)), None)
        kept.append(away if blocked is None else Away(away.child, away.out, last))
        along += [] if blocked is None else [(kept[-1], blocked)]
    return kept, along


def _someone_stays(run: Run, since: int, until: int, minders: tuple[MemberWeek, ...]) -> bool:
    """On every weekday, someone is free for ``run`` while another is home over its part in ``since``-``until``."""

    def stays(start: int, doer: MemberWeek) -> bool:
        base = start - start % MINUTES_PER_DAY
        first, last = max(start, base + since), min(start + run.length, base + until)
        return first >= last or any(
            other is not doer and all(other.home(minute) for minute in range(first, last)) for other in minders
        )

    return all(
        any(doer.free(start, run.length) and stays(start, doer) for start in _starts(run, day) for doer in minders)
        for day in WEEKDAYS
    )


def _presence(young: tuple[Child, ...], aways: tuple[Away, ...], runs: tuple[Run, ...]) -> list[dict[str, Any]]:
    """Someone home with the children whenever nursery, school or a run does not have them out.

    Babies alone are home all the time. Otherwise every child is home every
    evening, night and weekend day, and on weekdays from their own pick-up;
    a baby stays home while the others are out, and comes along on the runs.
    """
    if not young:
        return []
    named = listed([child.name for child in young])
    if not aways:
        return [_block(f"someone home with {named}", "daily", 0, MINUTES_PER_DAY)]
    out, back = min(away.out for away in aways), max(away.back for away in aways)
    babies = [child for child in young if child.age.group == "baby"]
    blocks = [
        _block(f"someone home with {named}", "daily", back, out),
        _block(f"someone home with {named} (weekend days)", "weekends", out, back),
    ]
    earlier = sorted({away.back for away in aways} - {back})
    for first, then in zip(earlier, [*earlier[1:], back], strict=False):  # each earlier pick-up, until the next
        kids = [away.child for away in aways if away.back <= first] + babies
        blocks.append(_block(f"someone home with {listed([kid.name for kid in kids])} (after pick-up)",
                             "weekdays", first, then))  # fmt: skip
    if babies:
        gone = max(_when(run, aways) for run in runs if run.kind == "drop")
        home = min(_when(run, aways) for run in runs if run.kind == "pick")
        if gone < home:
            blocks.append(_block(f"someone home with {listed([b.name for b in babies])} (weekday daytime)",
                                 "weekdays", gone, home))  # fmt: skip
    return blocks


def _when(run: Run, aways: tuple[Away, ...]) -> int:
    """The drop-off's end or the pick-up's start; for a run left to care, when its children go out or come home."""
    if run.ours:
        return run.end if run.kind == "drop" else run.start
    times = [away.out if run.kind == "drop" else away.back for away in aways if away.child in run.kids]
    return min(times) if run.kind == "drop" else max(times)


def _block(name: str, days: str, start: int, end: int) -> dict[str, Any]:
    return {"name": name, "days": days, "from": format_clock(start), "to": format_clock(end)}


def _notes(runs: tuple[Run, ...], aways: tuple[Away, ...], along: list[tuple[Away, Run]]) -> tuple[str, ...]:
    """What `init` assumed about the children, as lines to print (and to write as comments)."""
    notes = []
    care = [run for run in runs if not run.ours]
    if care:
        them, as_comments = ("it", "a comment") if len(care) == 1 else ("them", "comments")
        notes.append(
            f"nobody is free on weekdays for {listed([run.said for run in care])}, so the file leaves {them} to "
            "care you did not mention (a breakfast or after-school club, a childminder, a drop-off on the way to "
            f"work), and writes {them} as {as_comments} to bring back"
        )
        mornings = any(run.kind == "drop" for run in care)
        times = [f"with the children until {format_clock(min(away.out for away in aways))} on weekday mornings"]
        fetched = [away for away in aways if any(away.child in run.kids for run in care if run.kind == "pick")]
        for back in sorted({away.back for away in fetched}):
            kids = listed([away.child.name for away in fetched if away.back == back])
            times.append(f"with {kids} from {format_clock(back)}")
        notes.append(f"it keeps someone home {listed(times[not mornings :])}: check these times in its presence blocks")
    for away, run in along:
        notes.append(
            f"{away.child.name} comes along on {run.said.removeprefix('the ')}, so someone is home with "
            f"{away.child.name} from {format_clock(away.back)}"
        )
    return tuple(notes)
