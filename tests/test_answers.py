"""`labor-opt init`'s answers as people type them: read into values, or a message with an example, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from labor_opt.household import answers
from labor_opt.household.answer_times import Block, Unreadable, around, duration, week_hours
from labor_opt.household.answers import Age, Person

WEEKDAYS = (0, 1, 2, 3, 4)


@pytest.mark.parametrize(
    ("said", "blocks"),
    [
        ("mon-fri 8am-4.30pm", [Block(WEEKDAYS, 480, 990)]),
        ("Mon–Fri 8.30 a.m. – 4 p.m.", [Block(WEEKDAYS, 510, 960)]),
        ("weekdays 09:00-17:00; sat 10:00-14:00", [Block(WEEKDAYS, 540, 1020), Block((5,), 600, 840)]),
        ("Tuesday and Thursday 2pm to 6pm", [Block((1, 3), 840, 1080)]),
        ("9am-5pm weekdays", [Block(WEEKDAYS, 540, 1020)]),
        ("mon-fri 9-5", [Block(WEEKDAYS, 540, 1020)]),  # the shorter span, by day
        ("sun-thu nights 7pm-7.30am", [Block((0, 1, 2, 3, 6), 1140, 450)]),  # crosses midnight
        ("fri to mon 22:00-06:00", [Block((0, 4, 5, 6), 1320, 360)]),
        ("mon-fri 8-12, 1-5", [Block(WEEKDAYS, 480, 720), Block(WEEKDAYS, 780, 1020)]),
        ("sat noon-midnight", [Block((5,), 720, 1440)]),
        ("every day 10-2", [Block((0, 1, 2, 3, 4, 5, 6), 600, 840)]),
        ("none", []),
    ],
)
def test_hours_are_read_as_people_write_them(said, blocks):
    assert list(week_hours(said)) == blocks


@pytest.mark.parametrize(
    ("said", "complaint"),
    [
        ("mon-fir 9-5", "'fir' is not a day (did you mean fri?"),
        ("9 to 5", "which days?"),
        ("weekdays 09:00-25:00", "'25:00' is not a time of day"),
        ("mon 9am-9am", "starts and ends at the same time"),
        ("mornings", "gives no hours"),
    ],
)
def test_hours_that_cannot_be_read_say_why_with_an_example(said, complaint):
    read = week_hours(said)
    assert isinstance(read, Unreadable)
    assert complaint in read.message
    assert "write it like this:" in read.hint


@pytest.mark.parametrize(
    ("said", "minutes"),
    [
        ("45 minutes", 45),
        ("45", 45),
        ("45m", 45),
        ("1h30", 90),
        ("1 hour 30 minutes", 90),
        ("1.5 hours", 90),
        ("an hour and a half", 90),
        ("half an hour", 30),
        ("30m each way", 30),
        ("3h a week", 180),
        ("none", 0),
    ],
)
def test_durations_are_read_as_people_write_them(said, minutes):
    assert duration(said, most=24 * 60, example="45 minutes") == minutes


def test_names_become_ids_and_stay_as_names():
    assert answers.people("Dana, Marc and Zoë") == (
        Person("dana", "Dana"),
        Person("marc", "Marc"),
        Person("zoe", "Zoë"),
    )
    assert answers.people("kim, 123") == (Person("kim"), Person("123"))  # ids already: kept as typed
    twins = answers.people("Sam, sam")
    assert isinstance(twins, Unreadable) and "would both be sam" in twins.message


@pytest.mark.parametrize(
    ("said", "role"),
    [
        ("adult", "adult"),
        ("", None),
        ("helper", "helper"),
        ("grandpa", "helper"),
        ("42", "adult"),
        ("15", Age(180)),
        ("8 months", Age(8)),
        ("newborn", Age(0)),
        ("1.5", Age(18)),
        ("child", None),  # how old? the age decides the tasks
    ],
)
def test_a_role_is_adult_helper_or_a_childs_age(said, role):
    read = answers.role(said)
    assert read == role if role is not None else isinstance(read, Unreadable)


def test_age_groups_decide_the_childrens_tasks():
    assert [Age(months).group for months in (0, 11, 12, 59, 60, 155, 156)] == [
        "baby", "baby", "toddler", "toddler", "school", "school", "teen",
    ]  # fmt: skip
    assert answers.children("Leo 7, Lily 8 months") == (
        (Person("leo", "Leo"), Age(84)),
        (Person("lily", "Lily"), Age(8)),
    )
    assert answers.children("7, 3") == ((None, Age(84)), (None, Age(36)))
    assert isinstance(answers.children("Bob 30"), Unreadable)  # an adult is a member, not a child


READERS = [
    week_hours,
    lambda text: duration(text, most=12 * 60, example="30 minutes"),
    answers.people,
    answers.role,
    answers.age,
    answers.children,
    answers.yes_no,
    answers.kind,
    answers.household_name,
    answers.chores_cap,
    around,
]


@pytest.mark.parametrize("reader", READERS)
@given(text=st.text(max_size=80) | st.from_regex(r"[0-9a-z :.,;&/-]{0,40}", fullmatch=True))
def test_any_text_is_read_or_refused_with_a_message_never_an_exception(reader, text):
    read = reader(text)
    if isinstance(read, Unreadable):
        assert read.message and read.hint
        assert "\n" not in str(read) and "\x1b" not in str(read)  # one line, nothing that acts on a terminal


CLOCKS = st.integers(0, 47).map(lambda half_hours: half_hours * 30)


@given(days=st.sets(st.integers(0, 6), min_size=1), start=CLOCKS, end=CLOCKS)
def test_hours_written_as_the_file_writes_them_read_back_exactly(days, start, end):
    assume(start != end)
    assume(not (start // 60 in (10, 11, 12) and end // 60 in (10, 11, 12)))  # 10:30-10:00: 10:30 to 22:00
    names = ",".join(("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day] for day in sorted(days))
    said = f"{names} {start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
    assert week_hours(said) == (Block(tuple(sorted(days)), start, end or 1440),)


@given(start=CLOCKS, end=CLOCKS)
def test_hours_with_am_and_pm_read_back_exactly(start, end):
    def twelve(minutes: int) -> str:
        hours = minutes // 60 % 12 or 12
        return f"{hours}.{minutes % 60:02d}{'pm' if minutes >= 720 else 'am'}"

    assume(start != end)
    assert week_hours(f"sat {twelve(start)} to {twelve(end)}") == (Block((5,), start, end or 1440),)
