"""The output formats, each registered once: its name, its file suffixes, and what it renders.

The command line's ``--format`` choices, the format ``-o`` picks by the
file's suffix, and ``batch``'s files all come from :data:`FORMATS`. A
renderer returns text, or a rich renderable for the terminal (written to a
file as plain text). Each view's module is loaded the first time it
renders (:func:`_on_demand`): ``labor-opt solve --format json`` need not load
the page templates, nor the audit and explanation code.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rich.console import RenderableType

from labor_opt.kernel.errors import InputError, Issue

if TYPE_CHECKING:
    from labor_opt.analysis.audits import Audit
    from labor_opt.analysis.comparison import Comparison
    from labor_opt.analysis.explanation_figures import Explanation
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


def _on_demand(view: str) -> Callable[[Any], Shown]:
    """The renderer ``module:function`` (under ``labor_opt.report``), its module loaded when it first renders."""
    module, name = view.split(":")

    def render(value: Any) -> Shown:
        rendered: Shown = getattr(importlib.import_module(f"labor_opt.report.{module}"), name)(value)
        return rendered

    return render


FORMATS: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format(
            "table",
            (".txt",),
            _on_demand("terminal:schedule_view"),
            _on_demand("comparison_view:comparison_view"),
            _on_demand("audit_view:audit_view"),
            _on_demand("explain_view:explain_view"),
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
            _on_demand("markdown:schedule_markdown"),
            _on_demand("comparison_view:comparison_markdown"),
            _on_demand("audit_view:audit_markdown"),
            _on_demand("explain_view:explain_markdown"),
            "tables to paste into a note",
        ),
        Format(
            "html",
            (".html", ".htm"),
            _on_demand("html_page:schedule_page"),
            _on_demand("html_page:comparison_page"),
            _on_demand("html_page:audit_page"),
            _on_demand("html_page:explanation_page"),
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
