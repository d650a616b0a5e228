"""Run every benchmark module and print its figures as JSON lines.

Each module in ``MODULES`` declares ``FIGURES`` (the names it prints) and
``run(workdir)`` yielding dicts with at least ``name``, ``value`` and
``unit``. ``ONLY=word`` (environment) runs just the modules with a figure
whose name contains that word, and prints just those figures; a word in a
module's own name (``ONLY=statistics``) runs that module whole.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from pathlib import Path

# bench.bundle first: it (re)builds dist/ when stale, which bench.startup's
# frozen comparison then measures.
MODULES = ("bench.bundle", "bench.startup", "bench.intake", "bench.queue", "bench.directory", "bench.desks",
           "bench.statistics", "bench.hsds", "bench.library")


def main() -> int:
    only = os.environ.get("ONLY", "").strip()
    with tempfile.TemporaryDirectory(prefix="hotline-bench-") as tmp:
        for name in MODULES:
            module = importlib.import_module(name)
            whole = not only or only in name.rsplit(".", 1)[-1]
            if not whole and not any(only in figure for figure in module.FIGURES):
                continue
            workdir = Path(tmp) / name.rsplit(".", 1)[-1]
            workdir.mkdir()
            for figure in module.run(workdir):
                if not whole and only not in figure["name"]:
                    continue
                print(json.dumps(figure), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
