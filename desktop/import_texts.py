"""The words the import pages show: progress, the cancel note, the summary (no Qt)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from knowledge import Outcome

if TYPE_CHECKING:
    from engine import PreviewRow
    from knowledge import ImportProgress, ImportReport

BAR_STEPS = 1000  # QProgressBar takes an int: bytes would overflow it past 2 GB


def without_path(path: Path | str, message: str) -> str:
    """An importer's message without the path it starts with (the file is shown beside it)."""
    return message.removeprefix(f"{path}: ")


def found_text(row: PreviewRow) -> str:
    """"3 records", "2 sections"; "" when the file will fail."""
    if row.outcome is Outcome.FAILS:
        return ""
    if row.records:
        return f"{row.records} record{'s' * (row.records != 1)}"
    return f"{row.sections} section{'s' * (row.sections != 1)}"


def preview_note(row: PreviewRow) -> str:
    """What the import will do with the file, in words."""
    if row.outcome is Outcome.FAILS:
        return f"will fail: {without_path(row.path, row.failure)}"
    if row.outcome is Outcome.UNCHANGED:
        return f"unchanged: already in {row.collection}"
    if row.outcome is Outcome.DUPLICATE:
        where = f" in {row.collection}" if row.collection else ""  # else: earlier in this batch
        return f"duplicate of {Path(row.original).name}{where}"
    return "will be imported"


def files(count: int) -> str:
    return f"{count} file{'s' * (count != 1)}"


def bar_value(progress: ImportProgress) -> int:
    if progress.bytes_total <= 0:
        return BAR_STEPS if progress.files_done == progress.files_total else 0
    return BAR_STEPS * progress.bytes_done // progress.bytes_total


def rate_text(passages: int, elapsed_s: float) -> str:
    if passages <= 0 or elapsed_s <= 0:
        return "—"
    return f"{passages / elapsed_s:.1f} passages a second"


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return "Time left: working it out…"
    if seconds < 60:
        return f"Time left: about {max(1, round(seconds))} seconds"
    return f"Time left: about {round(seconds / 60)} minutes"


def cancelled_text(report: ImportReport, files_in_order: list[Path]) -> str:
    """Which files stay in the library after a cancel, and which do not."""
    # `not_started` is not in import order (each cancel point prepends its own files).
    left = set(report.not_started)
    first_left = next((path for path in files_in_order if str(path) in left), None)
    if first_left is None:
        return "Import cancelled after the last file: every file was imported."
    stopped = first_left.name
    after = len(report.not_started) - 1
    return (f"Import cancelled. The {files(len(report.imported))} imported before {stopped} are "
            f"kept; {stopped} and the {files(after)} after it were not imported, so the library "
            f"is as it was before {stopped}.")


def summary_counts(report: ImportReport, collection: str) -> str:
    lines = [f"Imported {files(len(report.imported))} into \u201c{collection}\u201d "
             f"({report.records_added} records, {report.passages_added} passages)."]
    skipped = len(report.unchanged) + len(report.duplicates)
    if skipped:
        lines.append(f"Skipped {files(skipped)}: {len(report.unchanged)} unchanged, "
                     f"{len(report.duplicates)} duplicate.")
    if report.failed:
        lines.append(f"Failed: {files(len(report.failed))} (reasons below).")
    if report.warnings:
        lines.append(f"Warnings for {files(len(report.warnings))} (below).")
    if report.cancelled:
        lines.append(f"Cancelled: {files(len(report.not_started))} not imported.")
    return "\n".join(lines)


def summary_details(report: ImportReport) -> list[str]:
    """One line per file that needs a look: failed, skipped, warned about or not imported."""
    lines = [f"Failed: {path} — {without_path(path, why)}"
             for path, why in report.failed.items()]
    lines += [f"Duplicate: {path} — same content as {original}"
              for path, original in report.duplicates.items()]
    lines += [f"Unchanged: {path} — already imported" for path in report.unchanged]
    lines += [f"Warning: {path} — {warning}"
              for path, warnings in report.warnings.items() for warning in warnings]
    lines += [f"Not imported (cancelled): {path}" for path in report.not_started]
    return lines
