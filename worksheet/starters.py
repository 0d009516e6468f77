"""Starting files for ``worksheet new``: commented, with placeholders to write over.

An exercise or worksheet starter holds sentences for its author (``PLACEHOLDERS``),
which ``check`` and ``build`` refuse until they are replaced; a brand starter
is accepted as written.
"""

from __future__ import annotations

import re
from pathlib import Path

from worksheet.errors import Problem, WorksheetError, display_path
from worksheet.output import write_atomic
from worksheet.roots import bundled_root, clinic_root

EXERCISE = """\
---
# The id must match the file name ({id}.md). Use it in worksheets and in --only.
id: {id}
title: {title}
# Where the patient is: "Lying on your back", "Sitting on a chair", "Standing".
position: Standing
# kind: tip        # for a posture tip instead of an exercise
# The dose. Every field is optional. each_side: true when done one side at a time.
dose: {{hold_seconds: 20, reps: 3, times_per_day: 2}}
# A picture: put {id}.svg (or .png/.jpg) in illustrations/, or name one or two files:
# illustration: [{id}-start.png, {id}-end.png]
# video: https://example.org/your-video
---
Say in one short line what this exercise does for the patient.

1. Write 3 to 6 numbered steps. Use short sentences and plain words.
2. Hold for {{{{ dose.hold_seconds }}}} seconds. The number follows the dose above.
3. Repeat {{{{ dose.reps }}}} times.

> **Caution:** Say when to stop or what to avoid.
"""

# The starters' sentences that are instructions to the author, never text for a patient:
# `check` and `build` refuse a file that still holds one.
PLACEHOLDERS = (
    "Say in one short line what this exercise does for the patient.",
    "Write 3 to 6 numbered steps.",
    "The number follows the dose above.",
    "Say when to stop or what to avoid.",
    "Write two or three short sentences for the patient",
)


def placeholder_lines(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, sentence) for every line of ``text`` that still holds a starter's placeholder."""
    found = []
    for number, line in enumerate(text.splitlines(), start=first_line):
        words = " ".join(line.split())
        if words.startswith("#"):  # a YAML comment is for the author
            continue
        found += [(number, sentence) for sentence in PLACEHOLDERS if sentence in words]
    return found

WORKSHEET = """\
# A worksheet: which exercises, in which order, and what the patient fills in.
title: {title}
intro: >
  Write two or three short sentences for the patient: what these exercises are for
  and how to use this sheet.
items:
  # An exercise id from the bundled library or from this folder's exercises/.
  - pelvic-tilt
  # Change a dose or add a note for one exercise:
  - id: bridge
    dose: {{reps: 8}}
    note: Go slowly on the way down.
  - hamstring-stretch
safety:
  pain_limit: 5   # "ease off if your pain goes above 5 out of 10"
  stop_if:                 # the warning signs for these exercises: check them for your sheet
    - The pain gets sharp, or spreads into an arm or a leg.
    - You have new numbness, tingling or weakness.
    - You feel dizzy or faint.
log:
  weeks: 2                 # 1 to 6
  days: [mon, tue, wed, thu, fri, sat, sun]
  pain_row: true
# disclosure:              # only when an item is sponsored or links earn a commission
#   item: seat-cushion
#   sponsor: Example Co.
#   product: the Example cushion
#   commission: true
"""

BRAND = """\
# A brand: how your clinic looks on every sheet. Build with --brand {id} --content <this folder>.
# Only clinic is needed; a field left out (or commented out) comes from the default brand.
clinic: {title}
# Colours as #rrggbb. primary fills the header band (its text turns white or black, whichever
# reads better); accent is a light tint behind the dose chips and the log's day row. Leave accent
# out and it is made from primary. Text on each must keep a contrast of 4.5:1, or check says so.
# primary: "#1f5f8b"
# accent: "#e6f0f7"
# The tints, when you want them other than made from your colours:
# chip_fill: "#e6f0f7"     # behind the dose chips (default: accent)
# chip_border: "#1f5f8b"   # around the dose chips; 3:1 on white paper (default: primary, darkened)
# log_header: "#e6f0f7"    # the log's day row (default: accent)
# A logo beside the clinic name: an SVG, PNG, JPEG or WebP file next to this one (logo: null
# for none). Left out, the default brand's sample logo and contact lines are printed.
# logo: {id}-logo.svg
# Up to 4 contact lines in the footer, and who the patient's clinician is.
# contact:
#   - "Phone: (555) 010-0100"
#   - 100 Main Street, Springfield
# clinician: Your physical therapist
# footer: Questions? Call us before your next visit.
# The type: atkinson (the default) or dejavu, or your own TTF files next to this one:
# font: atkinson
# font: {{regular: MyFont-Regular.ttf, bold: MyFont-Bold.ttf, italic: MyFont-Italic.ttf}}
# How English sheets print the date: auto (December 2, 2026 on Letter paper, 2 December 2026
# on A4), day-first or month-first. --date-style and a batch row's date_style still win.
# date_style: auto
# For Spanish sheets, put the Spanish contact, clinician and footer lines in {id}.es.yaml.
"""
KINDS = ("exercise", "worksheet", "brand")


def write_starter(kind: str, name: str, folder: Path, replace: bool = False) -> tuple[Path, str | None]:
    """Write a starting exercise, worksheet or brand file into a content folder (never overwrite);
    return it and, when its id is also bundled and ``replace`` says so on purpose, a note."""
    if kind not in KINDS:
        raise WorksheetError(Problem(f"can make an exercise, a worksheet or a brand, not {kind!r}",
                                     hint="worksheet new exercise wall-push"))
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,47}", name):
        raise WorksheetError(Problem(f"{name!r} is not a usable id",
                                     hint="use lowercase letters, digits and dashes, like wall-push"))
    root = clinic_root(folder)
    title = name.replace("-", " ").title()
    if kind == "exercise":
        path, text = root.exercises / f"{name}.md", EXERCISE.format(id=name, title=title)
    elif kind == "worksheet":
        path, text = root.worksheets / f"{name}.yaml", WORKSHEET.format(title=title)
    else:
        path, text = root.brands / f"{name}.yaml", BRAND.format(id=name, title=title)
    if path.exists():
        raise WorksheetError(Problem("already exists; not overwritten", path=path))
    bundled = _bundled_file(kind, name)
    note = None
    if bundled is not None:
        what = f"the bundled {kind} {name!r}"
        if not replace:
            raise WorksheetError(Problem(
                f"{name!r} is already a bundled {kind}: a file of that id in {display_path(folder)} would "
                f"replace it on every sheet built with --content {display_path(folder)}",
                hint="choose another id, or add --replace to replace it on purpose"))
        note = f"this {kind} replaces {what} when you build with --content {display_path(folder)}"
    write_atomic(path, text.encode("utf-8"))
    return path, note


def _bundled_file(kind: str, name: str) -> Path | None:
    root = bundled_root()
    folder = {"exercise": root.exercises, "worksheet": root.worksheets, "brand": root.brands}[kind]
    for suffix in (".md",) if kind == "exercise" else (".yaml", ".yml"):
        if (folder / f"{name}{suffix}").is_file():
            return folder / f"{name}{suffix}"
    return None
