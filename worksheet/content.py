"""Load content: exercise Markdown files, worksheet and brand YAML → a Library.

Every file is parsed and validated before anything is drawn; problems from all
files are collected and raised together (``ProblemList``), each with file:line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field

from worksheet import safefile, templating
from worksheet.body import render_body
from worksheet.brands import load_brand
from worksheet.errors import Problem, ProblemList, WorksheetError
from worksheet.fields import IMAGE_SUFFIXES, Slug, Text, Url, asset
from worksheet.i18n import LANGS, Lang
from worksheet.images import VectorImage, check_image, load_image
from worksheet.library import Library as Library  # (re-exported: it lived here)
from worksheet.model import (
    FORBID_EXTRA,
    Brand,
    Disclosure,
    Dose,
    Exercise,
    LogGridSpec,
    Safety,
    WorksheetItem,
    WorksheetSpec,
)
from worksheet.roots import ContentRoot, bundled_root, clinic_root
from worksheet.starters import placeholder_lines
from worksheet.validation import validate
from worksheet.yamlfile import MAX_FILE_BYTES, YamlDoc, parse_yaml, read_text

T = TypeVar("T")
Caption = Annotated[str, Field(min_length=1, max_length=40)]  # 2-4 words under the picture


@dataclass(frozen=True, slots=True)
class ExerciseFront:
    """The front matter of an exercise file."""

    __pydantic_config__ = FORBID_EXTRA

    id: Slug
    title: Text
    position: Text
    kind: Literal["exercise", "tip"] = "exercise"
    dose: Dose = Dose()
    illustration: str | tuple[str, ...] | None = None
    video: Url | None = None
    caption: Caption | None = None
    alt: Text | None = None


@dataclass(frozen=True, slots=True)
class WorksheetFile:
    """A worksheet YAML file."""

    __pydantic_config__ = FORBID_EXTRA

    title: Text
    intro: Annotated[str, Field(max_length=1000)]
    items: Annotated[tuple[Slug | WorksheetItem, ...], Field(min_length=1, max_length=40)]
    safety: Safety
    log: LogGridSpec = LogGridSpec()
    disclosure: Disclosure | None = None
    id: Slug | None = None
    subject: Annotated[str, Field(max_length=300)] = ""
    keywords: tuple[Text, ...] = ()
    video: Url | None = None
    languages: tuple[Lang, ...] = ()
    """The languages this sheet is handed out in; `check` warns about missing translations
    for these only (default: English, and every language it has a file for)."""


def load_library(content: Path | None = None) -> Library:
    """Load the bundled content plus a clinic's folder; raise every problem at once."""
    library, problems = gather_library(content)
    if problems:
        raise ProblemList(problems)
    return library


def gather_library(content: Path | None = None) -> tuple[Library, list[Problem]]:
    """Load everything that loads, and every problem of the files that do not."""
    roots = [bundled_root()]
    if content is not None:
        if not content.is_dir():
            raise WorksheetError(Problem("content folder not found", path=content))
        roots.append(clinic_root(content))
    exercises: dict[str, Exercise] = {}
    worksheets: dict[str, WorksheetSpec] = {}
    translated: dict[tuple[str, str], Exercise | WorksheetSpec | Brand] = {}
    brands: dict[str, Brand] = {}
    problems: list[Problem] = []

    def keep(into: dict[str, Any], item: Exercise | WorksheetSpec, path: Path) -> None:
        lang = language_of(path)
        if lang == "en":
            into[item.id] = item
        else:
            translated[(item.id, lang)] = item

    for root in roots:
        for path in _files(root.exercises, (".md",)):
            _collect(problems, lambda p=path, r=root: keep(exercises, load_exercise(p, r), p))
        for path in _files(root.worksheets, (".yaml", ".yml")):
            _collect(problems, lambda p=path: keep(worksheets, load_worksheet(p), p))
        # the default brand first: other brands take what they leave out from it; a brand's
        # translation (default.es.yaml) takes what it leaves out from the brand itself
        for path in sorted(_files(root.brands, (".yaml", ".yml")), key=_brand_order):
            _collect(problems, lambda p=path, r=root: _keep_brand(p, r, brands, translated))
        for path in _files(root.templates, (".j2",)):  # Jinja opens them itself: check them first
            _collect(problems, lambda p=path: safefile.open_regular(p, MAX_FILE_BYTES, "template").close())
    library = Library(
        exercises=MappingProxyType(exercises),
        worksheets=MappingProxyType(worksheets),
        brands=MappingProxyType(brands),
        roots=tuple(roots),
        translations=MappingProxyType(translated),
    )
    env = library.env
    bodies = [*exercises.values(), *(t for t in translated.values() if isinstance(t, Exercise))]
    for exercise in bodies:
        _collect(problems, lambda e=exercise: render_body(env, e, e.dose))
    for (item_id, _), item in translated.items():
        english: Mapping[str, object] = (exercises if isinstance(item, Exercise) else
                                         brands if isinstance(item, Brand) else worksheets)
        if item_id not in english:
            problems.append(Problem(f"translation of {item_id!r}, which has no English file", path=item.path))
    return library, problems


def _brand_order(path: Path) -> tuple[bool, bool, str]:
    parts = path.name.split(".")
    return len(parts) > 2, parts[0] != "default", path.name


def _keep_brand(path: Path, root: ContentRoot, brands: dict[str, Brand],
                translated: dict[tuple[str, str], Any]) -> None:
    lang, brand_id = language_of(path), path.name.split(".")[0]
    if lang == "en":
        brands[brand_id] = load_brand(path, root, brands.get("default"))
    else:
        base = brands.get(brand_id) or brands.get("default")
        translated[(brand_id, lang)] = load_brand(path, root, base, translation=True)


def language_of(path: Path) -> str:
    """``bridge.es.md`` → ``es``; ``bridge.md`` → ``en``."""
    parts = path.name.split(".")
    if len(parts) == 2:
        return "en"
    if len(parts) == 3 and parts[1] in LANGS:
        return parts[1]
    raise WorksheetError(Problem("file name must be <id>.<ext> or <id>.<language>.<ext>", path=path,
                                 hint=f"languages: {', '.join(LANGS)}"))


def _files(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    if folder.is_dir():
        # not filtered by is_file(): a FIFO or device named like content is reported, not skipped
        yield from sorted(p for p in folder.iterdir() if p.suffix in suffixes and not p.is_dir())


def _collect(problems: list[Problem], step: Any) -> None:
    try:
        step()
    except WorksheetError as exc:
        problems.extend(exc.problems)


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """``---`` YAML ``---`` body → (yaml, body, line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise WorksheetError(
            Problem("must start with front matter (a line '---', YAML, then '---')", path=path, line=1)
        )
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise WorksheetError(Problem("front matter is not closed with a line '---'", path=path, line=1))


def load_exercise(path: Path, root: ContentRoot) -> Exercise:
    """Read and validate one exercise file (front matter and body)."""
    front_text, body, body_line = split_front_matter(read_text(path), path)
    doc = parse_yaml(front_text, path, first_line=2)
    problems: list[Problem] = []
    front = _collected(problems, lambda: validate(ExerciseFront, _mapping(doc), doc))
    _collected(problems, lambda: _refuse_placeholders(body, path, body_line))
    if front is None:  # the body is still checked, with no dose, so every problem shows at once
        draft = Exercise(id=path.stem.split(".")[0], title="", position="", kind="exercise", dose=Dose(),
                         illustrations=(), video=None, body=body, path=path, body_line=body_line)
        folders = tuple(d for d in (root.templates,) if d.is_dir())
        _collected(problems, lambda: render_body(templating.environment(folders), draft, draft.dose))
        raise ProblemList(problems)
    if front.id != path.stem.split(".")[0]:
        problems.append(Problem(f"id {front.id!r} does not match the file name", path=path, field="id",
                                line=doc.line_of(("id",)), hint=f"rename the file to {front.id}.md"))
    illustrations = _collected(problems, lambda: _illustrations(front, root, doc))
    if problems or illustrations is None:
        raise ProblemList(problems)
    return Exercise(
        id=front.id,
        title=front.title,
        position=front.position,
        kind=front.kind,
        dose=front.dose,
        illustrations=illustrations,
        video=front.video,
        body=body,
        path=path,
        body_line=body_line,
        caption=front.caption or "",
        alt=front.alt or _svg_title(illustrations, path),
    )


def _collected(problems: list[Problem], step: Callable[[], T]) -> T | None:
    """``step()``, or None with its problems added to ``problems``."""
    try:
        return step()
    except WorksheetError as exc:
        problems.extend(exc.problems)
        return None


def _svg_title(illustrations: tuple[Path, ...], path: Path) -> str:
    """The picture's own <title> as its description, when the file is English (an SVG's
    title is written in English; another language needs its own `alt:`)."""
    if language_of(path) != "en" or not illustrations or illustrations[0].suffix.lower() != ".svg":
        return ""
    image = load_image(illustrations[0], (1.0, 1.0))
    return image.title if isinstance(image, VectorImage) else ""


def _illustrations(front: ExerciseFront, root: ContentRoot, doc: YamlDoc) -> tuple[Path, ...]:
    names = (front.illustration,) if isinstance(front.illustration, str) else front.illustration
    if names is None:
        for suffix in IMAGE_SUFFIXES:  # <id>.svg, <id>.png, … beside the others
            default = root.illustrations / f"{front.id}{suffix}"
            if default.is_file():
                check_image(default)
                return (default,)
        return ()
    if len(names) > 2:
        raise WorksheetError(Problem("at most two images (start and end position)", path=doc.path,
                                     line=doc.line_of(("illustration",)), field="illustration"))
    return tuple(asset(root, root.illustrations, name, doc, "illustration") for name in names)


def _mapping(doc: YamlDoc) -> dict[str, Any]:
    if not isinstance(doc.data, dict):
        raise WorksheetError(Problem("must be a YAML mapping (key: value lines)", path=doc.path, line=1))
    return doc.data


def _refuse_placeholders(text: str, path: Path, first_line: int) -> None:
    found = placeholder_lines(text, first_line)
    if found:
        raise ProblemList(Problem(f'still the starter\'s placeholder text ("{sentence}")', path=path,
                                  line=line, hint="write your own words for the patient")
                          for line, sentence in found)


def load_worksheet(path: Path) -> WorksheetSpec:
    """Read and validate one worksheet YAML file."""
    return parse_worksheet(read_text(path), path)


def parse_worksheet(text: str, path: Path) -> WorksheetSpec:
    """Validate a worksheet's YAML ``text``; ``path`` names it in messages (an upload's name)."""
    doc = parse_yaml(text, path)
    problems: list[Problem] = []
    found = _collected(problems, lambda: validate(WorksheetFile, _mapping(doc), doc))
    _collected(problems, lambda: _refuse_placeholders(text, path, 1))
    if problems or found is None:
        raise ProblemList(problems)
    spec = found
    items = tuple(WorksheetItem(id=i) if isinstance(i, str) else i for i in spec.items)
    return WorksheetSpec(
        id=spec.id or path.stem.split(".")[0],
        title=spec.title,
        intro=spec.intro,
        items=items,
        safety=spec.safety,
        log=spec.log,
        disclosure=spec.disclosure,
        path=path,
        subject=spec.subject,
        keywords=spec.keywords,
        video=spec.video,
        languages=spec.languages,
    )


_FOLDERS = {"exercise": ("exercises", (".md",)), "worksheet": ("worksheets", (".yaml", ".yml")),
            "brand": ("brands", (".yaml", ".yml"))}
MAX_FOLDERS_LOOKED_AT = 200  # a working directory full of folders is not searched through


def forgotten_folder(kind: str, name: str, where: Path | None = None) -> Path | None:
    """The content folder (here or one level down) that has ``name``, when --content was left out."""
    if kind not in _FOLDERS or not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,47}", name):
        return None  # only an id can be in a content folder
    sub, suffixes = _FOLDERS[kind]
    try:
        here = where or Path.cwd()  # the working directory may be gone
        below = sorted(p for p in here.iterdir() if p.is_dir() and not p.name.startswith("."))
        for folder in [here, *below[:MAX_FOLDERS_LOOKED_AT]]:
            if any((folder / sub / f"{name}{suffix}").is_file() for suffix in suffixes):
                return folder
    except OSError:  # an unreadable working directory: no hint, the error stands
        return None
    return None
