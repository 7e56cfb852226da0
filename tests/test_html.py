"""The printable page, in a real browser: every assignment rendered, no console errors, one landscape page.

Headless Chromium (Debian's `chromium`) loads each page; the tests are
skipped, saying so, only where no browser is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli
from labor_opt.report.html_page import schedule_page
from labor_opt.report.terminal import fairness_sentence

from .conftest import EXAMPLES, ROOT

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium here (apt-get install chromium)")
# The most lanes: six members, and eight (tests/test_week_page.py measures every household on a sheet's frame).
PRINTED = [ROOT / "examples" / "shared_house.yaml", ROOT / "tests" / "households" / "large_household.yaml"]


def browse(page: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``page`` with ``flags``; its console messages go to standard error."""
    assert BROWSER is not None
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", *flags]
    return subprocess.run([*command, page.as_uri()], capture_output=True, text=True, timeout=120)


class Rendered(HTMLParser):
    """The chores and busy blocks of a rendered page, and the fairness line."""

    def __init__(self) -> None:
        super().__init__()
        self.chores: list[dict[str, str]] = []
        self.lanes: list[str] = []
        self.fairness = ""
        self._in_fairness = False
        self._lane: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        classes = attributes.get("class", "").split()
        if "lane" in classes:
            self._lane = attributes["data-member"]
            self.lanes.append(self._lane)
        if "chore" in classes and "continued" not in classes:
            self.chores.append({**attributes, "lane": self._lane or ""})
        self._in_fairness = attributes.get("id") == "fairness"

    def handle_data(self, data: str) -> None:
        if self._in_fairness:
            self.fairness += data

    def handle_endtag(self, tag: str) -> None:
        self._in_fairness = False


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


@needs_browser
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_assignment_of_every_example_is_on_the_rendered_page(path, tmp_path):
    house = labor_opt.load(path)
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    page = tmp_path / "week.html"
    page.write_text(schedule_page(schedule), encoding="utf-8")
    result = browse(page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert not console_errors(result.stderr), console_errors(result.stderr)
    rendered = Rendered()
    rendered.feed(result.stdout)
    shown = {
        (c["data-task"], int(c["data-occurrence"]), c["data-day"], c["data-start"], c["lane"]) for c in rendered.chores
    }
    expected = {(a.task, a.occurrence, a.day, a.start, member) for a in schedule.assignments for member in a.members}
    assert shown == expected
    assert len(rendered.chores) == len(expected)  # each once in each of its members' lanes, every day
    assert rendered.fairness == fairness_sentence(schedule)  # exactly as the terminal says it


@needs_browser
@pytest.mark.parametrize("path", PRINTED, ids=lambda p: p.stem)
def test_the_page_prints_on_one_landscape_page_and_fetches_nothing(path, tmp_path):
    page = tmp_path / "week.html"
    result = CliRunner().invoke(cli, ["solve", str(path), "-q", "--time-limit", "60", "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<script|<link|<img|@import|url\(", html, re.I)
    assert not re.search(r"(src|href)\s*=", html, re.I)
    pdf = tmp_path / "week.pdf"
    printed = browse(page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert printed.returncode == 0, printed.stderr[-2000:]
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())
    assert len(pages) == 1
    width, height = map(float, re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf.read_bytes()).groups())
    assert width > height  # landscape


@needs_browser
def test_a_screenshot_of_the_page_is_taken(tmp_path):
    page = tmp_path / "week.html"
    page.write_text(schedule_page(labor_opt.solve(labor_opt.load(EXAMPLES[0]))), encoding="utf-8")
    shot = tmp_path / "week.png"
    result = browse(page, "--hide-scrollbars", "--window-size=1600,1250", f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


@needs_browser
def test_one_members_page_shows_only_their_lane(tmp_path):
    path = ROOT / "examples" / "dual_earners_toddler.yaml"
    page = tmp_path / "sam.html"
    result = CliRunner().invoke(cli, ["solve", str(path), "-q", "--member", "sam", "-o", str(page)])
    assert result.exit_code == 0, result.output
    rendered = Rendered()
    rendered.feed(browse(page, "--dump-dom").stdout)
    assert set(rendered.lanes) == {"sam"} and rendered.chores
    schedule = labor_opt.solve(labor_opt.load(path))
    assert len(rendered.chores) == sum(1 for a in schedule.assignments if "sam" in a.members)


@needs_browser
def test_a_comparison_page_sets_the_scenarios_side_by_side(tmp_path):
    page = tmp_path / "compare.html"
    result = CliRunner().invoke(cli, ["compare", str(ROOT / "examples" / "newborn.yaml"), "-q", "-o", str(page)])
    assert result.exit_code == 0, result.output
    dom = browse(page, "--dump-dom")
    assert not console_errors(dom.stderr)
    assert re.findall(r'data-schedule="([^"]+)"', dom.stdout) == ["base", "baby_arrives", "new_job"]


@needs_browser
def test_the_browser_keeps_the_pages_own_body_font_rule(tmp_path):
    # The page has no script; this copy gets one that writes the body's computed font into the DOM it dumps.
    html = schedule_page(labor_opt.solve(labor_opt.load(EXAMPLES[0])))
    probe = "<script>document.body.dataset.font = getComputedStyle(document.body).fontFamily;</script></body>"
    page = tmp_path / "week.html"
    page.write_text(html.replace("</body>", probe), encoding="utf-8")
    dom = browse(page, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    font = re.search(r'data-font="([^"]*)"', dom.stdout)
    assert font and "Segoe UI" in font.group(1) and "system-ui" in font.group(1)  # the rule was not dropped


def test_the_readme_shows_a_screenshot_of_a_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    image = re.search(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", readme)
    assert image and (ROOT / image.group(1)).read_bytes()[:4] == b"\x89PNG"
