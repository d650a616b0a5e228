"""HSDS import: time for 100,000 organizations, and peak memory at 10,000
and 100,000 (about equal: the import streams).

The packages are exports (.zip, confidential rows included) of demo
directories of that size; each import runs into an empty database in a
child process of its own, which reports its time and its peak resident
memory (``VmHWM`` in /proc, the kernel's high-water mark of that process),
so neither the generator nor the parent's heap is counted.

Run: ``ONLY=hsds make bench``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench.stats import figure
from console.db import Database, DatabaseTarget
from console.demo.directory import generate_directory
from console.hsds.exporter import export_directory
from console.schema import upgrade

FIGURES = ("hsds_import_100k_s", "hsds_import_peak_rss_mb_10k", "hsds_import_peak_rss_mb_100k")
SIZES = (10_000, 100_000)
_CHILD = "import sys; from bench.hsds import child; child(sys.argv[1], sys.argv[2])"


def _database(path: Path) -> Database:
    db = Database(DatabaseTarget.sqlite_file(path))
    upgrade(db)
    return db


def package(workdir: Path, organizations: int) -> tuple[Path, dict]:
    """An HSDS package of a demo directory of that size, and the rows per table it holds."""
    db = _database(workdir / f"demo-{organizations}.sqlite3")
    try:
        generate_directory(db, organizations, seed=2026)
        target = workdir / f"hsds-{organizations}.zip"
        report = export_directory(db, target, include_confidential=True)
    finally:
        db.dispose()
    return target, {name: counts.added for name, counts in report.tables.items()}


def child(source: str, target: str) -> None:
    """In the child process: import, then print seconds and peak RSS as JSON."""
    from console.hsds.importer import import_directory

    db = _database(Path(target))
    start = time.perf_counter()
    report = import_directory(db, source)
    seconds = time.perf_counter() - start
    db.dispose()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "peak_rss_mb": _peak_rss_kb() / 1024, "aborted": report.aborted,
                      "cpu_s": usage.ru_utime + usage.ru_stime, "added": sum(c.added for c in report.tables.values())}))


def _peak_rss_kb() -> int:
    """This process's own high-water mark (``VmHWM``). Not ``ru_maxrss``: Linux
    carries that over fork and exec, so a child reports at least the RSS its
    parent had when it was started (here, the generator's)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _import_in_child(source: Path, target: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(source), str(target)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(workdir: Path) -> Iterator[dict]:
    results = {}
    for organizations in SIZES:
        source, rows = package(Path(workdir), organizations)
        result = _import_in_child(source, Path(workdir) / f"imported-{organizations}.sqlite3")
        assert not result["aborted"] and result["added"] == sum(rows.values()), (result, rows)
        results[organizations] = (result, rows, source.stat().st_size)
    for organizations, (result, rows, size) in results.items():
        detail = {"rows": sum(rows.values()), "services": rows["service"], "package_mb": round(size / 2**20, 1),
                  "cpu_s": round(result["cpu_s"], 1)}  # wall time counts other processes' load too
        label = f"{organizations // 1000}k"
        if organizations == 100_000:
            yield figure("hsds_import_100k_s", result["seconds"], "s", **detail, target_s=120)
        yield figure(f"hsds_import_peak_rss_mb_{label}", result["peak_rss_mb"], "MB", **detail,
                     import_s=round(result["seconds"], 1))
