"""A progress bar on stderr for a long run, shown only to a person at a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any


def progress_bar(total: int, label: str) -> Callable[[int], None] | None:
    """A callback to give the count done so far: it shows a bar on stderr once the run has
    taken a second, and stops it at ``total``. None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None
    start = time.perf_counter()
    state: dict[str, Any] = {}

    def update(done: int) -> None:
        if "bar" not in state and time.perf_counter() - start > 1.0 and done < total:
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(console=Console(stderr=True), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        if "bar" in state:
            state["bar"].update(state["task"], completed=done)
            if done >= total:
                state["bar"].stop()

    return update
