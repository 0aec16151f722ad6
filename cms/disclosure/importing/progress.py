"""Progress bars on the terminal (stderr), shown only when asked for and stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress_bar(iterable: Iterable[T], *, enabled: bool, desc: str, unit: str = "条",
                 total: int | None = None) -> Iterator[T] | Iterable[T]:
    """Wrap ``iterable`` in a tqdm bar on stderr, or return it unchanged."""
    if not enabled:
        return iterable
    return tqdm(iterable, desc=desc, unit=unit, total=total, file=sys.stderr, disable=None,
                dynamic_ncols=True, mininterval=0.5)


def counter(*, enabled: bool, desc: str, total: int, unit: str = "条") -> tqdm:
    """A bar advanced by hand (``bar.update(n)``); a silent one when not enabled."""
    return tqdm(desc=desc, unit=unit, total=total, file=sys.stderr, disable=None if enabled else True,
                dynamic_ncols=True, mininterval=0.5)
