"""Applying a scenario's edits to the file's data: remove, then update, then add.

Edits work on the data as read (before validation), so that every value an
edit brings in keeps the line it was written on; the edited data is then
validated like any household.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from labor_opt.household.marked_yaml import MarkedDict, MarkedList
from labor_opt.household.plain_text import quoted
from labor_opt.household.units import suggestion
from labor_opt.household.validation import Finding, Path

SECTIONS: tuple[str, ...] = ("members", "tasks", "presence")
# What names an entry of each section in an edit, and what an entry is called in messages.
KEYS: dict[str, str] = {"members": "id", "tasks": "id", "presence": "name"}
NOUNS: dict[str, str] = {"members": "member", "tasks": "task", "presence": "presence block"}


@dataclass
class EditedHousehold:
    """The data with one scenario's edits applied, and what went wrong applying them."""

    data: MarkedDict
    findings: list[Finding] = field(default_factory=list)
    removed: dict[str, Path] = field(default_factory=dict)  # id of a removed member or task -> the remove edit
    removed_tags: dict[str, tuple[str, Path]] = field(default_factory=dict)  # tag -> a removed task and its edit
    thinned_presence: dict[int, str] = field(default_factory=dict)  # a presence block -> a removed member it named
    # An entry an edit brought, by its dotted path in the edited household ("tasks[3]"): the edit's
    # dotted path in its file, and the keys the edit wrote (None: the whole entry, an add).
    origins: dict[str, tuple[str, frozenset[str] | None]] = field(default_factory=dict)

    def path_in_file(self, path: str) -> str:
        """Where a problem at ``path`` in the edited household was written: at the edit, if one brought it."""
        for entry, (edit, keys) in self.origins.items():
            if path == entry or path.startswith((entry + ".", entry + "[")):
                rest = path[len(entry) :]
                key = rest.lstrip(".").split(".")[0].split("[")[0]
                if keys is None or key in keys:
                    return edit + rest
        return path

    def _thinned_presence(self, finding: Finding) -> Finding | None:
        member = self.thinned_presence.get(int(finding.path[1]))
        return _thinned(finding, member, self.removed[member]) if member is not None else None

    def at_the_edit(self, finding: Finding, data: Mapping[str, Any]) -> Finding | None:
        """A finding a remove edit caused, moved to that edit and worded so; ``None`` for any other finding.

        A removed member still named in `who` or `shares`; a word of `likes`,
        `dislikes` or `never` that was the tag of tasks the scenario removes.
        """
        word = finding.subject
        if finding.kind == "reference" and word in self.removed:
            return finding._replace(
                path=self.removed[word],
                message=f"removes {word}, but " + finding.message.replace(", who is not a member", ""),
                hint=_removed_member_fix(word, finding.path),
            )
        if finding.path[:1] == ("presence",) and finding.path[2:] == ("people",):
            return self._thinned_presence(finding)
        if finding.kind != "preference" or word not in self.removed_tags or len(finding.path) != 4:
            return None
        task, edit = self.removed_tags[word]
        _, index, key, _ = finding.path
        members = data.get("members")
        entry = members[index] if isinstance(members, list) and isinstance(index, int) else {}
        member = entry.get("id") if isinstance(entry, Mapping) else None
        return finding._replace(
            path=edit,
            message=f"removes {task}, which was tagged {word}, but `{key}` of {member} names {word}, "
            "now neither a task id nor a tag",
            hint=f"also update {key} of {member} in this scenario (update_members: {{{member}: {{{key}: [...]}}}}), "
            f"or keep a task tagged {word}",
        )


def _thinned(finding: Finding, member: str, edit: Path) -> Finding:
    """A presence block left with too few members because the scenario removes one: said at the removal."""
    return finding._replace(
        path=edit,
        message=f"removes {member}, so " + finding.message.replace("but names only", "and would name only"),
        hint=f"keep {member} in this scenario (update_members can say what changes for them), "
        "or lower the block's people",
    )


def _removed_member_fix(member: str, path: Path) -> str:
    """What to write instead: a `who` the scenario can update; `shares`, which no scenario edits, it cannot."""
    if path[:2] == ("settings", "fairness"):
        return (
            f"a scenario cannot change settings; keep {member} in it (update_members: {{{member}: {{...}}}} "
            f"can say what changes for them), or give this what-if a household file of its own"
        )
    return f"also remove {member} there in this scenario's update edits"


def apply_scenario(data: Mapping[str, Any], name: str) -> EditedHousehold:
    """Apply scenario ``name`` of ``data`` (a household already known to be valid).

    The result has no ``scenarios`` key: a scenario does not nest.
    """
    return apply_edits(data, data["scenarios"][name], name)


def apply_edits(data: Mapping[str, Any], scenario: Mapping[str, Any], name: str) -> EditedHousehold:
    """Apply the edits ``scenario`` (the keys of one ``scenarios:`` entry, named ``name`` in paths) to ``data``.

    The result has no ``scenarios`` key: a scenario does not nest.
    """
    edited = _copy_mapping(data)
    edited.pop("scenarios", None)
    result = EditedHousehold(edited)
    for section in SECTIONS:
        edited[section] = _copy_list(data.get(section) or [])
    for section in SECTIONS:
        _remove(result, scenario, name, section)
    _forget_removed_members(result)
    for section in SECTIONS:
        _update(result, scenario, name, section)
    for section in SECTIONS:
        _add(result, scenario, name, section)
    return result


def _remove(result: EditedHousehold, scenario: Mapping[str, Any], name: str, section: str) -> None:
    key = f"remove_{section}"
    items: MarkedList = result.data[section]
    for position, item_id in enumerate(scenario.get(key) or []):
        path: Path = ("scenarios", name, key, position)
        index = _only_index(result, items, section, item_id, path, "removes")
        if index is None:
            continue
        tags = items[index].get("tags") if isinstance(items[index], Mapping) else None
        for tag in tags if isinstance(tags, list) else []:
            result.removed_tags[str(tag)] = (str(item_id), path)
        del items[index]
        del items.item_lines[index]
        if section != "presence":  # ids that other entries may still name; nothing names a presence block
            result.removed[str(item_id)] = path


def _forget_removed_members(result: EditedHousehold) -> None:
    """A member the scenario removes drops out of `now` (a record, never a rule) and of a presence's `who`.

    Without the member, the others a presence block names are the ones who
    may be at home (an update_presence edit may say otherwise).
    """
    removed = set(result.removed)
    for section, key in (("tasks", "now"), ("presence", "who")):
        entries = result.data.get(section)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            named = entry.get(key) if isinstance(entry, Mapping) else None
            names = [named] if isinstance(named, str) else named if isinstance(named, list) else []
            kept = [member for member in names if member not in removed]
            if len(kept) == len(names):
                continue
            if section == "presence":  # should too few be left, the removal is what to blame
                result.thinned_presence[index] = next(member for member in names if member in removed)
            copy = _copy_mapping(entry)
            if kept or key == "who":
                copy[key] = _copy_list(kept)
            else:
                del copy[key]
            entries[index] = copy


def _update(result: EditedHousehold, scenario: Mapping[str, Any], name: str, section: str) -> None:
    key, named_by = f"update_{section}", KEYS[section]
    items: MarkedList = result.data[section]
    for item_id, changes in (scenario.get(key) or {}).items():
        path: Path = ("scenarios", name, key, item_id)
        index = _only_index(result, items, section, item_id, path, "updates")
        if index is None:
            continue
        if named_by in changes and changes[named_by] != item_id:
            result.findings.append(
                Finding(
                    (*path, named_by),
                    f"an update cannot change the {named_by} of {item_id}",
                    f"remove {item_id} with remove_{section} and add the new one with add_{section}",
                )
            )
            continue
        updated = _copy_mapping(items[index])
        result.origins[f"{section}[{index}]"] = (_dotted(path), frozenset(changes))
        if section == "presence" and {"who", "people"} & set(changes):
            result.thinned_presence.pop(index, None)  # the update says who and how many: it is what to blame
        for change_key, value in changes.items():
            updated[change_key] = value  # whole values: no deep merge
            updated.key_lines[change_key] = getattr(changes, "key_lines", {}).get(change_key, updated.line)
            updated.key_sources[change_key] = getattr(changes, "source", None)
        items[index] = updated


def _add(result: EditedHousehold, scenario: Mapping[str, Any], name: str, section: str) -> None:
    key = f"add_{section}"
    items: MarkedList = result.data[section]
    added = scenario.get(key) or []
    for position, item in enumerate(added):
        path: Path = ("scenarios", name, key, position)
        item_id = item.get(KEYS[section]) if isinstance(item, Mapping) else None
        if item_id is not None and _indexes_of(items, section, item_id):
            result.findings.append(
                Finding(
                    (*path, KEYS[section]),
                    f"adds {NOUNS[section]} {_shown_name(section, item_id)}, which already exists",
                    f"pick a new {KEYS[section]}, or change the existing one with update_{section}",
                )
            )
            continue
        result.origins[f"{section}[{len(items)}]"] = (_dotted(path), None)
        items.append(item)
        items.item_lines.append(added.item_lines[position] if isinstance(added, MarkedList) else items.line)


def _only_index(
    result: EditedHousehold, items: list[Any], section: str, item_id: object, path: Path, verb: str
) -> int | None:
    """The one entry of ``section`` an edit names, or ``None`` with the finding why (none, or several, so named)."""
    indexes = _indexes_of(items, section, item_id)
    if len(indexes) == 1 or (indexes and section != "presence"):  # a twice-used id is an error of its own
        return indexes[0]
    if indexes:  # presence names need not be unique in the file, but an edit must know which block it means
        result.findings.append(
            Finding(
                path,
                f"{verb} {NOUNS[section]} {_shown_name(section, item_id)}, but {len(indexes)} presence blocks "
                "have that name",
                "give each presence block its own name in the file, then name the one to change",
            )
        )
        return None
    known = [str(item.get(KEYS[section])) for item in items if isinstance(item, Mapping) and KEYS[section] in item]
    hint = suggestion(str(item_id), known) or f"existing {NOUNS[section]}s: {', '.join(known) or 'none'}"
    if section == "presence" and len(known) < len(items):  # a block without a name is in the file
        hint += "; a block without a name cannot be removed or updated: give it a name in the file"
    result.findings.append(
        Finding(
            path,
            f"{verb} {NOUNS[section]} {_shown_name(section, item_id)}, which does not exist",
            hint,
            subject=str(item_id),
        )
    )
    return None


def _indexes_of(items: list[Any], section: str, item_id: object) -> list[int]:
    named_by = KEYS[section]
    return [index for index, item in enumerate(items) if isinstance(item, Mapping) and item.get(named_by) == item_id]


def _shown_name(section: str, item_id: object) -> str:
    """An id as it is; a presence block's name, which may hold spaces, in quotes."""
    return quoted(str(item_id)) if section == "presence" else str(item_id)


def _copy_mapping(original: Mapping[str, Any]) -> MarkedDict:
    copy = MarkedDict(original, line=getattr(original, "line", 0), source=getattr(original, "source", None))
    copy.key_lines = dict(getattr(original, "key_lines", {}))
    copy.key_sources = dict(getattr(original, "key_sources", {}))
    return copy


def _copy_list(original: list[Any]) -> MarkedList:
    copy = MarkedList(original, line=getattr(original, "line", 0), source=getattr(original, "source", None))
    copy.item_lines = list(getattr(original, "item_lines", [0] * len(original)))
    return copy


def _dotted(path: Path) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
