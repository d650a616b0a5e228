"""Statistics to files people open in a spreadsheet: CSV and XLSX.

Both carry the period, the time zone and the suppression note, and are
written from a ``Statistics`` (already suppressed: no raw count reaches
here). One table of rows feeds both writers.

CSV is UTF-8 with a byte-order mark (Excel then reads it as UTF-8) and every
text cell that a spreadsheet would take for a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with ``'``
(OWASP's advice on CSV injection). XLSX cells are written as typed strings
and numbers, never as formulas; XlsxWriter is imported only when an XLSX is
written.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from console.services.statistics import Breakdown, Statistics
from console.services.statistics_counts import DATA, NOT_IN_DIRECTORY, NOT_RECORDED
from console.suppression import Cell
from console.vocabulary import LANGUAGE_NAMES

Value = str | int | float
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER = ("Table", "Category", "Count", "Percent")


# English names of the codes the statistics add to the vocabulary's.
CODE_TEXTS = {
    "contacts": "Contacts", "data_contacts": "Contacts with data", "potential_victims": "Potential victims",
    "referrals_given": "Referrals given", "tta_requests": "TTA requests", "follow_ups": "Follow-ups due",
    DATA: "Contact with data", NOT_RECORDED: "Not recorded", NOT_IN_DIRECTORY: "Not in the directory",
    "on_time": "Closed on time", "late": "Closed late", "open_overdue": "Open, overdue",
    "open_not_due": "Open, not yet due", "tta": "Training & technical assistance", "tip": "Tip / intelligence",
    "general_info": "General information", "non_urgent": "Non-urgent",
    "direct_referral": "Referral to local trainers or TA providers", "materials": "Provision of materials",
    "phone_consultation": "Phone consultation", "specialized_information": "Specialized information request",
    "third_party_review": "Review of third-party materials", "speaker_trainer": "Help procuring a speaker or trainer",
}  # fmt: skip


def english_label(key: str, code: str) -> str:
    """A code's English name in the table ``key`` (language codes read as languages)."""
    if key == "language" and code in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code]
    return CODE_TEXTS.get(code) or code.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class Names:
    """How codes and tables read in the file (the UI passes translated ones)."""

    label: Callable[[str, str], str] = english_label  # (table key, code) -> text
    title: Callable[[Breakdown], str] = lambda breakdown: breakdown.title


def escape_formula(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _count(cell: Cell) -> Value:
    return cell.count if cell.count is not None else cell.mark


def _percent(breakdown: Breakdown, cell: Cell) -> Value:
    share = breakdown.share(cell)
    return "" if share is None else round(100 * share, 1)


def preamble(stats: Statistics) -> list[tuple[Value, ...]]:
    return [
        ("Hotline Console statistics",),
        ("Period", f"{stats.period.describe()} (dates in {stats.time_zone}, both included)"),
        ("Computed at", stats.computed_at.isoformat(timespec="seconds")),
        ("Suppression", stats.note),
        (),
    ]


def table_rows(stats: Statistics, names: Names = Names()) -> list[tuple[Value, ...]]:
    """Every table of ``stats`` as (table, category, count, percent) rows."""
    rows: list[tuple[Value, ...]] = [HEADER]
    for breakdown in stats.all():
        title = names.title(breakdown)
        if breakdown.withheld:
            rows.append((title, "Withheld: too few contacts to show by category", "", ""))
        for cell in breakdown.cells:
            rows.append((title, names.label(breakdown.key, cell.code), _count(cell), _percent(breakdown, cell)))
        if breakdown.total is not None:
            rows.append((title, "Total", _count(breakdown.total), ""))
    return rows


def write_csv(stats: Statistics, path: Path, names: Names = Names()) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in (*preamble(stats), *table_rows(stats, names)):
            writer.writerow([escape_formula(v) if isinstance(v, str) else v for v in row])


def write_xlsx(stats: Statistics, path: Path, names: Names = Names()) -> None:
    import xlsxwriter  # lazily: only an export needs it

    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(str(path), options) as book:
        sheet = book.add_worksheet("Statistics")
        bold = book.add_format({"bold": True})
        note = book.add_format({"text_wrap": True, "valign": "top"})
        head = preamble(stats)
        for r, row in enumerate(head):
            for c, value in enumerate(row):
                sheet.write_string(r, c, str(value), bold if c == 0 else note)
        for r, row in enumerate(table_rows(stats, names), start=len(head)):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    sheet.write_string(r, c, value, bold if r == len(head) else None)
                else:
                    sheet.write_number(r, c, value)
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 1, 42)
        sheet.set_column(2, 3, 10)
        sheet.freeze_panes(len(head) + 1, 0)
