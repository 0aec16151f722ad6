"""Work themes of the demo organs: what each one works on, in words the writers reuse.

A ``Task`` is one line of work (学生资助, 防汛抗旱 ...).  Its ``name`` fits the phrases of
government writing (“做好2026年{name}工作”, “{name}工作推进会”); ``purpose`` completes
“为{purpose}，”; ``measures`` are whole sentences for notices and policies; ``results`` are
sentences for news, where ``{a-b}`` stands for a number drawn between a and b.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Task:
    name: str
    keywords: str
    purpose: str
    measures: tuple[str, ...]
    results: tuple[str, ...]
    topic: str | None = None
    seasons: tuple[int, ...] = field(default=())  # months when news about it is typical (empty: any)


def T(name, keywords, purpose, measures, results, topic=None, seasons=()) -> Task:  # noqa: N802
    return Task(name, keywords, purpose, tuple(measures), tuple(results), topic, tuple(seasons))


def tasks_of(slug: str) -> list[Task]:
    """The themes of the organ with ``slug``."""
    from . import economy, governance, society, townships

    for module in (governance, economy, society, townships):
        if slug in module.TASKS:
            return module.TASKS[slug]
    raise KeyError(slug)
