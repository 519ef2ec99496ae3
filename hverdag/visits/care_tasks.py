"""The tasks of a visit, from its decision's service line.

A line's "content / tasks" is free text written by the caseworker. Each line of the text, and
each sentence in it, is one task: "Hjelp til dusj. Smøre legger med krem." is two. A visit
without a line (added by hand) has one task: its service.
"""

from __future__ import annotations

import re

from hverdag.visits.models import Visit

# A sentence ends at . ! or ? followed by space and a capital letter (not "f.eks. dusj").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")


def task_list(text: str) -> list[str]:
    """The tasks in a line's free text, in order."""
    tasks: list[str] = []
    for line in text.splitlines():
        for sentence in _SENTENCE_END.split(line.strip()):
            sentence = sentence.strip(" -•*\t")
            if sentence:
                tasks.append(sentence)
    return tasks


def tasks_of(visit: Visit) -> list[str]:
    if visit.line is not None and visit.line.tasks.strip():
        return task_list(visit.line.tasks)
    return [visit.service.name]
