"""Starting files for ``worksheet new``: commented, and valid as they are."""

from __future__ import annotations

import re
from pathlib import Path

from worksheet.errors import Problem, WorksheetError
from worksheet.output import write_atomic
from worksheet.roots import clinic_root

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
  stop_if:
    - Pain spreads down one or both legs.
    - You have new numbness, tingling or weakness in a leg.
    - You have new trouble controlling your bladder or bowels.
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


def write_starter(kind: str, name: str, folder: Path) -> Path:
    """Write a starting exercise or worksheet file into a content folder (never overwrite)."""
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
        raise WorksheetError(Problem(f"can make an exercise or a worksheet, not {kind!r}"))
    if path.exists():
        raise WorksheetError(Problem("already exists; not overwritten", path=path))
    write_atomic(path, text.encode("utf-8"))
    return path
