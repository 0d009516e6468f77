"""Markdown (markdown-it-py) to the small block model a card needs.

An exercise body is: a one-line purpose paragraph, an ordered list of steps,
block quotes for cautions, and any other paragraphs or bullets as notes.
Only bold and italic survive as marks; everything else becomes plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from worksheet.model import Inline, Para, Span

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


@dataclass(slots=True)
class Body:
    """The parts of an exercise body, each with the source line it started on."""

    purpose: list[tuple[Inline, int]] = field(default_factory=list)
    steps: list[tuple[Inline, int]] = field(default_factory=list)
    cautions: list[tuple[Inline, int]] = field(default_factory=list)
    notes: list[tuple[Inline, int]] = field(default_factory=list)
    unsupported: list[tuple[str, int]] = field(default_factory=list)


@lru_cache(maxsize=2048)
def parse_body(text: str) -> Body:
    """Split a rendered body into purpose, steps, cautions and notes (lines are 0-based)."""
    body = Body()
    tokens = _PARSER.parse(text)
    stack: list[str] = []
    fresh = False  # the next ordered-list paragraph starts a new step
    for tok in tokens:
        line = tok.map[0] if tok.map else 0
        if tok.nesting == 1:
            fresh = fresh or (tok.type == "list_item_open" and stack[-1:] == ["ordered_list_open"])
            stack.append(tok.type)
            if tok.type == "heading_open":
                body.unsupported.append(("headings are not used in exercise files", line))
        elif tok.nesting == -1:
            stack.pop()
        elif tok.type == "inline":
            _place(body, stack, inline(tok.children or []), line, fresh)
            fresh = False
        elif tok.type in ("fence", "code_block"):
            body.notes.append(((Span(tok.content.strip()),), line))
    return body


def _place(body: Body, stack: Sequence[str], spans: Inline, line: int, fresh: bool) -> None:
    if not spans:
        return
    if "blockquote_open" in stack:
        body.cautions.append((_drop_label(spans), line))
    elif "ordered_list_open" in stack:
        if fresh or not body.steps:
            body.steps.append((spans, line))
        elif body.steps:
            old, first = body.steps[-1]
            body.steps[-1] = ((*old, Span(" "), *spans), first)
    elif "bullet_list_open" in stack or body.purpose or "heading_open" in stack:
        body.notes.append((spans, line))
    else:
        body.purpose.append((spans, line))


def _drop_label(spans: Inline) -> Inline:
    """``**Caution:** Stop if…`` → ``Stop if…``: the layout prints its own label."""
    first = spans[0]
    if first.bold and first.text.rstrip().endswith(":") and len(spans) > 1:
        rest = spans[1:]
        return (Span(rest[0].text.lstrip(), rest[0].bold, rest[0].italic), *rest[1:])
    return spans


def inline(children: Sequence[Token]) -> Inline:
    """Inline tokens → spans; only strong/em become marks, the rest is text."""
    spans: list[Span] = []
    bold = italic = False
    for tok in children:
        kind = tok.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind in ("softbreak", "hardbreak"):
            _add(spans, " ", bold, italic)
        elif kind in ("text", "code_inline", "html_inline") or kind == "image":
            _add(spans, tok.content, bold, italic)
    return tuple(spans)


def _add(spans: list[Span], text: str, bold: bool, italic: bool) -> None:
    if not text:
        return
    if spans and spans[-1].bold == bold and spans[-1].italic == italic:
        spans[-1] = Span(spans[-1].text + text, bold, italic)
    else:
        spans.append(Span(text, bold, italic))


def parse_paragraphs(text: str) -> tuple[Para, ...]:
    """Any Markdown → one Para per paragraph or list item (for intros and boxes)."""
    out: list[Para] = []
    depth = 0
    for tok in _PARSER.parse(text):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "inline":
            spans = inline(tok.children or [])
            if spans:
                out.append(Para(spans, bullet=depth > 0))
    return tuple(out)


def plain(spans: Inline) -> str:
    """The text of spans without marks."""
    return "".join(s.text for s in spans)
