"""The output formats, each registered once: its name, its file suffixes, and what it renders.

The command line's ``--format`` choices, the format ``-o`` picks by the
file's suffix, and ``batch``'s files all come from :data:`FORMATS`. A
renderer returns text, or a rich renderable for the terminal (written to a
file as plain text).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rich.console import RenderableType

from labor_opt.analysis.audits import Audit
from labor_opt.analysis.comparison import Comparison
from labor_opt.analysis.explanation_figures import Explanation
from labor_opt.kernel.errors import InputError, Issue
from labor_opt.report.audit_view import audit_markdown, audit_view
from labor_opt.report.comparison_view import comparison_markdown, comparison_view
from labor_opt.report.explain_view import explain_markdown, explain_view
from labor_opt.report.html_page import audit_page, comparison_page, explanation_page, schedule_page
from labor_opt.report.markdown import schedule_markdown
from labor_opt.report.terminal import schedule_view
from labor_opt.schedule.model import Schedule

Shown = str | RenderableType  # text, or something the terminal draws


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str
    suffixes: tuple[str, ...]  # file suffixes that choose it, the first one written by batch
    schedule: Callable[[Schedule], Shown]
    comparison: Callable[[Comparison], Shown]
    audit: Callable[[Audit], Shown]
    explanation: Callable[[Explanation], Shown]
    description: str


def json_text(data: dict[str, Any]) -> str:
    """Data as indented JSON text, non-ASCII kept readable."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def yaml_text(data: dict[str, Any]) -> str:
    """Data as YAML text, keys in their order."""
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


FORMATS: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format(
            "table",
            (".txt",),
            schedule_view,
            comparison_view,
            audit_view,
            explain_view,
            "the week and the figures as tables",
        ),
        Format(
            "json",
            (".json",),
            lambda schedule: json_text(schedule.to_dict()),
            lambda comparison: json_text(comparison.to_dict()),
            lambda audit: json_text(audit.to_dict()),
            lambda explanation: json_text(explanation.to_dict()),
            "the schedule file (machine-readable)",
        ),
        Format(
            "yaml",
            (".yaml", ".yml"),
            lambda schedule: yaml_text(schedule.to_dict()),
            lambda comparison: yaml_text(comparison.to_dict()),
            lambda audit: yaml_text(audit.to_dict()),
            lambda explanation: yaml_text(explanation.to_dict()),
            "the schedule file's keys as YAML",
        ),
        Format(
            "markdown",
            (".md", ".markdown"),
            schedule_markdown,
            comparison_markdown,
            audit_markdown,
            explain_markdown,
            "tables to paste into a note",
        ),
        Format(
            "html",
            (".html", ".htm"),
            schedule_page,
            comparison_page,
            audit_page,
            explanation_page,
            "one self-contained page to look at and print",
        ),
    )
}


def choose_format(name: str | None, output: Path | None, default: str = "table") -> Format:
    """The format asked for by name, else the one the output file's suffix names, else ``default``.

    >>> choose_format(None, Path("week.md")).name
    'markdown'
    """
    if name is not None:
        return FORMATS[name]
    if output is None:
        return FORMATS[default]
    suffix = output.suffix.lower()
    for entry in FORMATS.values():
        if suffix in entry.suffixes:
            return entry
    known = ", ".join(suffix for entry in FORMATS.values() for suffix in entry.suffixes)
    what = f"no format writes {suffix} files" if suffix else "the file name has no suffix to choose a format by"
    raise InputError([Issue(f"-o {output}: {what}", f"name the file with {known}, or give --format", file=str(output))])
