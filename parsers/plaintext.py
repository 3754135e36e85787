"""Plain-text filings (pure): an EDGAR-like header block, then each document's text with hard wraps re-joined.

A full submission holds the header (COMPANY CONFORMED NAME, FORM TYPE, FILED AS OF DATE ...) and one or more
<DOCUMENT>s (the form, then exhibits such as EX-99.1). The text keeps the substance: the form's cover page
(up to its check-box paragraph), signature blocks, SGML tags and comments are left out.
"""

from __future__ import annotations

import re

from core.records import ParsedDocument
from parsers.dom import decode
from parsers.pubdates import find_text_date, parse_date

_HEADER_LINE = re.compile(r"^[ \t]*([A-Z][A-Z ]{2,60}):[ \t]*(.*?)\s*$")
_SGML_LINE = re.compile(r"^\s*</?[A-Z][A-Z0-9-]*>.*$")
_TYPE_LINE = re.compile(r"^\s*<TYPE>\s*(\S+)", re.IGNORECASE)
_RULE_LINE = re.compile(r"^\s*(?:[-_=*]{3,}[-_=*\s]*|-\s*\d+\s*-|page \d+( of \d+)?)\s*$", re.IGNORECASE)
_TABLE_ROW = re.compile(r"\S {3,}\S")
_BULLET = re.compile(r"^\s*(?:[•●▪◦*-]\s|\(\w{1,3}\)\s|\d{1,2}[.)]\s)")
_ITEM = re.compile(r"^\s*item\s+\d+(\.\d+)?\b", re.IGNORECASE)
_CHECKBOX = re.compile(r"check mark|appropriate box", re.IGNORECASE)
_BOX = re.compile(r"\[\s*[xX]?\s*\]")
_SIGNATURE = re.compile(r"^signatures?$", re.IGNORECASE)
_EXHIBIT_LABEL = re.compile(r"^exhibit\s+\d+(\.\d+)?$", re.IGNORECASE)
_NOT_A_TITLE = re.compile(
    r"^(exhibit|united states|securities and exchange|washington|form \S+$|current report|pursuant to|"
    r"for immediate release|press release|news release|date of report|\(?commission|\(?exact name)",
    re.IGNORECASE,
)
DATE_KEYS = ("FILED AS OF DATE", "CONFORMED PERIOD OF REPORT", "DATE AS OF CHANGE")
COVER_SEARCH = 40  # paragraphs of a form searched for the end of its cover page
CENTERED = 8  # leading spaces that mark a centered (heading) line


def split_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """The leading 'KEY: value' block (and SGML tags) as a dict, and the lines after it."""
    header: dict[str, str] = {}
    for i, line in enumerate(lines):
        if "</SEC-HEADER>" in line.upper():
            return header, lines[i + 1 :]
        m = _HEADER_LINE.match(line)
        if m:
            header.setdefault(m.group(1).strip(), m.group(2))
        elif line.strip() and not _SGML_LINE.match(line):
            return header, lines[i:]
    return header, []


def split_documents(lines: list[str]) -> list[tuple[str, list[str]]]:
    """[(document type, its lines)]: one per <DOCUMENT> (type from <TYPE>), or one untyped for bare text."""
    docs: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        m = _TYPE_LINE.match(line)
        if line.strip().upper() == "<DOCUMENT>":
            docs.append(("", []))
        elif m:
            docs[-1] = (m.group(1).upper(), docs[-1][1])
        else:
            docs[-1][1].append(line)
    return [(kind, body) for kind, body in docs if any(ln.strip() for ln in body)]


def _standalone(line: str) -> bool:
    """A heading-like line that stays on its own: 'Item 1.01 ...', or short and in capitals."""
    text = line.strip()
    letters = [c for c in text if c.isalpha()]
    return bool(_ITEM.match(text)) or (
        len(text) < 80 and len(letters) > 3 and all(c.isupper() for c in letters)
    )


def _join(lines: list[str]) -> str:
    out = ""
    for line in (ln.strip() for ln in lines):
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            out += line  # a word broken at the wrap: keep the hyphen, no space
        else:
            out = f"{out} {line}" if out else line
    return " ".join(out.split())


def rejoin(lines: list[str]) -> list[str]:
    """Paragraphs from hard-wrapped lines: blank lines, bullets, headings and centered lines start a new one;
    a table row (columns apart by 3+ spaces) stays on its own."""
    paragraphs: list[str] = []
    current: list[str] = []
    centered = False

    def flush() -> None:
        if current:
            paragraphs.append(_join(current))
            current.clear()

    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip() or _SGML_LINE.match(line) or _RULE_LINE.match(line):
            flush()
        elif (_standalone(line) or _TABLE_ROW.search(line)) and indent < CENTERED:
            flush()
            paragraphs.append(" ".join(line.split()))
        else:
            if _BULLET.match(line) or (indent >= CENTERED) != centered:
                flush()
            centered = indent >= CENTERED
            current.append(line)
    flush()
    return [p for p in paragraphs if p]


def clean_document(kind: str, paragraphs: list[str]) -> list[str]:
    """Drop a form's cover page (through its last check-box paragraph), signatures and exhibit labels."""
    if not kind.startswith("EX-"):
        boxes = [i for i, p in enumerate(paragraphs[:COVER_SEARCH]) if _CHECKBOX.search(p)]
        start = boxes[-1] + 1 if boxes else 0
        while boxes and start < len(paragraphs) and _BOX.search(paragraphs[start]):
            start += 1  # the check boxes themselves: "[ ] Written communications ...", "Form 20-F [X]"
        paragraphs = paragraphs[start:]
    end = next((i for i, p in enumerate(paragraphs) if _SIGNATURE.match(p)), len(paragraphs))
    return [p for p in paragraphs[:end] if not _EXHIBIT_LABEL.match(p)]


def _headline(paragraphs: list[str]) -> str | None:
    for p in paragraphs[:8]:
        if (
            15 <= len(p) <= 200
            and not p.endswith((".", ":"))
            and not _NOT_A_TITLE.match(p)
            and not _ITEM.match(p)
        ):
            return p
    return None


def _title(header: dict[str, str], published: object, paragraphs: list[str]) -> str | None:
    """'COMPANY - Form 8-K - filed 2025-09-30' for a filing with a header, else the text's headline."""
    company = header.get("COMPANY CONFORMED NAME")
    form = header.get("FORM TYPE") or header.get("CONFORMED SUBMISSION TYPE")
    if company and form:
        return f"{company} - Form {form}" + (f" - filed {published}" if published else "")
    return _headline(paragraphs) or company


def _strip_comments(text: str) -> str:
    """Without its <!-- comments -->, in one pass (the regex '<!--.*?-->' is quadratic on '<!--' * 100000)."""
    out: list[str] = []
    i = 0
    while (start := text.find("<!--", i)) >= 0 and (end := text.find("-->", start + 4)) >= 0:
        out.append(text[i:start])
        i = end + 3
    out.append(text[i:])
    return "".join(out)


def parse_plaintext(data: bytes, url: str | None = None, charset: str | None = None) -> ParsedDocument:
    """A text/plain filing: the date from the header block, the form and exhibit texts re-joined."""
    text = decode(data, charset).replace("\r\n", "\n").replace("\f", "\n")
    header, body = split_header(_strip_comments(text).split("\n"))
    paragraphs = [p for kind, lines in split_documents(body) for p in clean_document(kind, rejoin(lines))]
    published = next((d for k in DATE_KEYS if (d := parse_date(header.get(k))) is not None), None)
    if published is None:
        published = find_text_date(" ".join(paragraphs[:3])[:600])
    return ParsedDocument(
        title=_title(header, published, paragraphs),
        published=published,
        canonical_url=None,
        text="\n\n".join(paragraphs),
    )
