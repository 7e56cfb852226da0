"""Generate realistic households at growing sizes, reproducibly (seeded).

A household is drawn from a catalogue of kinds of people (office workers,
part-timers, shift workers, students, teenagers, retirees) and of kinds of
household work (meals, cleaning, laundry, childcare, errands, garden, pets,
admin, night care), in roughly the proportions a time-use survey shows:
about half the tasks have a time window, a third need a skill, one member in
six has a cap, a few tasks are done together and a few at night. Large
households (shared houses, co-living) have several instances of each kind of
task (one per floor, child, pet...), so that the occurrences per week grow
beyond what one family has.

    python benchmarks/generate.py --members 8 --types 80 --occurrences 800 --resolution 5 -o big.yaml
    python benchmarks/generate.py --batch 200 -o households/     # 200 small households

Importable: :func:`generate` returns the household as data, :data:`SIZES`
lists the sizes the benchmarks use.
"""

from __future__ import annotations

import argparse
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SKILLS = ["cooking", "driving", "childcare", "diy", "garden"]


@dataclass(frozen=True)
class Size:
    """One benchmark size."""

    name: str
    members: int
    types: int
    occurrences: int
    resolution: int


SIZES: tuple[Size, ...] = (
    Size("xs", 2, 20, 100, 15),
    Size("s", 3, 30, 200, 30),
    Size("m", 5, 50, 400, 10),
    Size("l", 8, 80, 800, 5),
    Size("xl", 12, 120, 1500, 5),
    Size("xxl", 16, 150, 3000, 5),
)

# (name, minutes, repeat, window or None, skill or None, tags, mental load, people, night)
TASK_KINDS: tuple[tuple[str, int, Any, tuple[str, str] | None, str | None, list[str], int, int, bool], ...] = (
    ("breakfast", 30, "daily", ("06:30", "09:00"), "cooking", ["kitchen", "cooking"], 0, 1, False),
    ("lunch_boxes", 20, "weekdays", ("06:30", "08:30"), None, ["kitchen"], 15, 1, False),
    ("dinner", 60, "daily", ("17:30", "20:30"), "cooking", ["kitchen", "cooking"], 45, 1, False),
    ("dishes", 30, "daily", ("19:00", "23:00"), None, ["kitchen"], 0, 1, False),
    ("tidy_kitchen", 20, "daily", None, None, ["kitchen", "cleaning"], 0, 1, False),
    ("bathroom", 45, {"times": 2, "min_gap_days": 2}, None, None, ["cleaning", "bathroom"], 0, 1, False),
    ("hoover", 45, {"times": 2, "min_gap_days": 1}, None, None, ["cleaning"], 0, 1, False),
    ("mop_floors", 40, "weekly", None, None, ["cleaning"], 0, 1, False),
    ("dusting", 30, "weekly", None, None, ["cleaning"], 0, 1, False),
    ("laundry", 60, {"times": 3, "min_gap_days": 1}, None, None, ["laundry"], 15, 1, False),
    ("ironing", 45, "weekly", None, None, ["laundry"], 0, 1, False),
    ("change_beds", 40, "weekly", ("08:00", "21:00"), None, ["laundry"], 0, 1, False),
    ("groceries", 90, {"times": 2, "min_gap_days": 2}, ("09:00", "20:00"), "driving", ["errands"], 30, 1, False),
    ("pharmacy", 30, "weekly", ("09:00", "18:00"), None, ["errands"], 10, 1, False),
    ("school_run", 30, "weekdays", ("07:30", "08:45"), "driving", ["childcare", "driving"], 15, 1, False),
    ("pick_up", 30, "weekdays", ("15:00", "17:30"), "driving", ["childcare", "driving"], 30, 1, False),
    ("homework_help", 45, ["mon", "tue", "wed", "thu"], ("16:30", "20:00"), "childcare", ["childcare"], 15, 1, False),
    ("bath_and_bed", 45, "daily", ("18:30", "20:30"), "childcare", ["childcare"], 0, 1, False),
    ("playground", 90, "weekends", ("10:00", "17:00"), "childcare", ["childcare"], 0, 1, False),
    ("night_feed", 30, "daily", ("01:00", "04:00"), "childcare", ["baby"], 0, 1, True),
    ("walk_dog", 30, "daily", ("06:30", "08:30"), None, ["pets"], 0, 1, False),
    ("evening_walk", 30, "daily", ("18:00", "22:00"), None, ["pets"], 0, 1, False),
    ("feed_pets", 15, "daily", ("17:00", "19:00"), None, ["pets"], 10, 1, False),
    ("garden", 60, "weekends", ("09:00", "18:00"), "garden", ["garden"], 15, 1, False),
    ("mow_lawn", 45, "weekly", ("10:00", "19:00"), "garden", ["garden"], 0, 1, False),
    ("repairs", 60, "weekly", None, "diy", ["diy"], 20, 1, False),
    ("bins", 15, ["mon"], ("18:00", "22:00"), None, ["bins"], 5, 1, False),
    ("recycling", 15, ["thu"], ("18:00", "22:00"), None, ["bins"], 0, 1, False),
    ("bills", 30, "weekly", ("19:00", "22:30"), None, ["admin"], 45, 1, False),
    ("appointments", 60, "weekly", ("09:00", "17:00"), None, ["admin"], 30, 1, False),
    ("big_shop", 120, "weekly", ("09:00", "18:00"), "driving", ["errands"], 30, 2, False),
    ("family_meeting", 30, ["sun"], ("18:00", "21:00"), None, ["admin"], 15, 2, False),
    ("car_wash", 45, "weekly", ("10:00", "17:00"), None, ["car"], 0, 1, False),
    ("windows", 60, "weekly", ("10:00", "17:00"), None, ["cleaning"], 0, 1, False),
    ("meal_prep", 90, ["sun"], ("14:00", "19:00"), "cooking", ["cooking"], 30, 1, False),
)


def generate(members: int, types: int, occurrences: int, resolution: int, seed: int) -> dict[str, Any]:
    """A household as data (what the YAML file holds), about ``occurrences`` a week."""
    rng = random.Random(seed)
    people = [_member(rng, index, members) for index in range(members)]
    kinds = [TASK_KINDS[i % len(TASK_KINDS)] for i in range(types)]
    rng.shuffle(kinds)
    per_kind = [_count(kind[2]) for kind in kinds]
    timed = sum(count for kind, count in zip(kinds, per_kind) if kind[3] is not None)
    untimed = sum(per_kind) - timed
    timed_share = timed * max(1, members // 3)
    instances = max(1, math.ceil(max(occurrences - timed_share, untimed) / max(untimed, 1)))
    # Keep the week humanly possible: scale durations to about 18 h of chores per member.
    total_minutes = sum(kind[1] * count * kind[7] for kind, count in zip(kinds, per_kind)) * instances
    scale = min(1.0, members * 18 * 60 / total_minutes)
    tasks: list[dict[str, Any]] = []
    placed = 0
    # Work tied to a time of day (a school run) cannot multiply like work that
    # fits anywhere: at most one instance per three members.
    timed_instances = max(1, min(instances, members // 3))
    for number, (kind, count) in enumerate(zip(kinds, per_kind)):
        for instance in range(instances if kind[3] is None else timed_instances):
            if tasks and placed + count > occurrences * 1.02:
                break  # near the target: smaller kinds may still fit
            task = _task(rng, kind, f"{kind[0]}_{number}_{instance}", scale, resolution, people)
            tasks.append(task)
            placed += count
    _preferences(rng, people, tasks)
    household = {
        "version": 1,
        "name": f"generated household ({members} members, seed {seed})",
        "settings": {
            "resolution": f"{resolution}m",
            "fairness": {"measure": "total", "tolerance": "15m"},
            "time_limit": "30s",
        },
        "members": people,
        "tasks": tasks,
    }
    return _repaired(household)


def _repaired(household: dict[str, Any]) -> dict[str, Any]:
    """Relax the tasks a greedy schedule cannot place until one can (a real household has a schedule).

    Relaxing goes from the least to the most telling key: `who`, then
    `assign: one`, then the skill, then the window.
    """
    from labor_opt import household_from_data
    from labor_opt.problem.build import build_problem
    from labor_opt.solver.greedy import GreedyStuck, greedy_schedule

    for _ in range(len(household["tasks"]) * 4):
        _prune_preferences(household)
        problem = build_problem(household_from_data(household))
        try:
            greedy_schedule(problem, order="constrained")
            return household
        except GreedyStuck as stuck:
            task_id = problem.tasks[problem.occurrences[stuck.occurrence].task].id
        task = next(t for t in household["tasks"] if t["id"] == task_id)
        for key in ("who", "assign", "requires", "window", "people"):
            if key in task:
                del task[key]
                break
        else:
            household["tasks"].remove(task)
    raise RuntimeError("could not make the generated household feasible")


def _prune_preferences(household: dict[str, Any]) -> None:
    """Drop likes, dislikes and nevers that name no task or tag (a removed task may have taken the last one)."""
    words = {task["id"] for task in household["tasks"]} | {tag for task in household["tasks"] for tag in task["tags"]}
    for member in household["members"]:
        for key in ("likes", "dislikes", "never"):
            kept = [word for word in member.get(key, []) if word in words]
            if kept:
                member[key] = kept
            else:
                member.pop(key, None)


def _member(rng: random.Random, index: int, size: int) -> dict[str, Any]:
    kind = rng.choices(
        ["office", "part_time", "shift", "student", "teen", "retired", "home"], [35, 15, 10, 10, 10, 10, 10]
    )[0]
    member: dict[str, Any] = {"id": f"p{index:02d}_{kind}"}
    start = rng.choice([7, 8, 8, 9, 9, 10]) * 60 + rng.choice([0, 30])
    if kind == "office":
        member["work"] = [{"days": "weekdays", "from": _clock(start), "to": _clock(start + 8 * 60)}]
        member["commute"] = rng.choice([15, 20, 30, 45, 60])
    elif kind == "part_time":
        days = sorted(rng.sample(DAYS[:5], 3), key=DAYS.index)
        member["work"] = [{"days": days, "from": _clock(start), "to": _clock(start + 6 * 60)}]
        member["commute"] = rng.choice([0, 15, 30])
    elif kind == "shift":
        member["work"] = [{"days": ["mon", "tue", "wed", "thu"], "from": "22:00", "to": "06:00"}]
        member["sleep"] = {"from": "08:00", "to": "15:00"}
    elif kind in ("student", "teen"):
        member["unavailable"] = [{"days": "weekdays", "from": "08:00", "to": "15:30"}]
    if kind == "teen":
        member["balance"] = False
        member["max_chores"] = "4h"
        member["never"] = ["driving"]
    elif rng.random() < 0.15:
        member["max_chores"] = f"{rng.randint(8, 20)}h"
    levels = ["learning", "able", "expert"]
    skills = {skill: rng.choice(levels if kind != "teen" else ["learning"]) for skill in SKILLS if rng.random() < 0.6}
    if skills:
        member["skills"] = skills
    if rng.random() < 0.3:
        member["sleep"] = member.get("sleep") or {
            "from": rng.choice(["22:00", "22:30", "23:30", "00:00"]),
            "to": rng.choice(["06:00", "06:30", "07:30", "08:00"]),
        }
    return member


def _task(
    rng: random.Random,
    kind: tuple[str, int, Any, tuple[str, str] | None, str | None, list[str], int, int, bool],
    task_id: str,
    scale: float,
    resolution: int,
    people: list[dict[str, Any]],
) -> dict[str, Any]:
    name, minutes, repeat, window, skill, tags, mental, together, night = kind
    duration = max(resolution, round(minutes * scale * rng.uniform(0.8, 1.2) / 5) * 5)
    task: dict[str, Any] = {"id": task_id, "duration": duration, "repeat": repeat, "tags": list(tags)}
    if window is not None:
        task["window"] = {"from": window[0], "to": window[1]}
    if mental:
        task["mental_load"] = mental
    if together > 1 and len(people) > 2:
        task["people"] = together
    if night:
        task["night"] = True
    if rng.random() < 0.1:
        task["assign"] = "one"
    if rng.random() < 0.08 and len(people) > 3:
        adults = [m["id"] for m in people if m.get("balance", True)]
        task["who"] = rng.sample(adults, k=min(len(adults), max(2, len(adults) // 2)))
    allowed = [m for m in people if m["id"] in task.get("who", [m["id"]]) and "driving" not in m.get("never", [])]
    if skill is not None and sum(skill in member.get("skills", {}) for member in allowed) >= together:
        task["requires"] = {skill: "learning"}
    return task


def _preferences(rng: random.Random, people: list[dict[str, Any]], tasks: list[dict[str, Any]]) -> None:
    tags = sorted({tag for task in tasks for tag in task["tags"]})
    for member in people:
        likes = rng.sample(tags, k=min(len(tags), rng.randint(0, 2)))
        dislikes = [tag for tag in rng.sample(tags, k=min(len(tags), rng.randint(0, 2))) if tag not in likes]
        if likes:
            member["likes"] = likes
        if dislikes:
            member["dislikes"] = dislikes
        member["never"] = [word for word in member.get("never", []) if word in tags] or None
        if member["never"] is None:
            del member["never"]


def _count(repeat: Any) -> int:
    if repeat == "daily":
        return 7
    if repeat == "weekdays":
        return 5
    if repeat == "weekends":
        return 2
    if repeat == "weekly":
        return 1
    if isinstance(repeat, list):
        return len(repeat)
    return int(repeat["times"])


def _clock(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def write(data: dict[str, Any], path: Path) -> None:
    """Write a generated household as YAML."""
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=4)
    parser.add_argument("--types", type=int, default=30)
    parser.add_argument("--occurrences", type=int, default=200)
    parser.add_argument("--resolution", type=int, default=15, choices=(5, 10, 15, 30))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, help="write this many small households into the -o folder")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    if args.batch:
        args.output.mkdir(parents=True, exist_ok=True)
        for number in range(args.batch):
            rng = random.Random(number)
            data = generate(rng.randint(2, 4), rng.randint(8, 20), rng.randint(30, 80), 15, seed=number)
            write(data, args.output / f"household_{number:04d}.yaml")
        return
    write(generate(args.members, args.types, args.occurrences, args.resolution, args.seed), args.output)


if __name__ == "__main__":
    main()
