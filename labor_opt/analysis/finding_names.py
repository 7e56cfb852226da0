"""The checker's words with the household's names: `dana does hoover ...` read as `Dana does Hoover ...`.

The checker names members and tasks by their ids, as the files it checks
do; an audit is read by the household, who call them by their names. Ids
are single words of ``a-z0-9_-``: each whole word of a message that is an
id is replaced by its name. A word the checker itself writes (``work``,
``on``, ``time`` ...) is left alone even when some member or task has it as
its id, so that no sentence is ever garbled: at worst an id stays an id.

>>> with_names("dana does hoover on sat 09:00-10:00 during their work",
...            {"dana": "Dana"}, {"hoover": "Hoover", "work": "Day job"})
'Dana does Hoover on sat 09:00-10:00 during their work'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Every word the checker's messages are made of, besides ids, numbers and clock times.
CHECKER_WORDS = frozenset(
    """
    a an and any assign assignment at available away balance be between but cannot changes chores commute day days
    default distinct do does during each empty for fewer from grid hands has home hours in is it its keys list load
    mapping max_chores max_mental max_nights may members mental minute minutes must names needs night nights no not
    numbers occurrence occurrences of off on one only outside over own owner owners owns placed read schedule task
    than the their time times to twice two unavailable values week which while with woken work
    mon tue wed thu fri sat sun asleep
    """.split()
)
# A whole word: not part of a clock time (09:00), a file name or a quoted value (an unreadable entry, shown as is).
_WORD = re.compile(r"(?<![\w:.'\"-])[a-z0-9_-]+(?![\w:'\"-])")


def with_names(message: str, members: Mapping[str, str], tasks: Mapping[str, str]) -> str:
    """``message`` with each member's and task's id, as a whole word, replaced by its display name.

    An id that is both a member's and a task's, or a word the checker
    writes itself, is left as it is.
    """

    def named(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in CHECKER_WORDS or (word in members and word in tasks):
            return word
        return members.get(word) or tasks.get(word) or word

    return _WORD.sub(named, message)
