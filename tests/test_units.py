import pytest

from labor_opt.household.units import (
    UnitError,
    parse_clock,
    parse_days,
    parse_duration,
    parse_seconds,
)


@pytest.mark.parametrize(
    ("written", "minutes"),
    [(45, 45), ("45m", 45), ("1h", 60), ("1h30m", 90), ("90m", 90), ("2h 15m", 135)],
)
def test_durations_read_as_minutes(written, minutes):
    assert parse_duration(written) == minutes


@pytest.mark.parametrize("written", [0, -5, "0m", "abc", "1.5h", True, None, [30]])
def test_bad_durations_say_what_to_write(written):
    with pytest.raises(UnitError) as error:
        parse_duration(written)
    assert "1h30m" in error.value.hint


def test_zero_allowed_where_stated():
    assert parse_duration("0m", allow_zero=True) == 0


def test_clock_times_and_end_of_day():
    assert parse_clock("07:30", allow_end_of_day=False) == 450
    assert parse_clock("24:00", allow_end_of_day=True) == 1440
    for bad in ("25:00", "24:00", "7.30", "12:60", 1730):
        with pytest.raises(UnitError):
            parse_clock(bad, allow_end_of_day=False)


def test_days_and_shorthands():
    assert parse_days("daily") == (0, 1, 2, 3, 4, 5, 6)
    assert parse_days("weekdays") == (0, 1, 2, 3, 4)
    assert parse_days("weekends") == (5, 6)
    assert parse_days(["sun", "mon"]) == (0, 6)
    with pytest.raises(UnitError, match="more than once"):
        parse_days(["mon", "mon"])
    with pytest.raises(UnitError) as error:
        parse_days("monday")
    assert error.value.hint == "write mon"


def test_time_limit_in_seconds():
    assert parse_seconds("10s") == 10
    assert parse_seconds("1m30s") == 90
    assert parse_seconds(2.5) == 2.5
    with pytest.raises(UnitError):
        parse_seconds("soon")
