"""The JSON Schema of the household file, generated from the models, for editors to check and complete.

>>> schema = household_schema()
>>> schema["properties"]["members"]["description"]
'The people of the household.'
"""

from __future__ import annotations

from typing import Any

from labor_opt.household.models import Household

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def household_schema() -> dict[str, Any]:
    """The household file's JSON Schema (draft 2020-12), every key with its description."""
    schema = Household.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": DIALECT,
        "title": "labor-opt household file",
        "description": "A household's week for labor-opt: members, tasks, settings and what-ifs (version 1).",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }
