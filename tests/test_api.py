"""The library API makes the decisions the command line shows: stable re-planning, schedule files, statuses."""

from __future__ import annotations

import json
import os

import pytest

import labor_opt
from labor_opt import InputError, Status

from .conftest import EXAMPLES, solve_checked

NEWBORN = next(p for p in EXAMPLES if p.stem == "newborn")


def test_stable_solves_the_base_itself():
    house = labor_opt.load(NEWBORN)
    by_itself = labor_opt.solve(house, "baby_arrives", stable=True)
    by_hand = labor_opt.solve(house, "baby_arrives", baseline=solve_checked(house))
    assert labor_opt.check(house, by_itself).valid
    assert by_itself.stability is not None and by_itself.stability == by_hand.stability
    assert by_itself.assignments == by_hand.assignments
    with pytest.raises(InputError, match="none is named"):
        labor_opt.solve(house, stable=True)


def test_schedule_files_are_read_back_through_the_api(tmp_path):
    house = labor_opt.load(NEWBORN)
    schedule = solve_checked(house, "new_job")
    path = tmp_path / "week.json"
    path.write_text(json.dumps(schedule.to_dict()))
    data = labor_opt.read_schedule(path)
    assert data["scenario"] == "new_job" and labor_opt.check(house, data).valid
    loaded, report = labor_opt.load_schedule(house, path)
    # labor-opt did not solve it: the file's `optimal` and bound are its claims, not carried over as proven
    assert report.valid and loaded.status is Status.FEASIBLE and loaded.fairness.lower_bound == 0
    assert loaded.assignments == schedule.assignments and loaded.members == schedule.members


def test_status_is_an_enum_and_an_interrupted_schedule_is_feasible_in_the_file():
    house = labor_opt.load(NEWBORN)
    data = solve_checked(house).to_dict()
    assert data["status"] == "optimal"
    data.update(status="feasible", solver={**data["solver"], "status": "INTERRUPTED"})
    interrupted = labor_opt.Schedule.from_dict(data)
    assert interrupted.status is Status.INTERRUPTED
    assert interrupted.to_dict()["status"] == "feasible"
    assert Status.INTERRUPTED.in_file == Status.FEASIBLE.in_file == "feasible"


def test_run_batch_solves_one_household_per_core_by_default(tmp_path, monkeypatch):
    import labor_opt.batch.running as batch

    seen = []
    real = batch._results

    def spy(files, out, workers, *rest):
        seen.append(workers)
        return real(files, out, 1, *rest)

    monkeypatch.setattr(batch, "_results", spy)
    report = labor_opt.run_batch(NEWBORN, tmp_path)
    assert (report.solved, report.failed) == (1, 0)
    assert seen == [os.cpu_count() or 1]
    assert labor_opt.check(labor_opt.load(NEWBORN), json.loads((tmp_path / "newborn.json").read_text())).valid


def test_run_batch_writes_the_format_asked_for(tmp_path):
    report = labor_opt.run_batch(NEWBORN, tmp_path, output_format="markdown", workers=1)
    assert report.solved == 1
    assert (tmp_path / "newborn.md").read_text().startswith("# Kai and Noor")
    with pytest.raises(InputError, match="there is no format pdf"):
        labor_opt.run_batch(NEWBORN, tmp_path, output_format="pdf")
