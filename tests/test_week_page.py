"""The fridge page read as a household reads it: every task named whole, on screen and on paper, and nothing unexplained.

Headless Chromium lays the pages out, each in a frame of the medium's size,
and a small script in the frame holder writes the rendered boxes into the DOM
it dumps (the pages themselves have no script). Paper is the print stylesheet
in a frame as wide and tall as A4 landscape less its margins (1062 x 733 CSS
pixels); the screen is a 1280 x 800 frame, a phone 390 x 844. Scrollbars are
shown, as a household's browser shows them. Every example (with its scenarios)
and every test household is drawn; one browser run measures many pages.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli
from labor_opt.report.html_page import comparison_page, schedule_page

from .conftest import EXAMPLES, ROOT, solve_checked
from .test_html import browse, needs_browser

HOUSEHOLDS = EXAMPLES + sorted(
    p
    for p in (ROOT / "tests" / "households").glob("*.yaml")
    if p.stem != "ten_mistakes" and "\ntasks:" in p.read_text(encoding="utf-8")  # households, not schedule files
)
AFTER_SCHOOL = ROOT / "examples" / "after_school.yaml"
LARGE = ROOT / "tests" / "households" / "large_household.yaml"  # eight members: the narrowest lanes
FRAMES = {"screen": (1280, 800), "paper": (1062, 733)}  # paper: A4 landscape less 8 mm margins, in CSS pixels
PHONE = (390, 844)

# For each frame: every chore block's box, its lane's box and each visible label's boxes; the lanes; the key of
# numbers; the swatches' colours; the page's size; the viewport's width; the week's frame (.scroll): its sizes
# (client and scroll) and the box its content shows in (inside its border and scrollbars).
MEASURE = """<script>
const measure = (doc, win) => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = e => e.getClientRects().length > 0;
  const out = {chores: [], lanes: [], key: {}, colours: {},
               page: [doc.documentElement.scrollWidth, doc.documentElement.getBoundingClientRect().height],
               viewport: doc.documentElement.clientWidth};
  const frame = doc.querySelector('.scroll'), outer = frame.getBoundingClientRect();
  const [left, top] = [outer.left + frame.clientLeft, outer.top + frame.clientTop];
  out.frame = {client: [frame.clientWidth, frame.clientHeight], scroll: [frame.scrollWidth, frame.scrollHeight],
               visible: [left, top, left + frame.clientWidth, top + frame.clientHeight]};
  for (const day of doc.querySelectorAll('.day')) {
    for (const lane of day.querySelectorAll('.lane')) {
      out.lanes.push({day: day.dataset.day, member: lane.dataset.member, thin: lane.classList.contains('thin'),
                      box: box(lane)});
      for (const chore of lane.querySelectorAll('.chore')) {
        const labels = [...chore.querySelectorAll('.label')].filter(shown);
        out.chores.push({day: day.dataset.day, member: lane.dataset.member, task: chore.dataset.task || '',
          name: chore.dataset.name || '', start: chore.dataset.start || '', box: box(chore), lane: box(lane),
          labels: labels.map(l => ({text: l.textContent, font: parseFloat(win.getComputedStyle(l).fontSize),
                                    boxes: [...l.getClientRects()].map(r => [r.left, r.top, r.right, r.bottom])}))});
      }
    }
  }
  for (const entry of doc.querySelectorAll('.key [data-code]')) {
    if (shown(entry)) out.key[entry.dataset.code] = entry.textContent.slice(entry.dataset.code.length + 1);
  }
  for (const swatch of doc.querySelectorAll('.swatch')) {
    out.colours[swatch.className] = win.getComputedStyle(swatch).backgroundColor;
  }
  return out;
};
window.addEventListener('load', () => {
  const pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = JSON.stringify([...document.querySelectorAll('iframe')].map(
    frame => measure(frame.contentDocument, frame.contentWindow)));
  document.body.append(pre);
});
</script>"""


def measured(pages: list[tuple[str, str]], folder: Path) -> list[dict]:
    """The rendered boxes of each (page, medium) ("screen", "paper" or "phone"), all in one browser run."""
    frames = []
    for page, medium in pages:
        if medium == "paper":  # the print rules, in a frame the size of the printed page
            page = page.replace("@media print", "@media all").replace("@media screen", "@media not all")
        width, height = PHONE if medium == "phone" else FRAMES[medium]
        frames.append(
            f'<iframe style="display: block; border: 0; width: {width}px; height: {height}px" '
            f'srcdoc="{html.escape(page, quote=True)}"></iframe>'
        )
    holder = folder / "frames.html"
    holder.write_text(f"<!doctype html><html><body style='margin: 0'>{''.join(frames)}{MEASURE}</body></html>")
    result = browse(holder, "--window-size=1400,900", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'<pre id="measured">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stdout[-2000:]
    return json.loads(html.unescape(found.group(1)))


def inside(inner: list[float], outer: list[float], slack: float = 0.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


_solved: dict[tuple[Path, str | None], labor_opt.Schedule] = {}


def solved(path: Path, scenario: str | None = None) -> labor_opt.Schedule:
    """Each household solved once in the module, checked by the independent checker (any valid schedule will do)."""
    if (path, scenario) not in _solved:
        _solved[path, scenario] = solve_checked(labor_opt.load(path), scenario, time_limit=60)
    return _solved[path, scenario]


def scenarios_of(path: Path) -> list[str | None]:
    """The base and, for an example, each of its scenarios."""
    return [None, *(labor_opt.load(path).scenarios if path.parent.name == "examples" else ())]


def assert_every_label_whole(boxes: dict, schedule: labor_opt.Schedule, medium: str) -> None:
    """Every assignment's block says which task it is, whole, readable, inside its block and lane, none covered."""
    firsts = [chore for chore in boxes["chores"] if chore["task"]]
    assert len(firsts) == sum(len(a.members) for a in schedule.assignments)
    for chore in boxes["chores"]:
        where = f"{medium}: {chore['member']} {chore['day']} {chore['start']} {chore['task']}: {chore['labels']}"
        block, lane = chore["box"], chore["lane"]
        assert lane[1] - 0.5 <= block[1] and block[3] <= lane[3] + 0.5, f"clipped by the lane: {where}"
        content = [block[0] + 1, block[1] + 1, block[2] - 1, block[3] - 1]  # inside the border
        for label in chore["labels"]:
            assert label["font"] >= (9 if medium == "paper" else 11), where
            assert all(inside(part, content) for part in label["boxes"]), f"cut: {where}"
        if chore["task"]:  # the first part of an occurrence says which task it is
            assert len(chore["labels"]) == 1, where
            text = chore["labels"][0]["text"]
            assert text.endswith(chore["name"]) or boxes["key"].get(text) == chore["name"], where
    for lane in {tuple(c["lane"]) for c in boxes["chores"]}:  # no two labels of a lane cover each other
        parts = [
            p for c in boxes["chores"] if tuple(c["lane"]) == lane for label in c["labels"] for p in label["boxes"]
        ]
        parts.sort(key=lambda part: part[1])
        for above, below in zip(parts, parts[1:]):
            assert above[3] <= below[1] + 0.5, f"{medium}: {above} covers {below}"


def assert_the_whole_week_in_sight(boxes: dict, medium: str) -> None:
    """No part of the week behind a scrollbar: on a 1280 px screen and on paper, every block in the week's frame.

    The week's frame never scrolls up and down (its scrollbar would take
    Sunday's width); at 1280 px and on paper it does not scroll sideways
    either, nor does the page, and every block and label lies in the part of
    the frame one sees. On a phone the week keeps its size and scrolls
    sideways in its frame, on purpose, while the page around it does not.
    """
    frame = boxes["frame"]
    (width, height), (wide, tall) = frame["client"], frame["scroll"]
    assert tall <= height, f"{medium}: the week scrolls up and down, {tall} px in {height}"
    if medium == "phone":
        assert wide > width, f"the week does not scroll sideways on a phone: {wide} px in {width}"
        assert boxes["page"][0] <= boxes["viewport"], f"phone: the page itself scrolls sideways ({boxes['page'][0]} px)"
        return
    assert wide <= width, f"{medium}: the week scrolls sideways, {wide} px in {width}"
    assert boxes["page"][0] <= boxes["viewport"], f"{medium}: the page scrolls sideways"
    for chore in boxes["chores"]:
        where = f"{medium}: {chore['member']} {chore['day']} {chore['start']} {chore['task']}, frame {frame}"
        assert inside(chore["box"], frame["visible"]), f"hidden: {where}: {chore['box']}"
        for label in chore["labels"]:
            assert all(inside(part, frame["visible"]) for part in label["boxes"]), f"label hidden: {where}"


# 1. Every block names its task whole (or by a number the key explains), at a readable size, on screen and paper,
#    with none of it behind a scrollbar; and each page prints on one landscape page.


@needs_browser
@pytest.mark.parametrize("path", HOUSEHOLDS, ids=lambda p: p.stem)
def test_every_label_is_whole_and_in_sight_and_the_page_fits_one_sheet(path, tmp_path):
    media = [*FRAMES, "phone"]
    drawn = [(solved(path, scenario), medium) for scenario in scenarios_of(path) for medium in media]
    pages = [(schedule_page(schedule), medium) for schedule, medium in drawn]
    for (schedule, medium), boxes in zip(drawn, measured(pages, tmp_path), strict=True):
        assert_every_label_whole(boxes, schedule, medium)
        assert_the_whole_week_in_sight(boxes, medium)
        if medium == "paper":
            assert boxes["page"][0] <= FRAMES["paper"][0], f"{boxes['page'][0]} px wide, wider than the sheet"
            assert boxes["page"][1] <= FRAMES["paper"][1], f"{boxes['page'][1]} px tall, more than one sheet"


# 2. The axis spans the household's day, not midnight to midnight.


class Page:
    """The parts of a page the tests read: axis labels, lanes, chores' colours, footnotes, the compare tables."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.hours = re.findall(r'<span style="top: [\d.]+%">(\d\d:\d\d)</span>', text)
        self.lanes = re.findall(
            r'<section class="day" data-day="(\w+)">|<div class="lane([^"]*)" data-member="([^"]+)"', text
        )
        self.colours = {
            (member, colour)
            for colour, member in re.findall(r'<div class="chore m(\d)[^"]*"[^>]*data-members="([^"]+)"', text)
        }

    def thin_lanes(self) -> set[tuple[str, str]]:
        day, found = "", set()
        for day_key, classes, member in self.lanes:
            day = day_key or day
            if member and "thin" in classes.split():
                found.add((day, member))
        return found


def test_the_axis_runs_from_the_households_first_busy_hour_to_its_last():
    # Maya's commute starts at 06:30 and the last dishes end at 20:30: the page draws 06:00 to 21:00, hour by hour.
    page = Page(schedule_page(solved(AFTER_SCHOOL)))
    assert page.hours == [f"{hour:02d}:00" for hour in range(6, 22)]


def test_a_day_with_night_feeds_runs_past_midnight_and_skips_the_quiet_hours():
    # The first chores at 07:00, the night feeds from 02:00: the page draws 07:00 to 03:00 the next morning, so
    # Tuesday's 02:00 feed is at the bottom of Monday's column, after Monday evening (every other hour labelled).
    page = schedule_page(solved(ROOT / "examples" / "newborn.yaml", "baby_arrives"))
    assert Page(page).hours == [
        "07:00",
        "09:00",
        "11:00",
        "13:00",
        "15:00",
        "17:00",
        "19:00",
        "21:00",
        "23:00",
        "01:00",
        "03:00",
    ]
    monday = re.search(r'<section class="day" data-day="mon">(.*?)</section>', page, re.S).group(1)
    assert re.search(r'data-task="night_feed" data-occurrence="\d+" data-day="tue" data-start="02:', monday)


# 3. A member around only some days gets a thin lane on the others.


def test_a_helper_around_three_afternoons_has_a_thin_lane_on_the_other_days():
    away = {(day, "rosa") for day in ("tue", "thu", "sat", "sun")}
    assert Page(schedule_page(solved(AFTER_SCHOOL))).thin_lanes() == away
    assert Page(schedule_page(solved(AFTER_SCHOOL).for_member("rosa"))).thin_lanes() == away


@needs_browser
def test_a_thin_lane_gives_its_width_to_those_at_home(tmp_path):
    [boxes] = measured([(schedule_page(solved(AFTER_SCHOOL)), "screen")], tmp_path)
    width = {(lane["day"], lane["member"]): lane["box"][2] - lane["box"][0] for lane in boxes["lanes"]}
    assert width["tue", "rosa"] <= 8 and width["mon", "rosa"] > 40
    assert width["tue", "maya"] > 1.4 * width["mon", "maya"]


# 4. The load bars' chores are not drawn in any member's colour.


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* of a computed CSS colour ``rgb(r, g, b)``."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    x = (0.4124 * linear[0] + 0.3576 * linear[1] + 0.1805 * linear[2]) / 0.95047
    y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    z = (0.0193 * linear[0] + 0.1192 * linear[1] + 0.9505 * linear[2]) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


@needs_browser
def test_the_chores_in_the_load_bars_look_like_no_member(tmp_path):
    [boxes] = measured([(schedule_page(solved(LARGE)), "screen")], tmp_path)
    members = {name: colour for name, colour in boxes["colours"].items() if re.fullmatch(r"swatch m\d", name)}
    assert len(members) == 8 and len(set(members.values())) == 8  # eight members, eight colours, each painted
    assert "rgba(0, 0, 0, 0)" not in members.values()
    chores = lab(boxes["colours"]["swatch seg chores"])
    for name, colour in members.items():
        distance = sum((a - b) ** 2 for a, b in zip(chores, lab(colour))) ** 0.5
        assert distance > 30, (name, colour, distance)


# 5. Every mark on the page is explained on it.


@pytest.mark.parametrize("path", HOUSEHOLDS, ids=lambda p: p.stem)
def test_every_mark_on_the_page_is_explained(path):
    schedule = solved(path)
    page = schedule_page(schedule)
    helpers = [m for m, summary in schedule.members.items() if not summary.balanced]
    starred = re.findall(r"<td>([^<]*) \*</td>", page)
    assert len(starred) == len(helpers)
    assert (
        '<p class="footnote">' in page
        and "* not in the balance: helps, but is left out of the fairness measure" in page
    ) == bool(helpers)
    if any(a.night for a in schedule.assignments):
        assert "dashed: a night task" in page
    if 'class="lane thin"' in page:
        assert "thin lane: away all day" in page


def test_the_after_school_page_explains_grandma_rosas_star():
    page = schedule_page(solved(AFTER_SCHOOL))
    assert "<td>Grandma Rosa *</td>" in page
    assert "* not in the balance: helps, but is left out of the fairness measure" in page


# 6. A member has the same colour on the household's page and on their own.


def legend(page: str) -> dict[str, str]:
    """Each member's name in the legend, with the colour class of their swatch."""
    return {
        name: colour for colour, name in re.findall(r'<span><span class="swatch m(\d)"></span>([^<]*)</span>', page)
    }


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_member_keeps_their_colour_on_their_own_page(path, tmp_path):
    schedule = solved(path)
    household = schedule_page(schedule)
    for member in schedule.members:
        out = tmp_path / f"{member}.html"
        result = CliRunner().invoke(cli, ["solve", str(path), "-q", "--member", member, "-o", str(out)])
        assert result.exit_code == 0, result.output
        own = out.read_text(encoding="utf-8")
        name = schedule.member_name(member)
        assert legend(own) == {name: legend(household)[name]}
        blocks = {(members, colour) for members, colour in Page(own).colours if members.split() == [member]}
        assert blocks <= Page(household).colours, member  # their chores too


# 7. The compare page shows each scenario's figures for each member, and the changes.


def test_the_compare_page_shows_every_members_figures_in_each_scenario():
    house = labor_opt.load(ROOT / "examples" / "newborn.yaml")
    comparison = labor_opt.compare(house)
    for schedule in (comparison.base, *(s.schedule for s in comparison.scenarios)):
        assert labor_opt.check(house, schedule).valid
    page = comparison_page(comparison)
    sections = dict(re.findall(r'<section data-schedule="([^"]+)">(.*?)</section>', page, re.S))
    assert list(sections) == ["base", "baby_arrives", "new_job"]
    header = ["member", "paid", "commute", "chores", "mental load", "total load", "nights woken", "likes"]
    for name, section in sections.items():
        assert re.findall(r"<th>([^<]*)</th>", section) == header, name
        rows = [re.findall(r"<td>([^<]*)</td>", row) for row in re.findall(r"<tr data-member-row>(.*?)</tr>", section)]
        assert [row[0] for row in rows] == ["Kai", "Noor"], name
    baby = sections["baby_arrives"]
    noor = next(
        re.findall(r"<td>([^<]*)</td>", row)
        for row in re.findall(r"<tr data-member-row>(.*?)</tr>", baby)
        if "Noor" in row
    )
    # Noor's paid work stops (parental leave) and her chores grow: each figure with its change from the base.
    assert noor[1] == "0m (-24h)" and noor[3] == "60h (+43h45m)" and noor[6] == "4 (+4)"
    assert "Occurrences that change member" in page and "Noor (mon 18:00)" in page


@needs_browser
def test_long_wide_and_hostile_names_are_never_cut_and_stay_text(tmp_path):
    schedule = solved(ROOT / "examples" / "dual_earners_toddler.yaml")
    names = {
        "dinner": "Cook <b>dinner</b> & wash up",
        "dishes": "Wäsche 🧺🧺🧺 Geschirr",
        "laundry": "洗濯物を畳んで片付ける",
        "groceries": "Supercalifragilisticexpialidocious",
    }
    hostile = dataclasses.replace(schedule, task_names={**schedule.task_names, **names})
    page = schedule_page(hostile)
    assert "<b>dinner" not in page and "Cook &lt;b&gt;dinner&lt;/b&gt; &amp; wash up" in page
    for medium, boxes in zip(FRAMES, measured([(page, medium) for medium in FRAMES], tmp_path), strict=True):
        assert_every_label_whole(boxes, hostile, medium)
        assert_the_whole_week_in_sight(boxes, medium)
