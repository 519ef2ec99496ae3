"""Compile gettext catalogs (.po -> .mo) in pure Python, so no machine needs GNU gettext.

Django reads the compiled ``.mo`` files at run time; they are committed next to the ``.po``
files they come from. Run this after editing a translation:

    .venv/bin/python scripts/compile_messages.py          # every hverdag/locale/*/LC_MESSAGES/*.po
    .venv/bin/python scripts/compile_messages.py --check  # exit 1 if a committed .mo is stale

The parser follows CPython's ``Tools/i18n/msgfmt.py`` and GNU msgfmt's rules: ``msgctxt``
(stored as ``context \\x04 msgid``), plural forms (``msgid \\0 msgid_plural`` →
``msgstr[0] \\0 msgstr[1] …``), strings continued over several lines, C escapes including
octal and hex bytes, and the file's charset from its header. Like GNU msgfmt it leaves out
untranslated and fuzzy entries (except the header, whose fuzziness is ignored) and obsolete
``#~`` entries, and drops ``POT-Creation-Date`` from the header so the output only changes
when a translation does. The output is a little-endian .mo file, revision 0, without a hash table
(Python's ``gettext`` module does not use one).
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "hverdag" / "locale"
MO_MAGIC = 0x950412DE

_SIMPLE_ESCAPES = {
    "n": b"\n",
    "t": b"\t",
    "r": b"\r",
    "a": b"\a",
    "b": b"\b",
    "f": b"\f",
    "v": b"\v",
    "\\": b"\\",
    '"': b'"',
    "'": b"'",
    "?": b"?",
}
_CHARSET = re.compile(rb"charset=([^\s\\\"]+)", re.IGNORECASE)
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*)$")


class PoSyntaxError(ValueError):
    """A .po file that GNU msgfmt would also refuse."""

    def __init__(self, path: str, lineno: int, message: str) -> None:
        super().__init__(f"{path}:{lineno}: {message}")


@dataclass
class PoEntry:
    """One message of a .po file, strings already unescaped and decoded."""

    msgid: str
    lineno: int
    msgctxt: str | None = None
    msgid_plural: str | None = None
    # msgstr for a singular entry is msgstrs[0]; a plural entry has one per form.
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """GNU msgfmt's test: the (first) msgstr is not empty."""
        return bool(self.msgstrs.get(0))

    @property
    def forms(self) -> list[str]:
        return [self.msgstrs.get(i, "") for i in range(max(self.msgstrs, default=0) + 1)]


def unescape(literal: str, encoding: str, *, path: str = "<po>", lineno: int = 0) -> bytes:
    """Turn the inside of one C string literal into bytes (escapes are bytes, as in C)."""
    out = bytearray()
    i = 0
    n = len(literal)
    while i < n:
        ch = literal[i]
        if ch != "\\":
            j = literal.find("\\", i)
            j = n if j < 0 else j
            out += literal[i:j].encode(encoding)
            i = j
            continue
        if i + 1 >= n:
            raise PoSyntaxError(path, lineno, "string ends with a lone backslash")
        esc = literal[i + 1]
        if esc in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[esc]
            i += 2
        elif esc in "01234567":
            m = re.match(r"[0-7]{1,3}", literal[i + 1 :])
            assert m is not None
            out.append(int(m.group(), 8) & 0xFF)
            i += 1 + len(m.group())
        elif esc == "x":
            m = re.match(r"[0-9a-fA-F]+", literal[i + 2 :])
            if m is None:
                raise PoSyntaxError(path, lineno, "\\x without hex digits")
            out.append(int(m.group(), 16) & 0xFF)
            i += 2 + len(m.group())
        else:
            raise PoSyntaxError(path, lineno, f"invalid escape sequence \\{esc}")
    return bytes(out)


def _string_literal(text: str, path: str, lineno: int) -> str:
    """The inside of a line that is exactly one double-quoted string."""
    text = text.strip()
    if len(text) < 2 or not text.startswith('"') or not text.endswith('"'):
        raise PoSyntaxError(path, lineno, f"expected a quoted string, got {text!r}")
    inner = text[1:-1]
    # An unescaped quote inside means two strings on one line, which msgfmt refuses.
    if re.search(r'(?<!\\)(?:\\\\)*"', inner):
        raise PoSyntaxError(path, lineno, f"stray quote in {text!r}")
    return inner


def detect_charset(data: bytes) -> str:
    """The charset named in the header's Content-Type, or UTF-8."""
    # The header is the first entry; its msgstr is plain ASCII in every real charset.
    m = _CHARSET.search(data[:4096])
    if m is None:
        return "utf-8"
    name = m.group(1).decode("ascii")
    return "utf-8" if name.upper() == "CHARSET" else name


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        yield lineno, line.rstrip("\r")


def parse_po(data: bytes, path: str = "<po>") -> list[PoEntry]:
    """Every entry of a .po file, in file order, obsolete ones marked as such."""
    encoding = detect_charset(data)
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]

    entries: list[PoEntry] = []
    # Raw byte pieces of the entry being read, keyed by keyword.
    parts: dict[str, bytearray] = {}
    plural_parts: dict[int, bytearray] = {}
    flags: set[str] = set()
    obsolete = False
    start = 0
    current: bytearray | None = None
    seen_msgstr = False

    def finish() -> None:
        nonlocal parts, plural_parts, flags, obsolete, current, seen_msgstr
        if "msgid" in parts:
            if not seen_msgstr:
                raise PoSyntaxError(path, start, "msgid without msgstr")
            if "msgid_plural" in parts and "msgstr" in parts:
                raise PoSyntaxError(path, start, "plural entry needs msgstr[n]")
            if "msgid_plural" not in parts and plural_parts:
                raise PoSyntaxError(path, start, "msgstr[n] without msgid_plural")
            strs = (
                {k: v.decode(encoding) for k, v in sorted(plural_parts.items())}
                if plural_parts
                else {0: parts["msgstr"].decode(encoding)}
            )
            entries.append(
                PoEntry(
                    msgid=parts["msgid"].decode(encoding),
                    lineno=start,
                    msgctxt=parts["msgctxt"].decode(encoding) if "msgctxt" in parts else None,
                    msgid_plural=(
                        parts["msgid_plural"].decode(encoding) if "msgid_plural" in parts else None
                    ),
                    msgstrs=strs,
                    flags=flags,
                    obsolete=obsolete,
                )
            )
        elif parts or plural_parts:
            raise PoSyntaxError(path, start, "entry without msgid")
        parts, plural_parts, flags = {}, {}, set()
        obsolete, current, seen_msgstr = False, None, False

    for lineno, raw in _lines(text):
        line = raw
        is_obsolete = False
        if line.startswith("#~"):
            is_obsolete = True
            line = line[2:].lstrip()
            if line.startswith("|"):  # previous msgid of an obsolete entry
                continue
        elif line.startswith("#"):
            # A comment after strings starts the next entry.
            if seen_msgstr:
                finish()
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        line = line.strip()
        if not line:
            if seen_msgstr:
                finish()
            continue
        m = _KEYWORD.match(line)
        if m:
            keyword, index, rest = m.group(1), m.group(2), m.group(3)
            # A new msgctxt/msgid after a msgstr starts the next entry.
            if keyword in ("msgctxt", "msgid") and seen_msgstr:
                finish()
            if not (parts or plural_parts):
                start = lineno
            obsolete = obsolete or is_obsolete
            value = bytearray(
                unescape(_string_literal(rest, path, lineno), encoding, path=path, lineno=lineno)
            )
            if index is not None:
                key = int(index)
                if key in plural_parts:
                    raise PoSyntaxError(path, lineno, f"duplicate msgstr[{key}]")
                plural_parts[key] = value
                seen_msgstr = True
            else:
                if keyword in parts:
                    raise PoSyntaxError(path, lineno, f"duplicate {keyword}")
                if keyword == "msgstr":
                    seen_msgstr = True
                parts[keyword] = value
            current = value
        elif line.startswith('"'):
            if current is None:
                raise PoSyntaxError(path, lineno, "continuation string outside an entry")
            current += unescape(
                _string_literal(line, path, lineno), encoding, path=path, lineno=lineno
            )
        else:
            raise PoSyntaxError(path, lineno, f"cannot parse {raw!r}")
    finish()
    return entries


def _reproducible_header(header: str) -> str:
    """The header without POT-Creation-Date, as GNU msgfmt (0.20 and later) writes it.

    The date changes on every makemessages run; leaving it out keeps the .mo unchanged
    when no translation changed.
    """
    lines = header.split("\n")
    return "\n".join(line for line in lines if not line.startswith("POT-Creation-Date:"))


def catalog(entries: Iterable[PoEntry], encoding: str) -> dict[bytes, bytes]:
    """The key → value pairs GNU msgfmt would write, as raw bytes in the file's charset."""
    messages: dict[bytes, bytes] = {}
    for e in entries:
        if e.obsolete or not e.translated:
            continue
        if e.fuzzy and not e.is_header:
            continue
        key = e.msgid.encode(encoding)
        if e.msgid_plural is not None:
            key += b"\0" + e.msgid_plural.encode(encoding)
            value = b"\0".join(s.encode(encoding) for s in e.forms)
        elif e.is_header:
            value = _reproducible_header(e.msgstrs[0]).encode(encoding)
        else:
            value = e.msgstrs[0].encode(encoding)
        if e.msgctxt is not None:
            key = e.msgctxt.encode(encoding) + b"\x04" + key
        messages[key] = value
    return messages


def make_mo(messages: dict[bytes, bytes]) -> bytes:
    """A .mo file (revision 0, no hash table) holding the messages, keys sorted."""
    keys = sorted(messages)
    n = len(keys)
    originals_at = 7 * 4
    translations_at = originals_at + 8 * n
    data_at = translations_at + 8 * n
    tables = bytearray()
    blob = bytearray()
    table_o: list[int] = []
    table_t: list[int] = []
    for key in keys:
        table_o += [len(key), data_at + len(blob)]
        blob += key + b"\0"
    for key in keys:
        value = messages[key]
        table_t += [len(value), data_at + len(blob)]
        blob += value + b"\0"
    header = struct.pack("<7I", MO_MAGIC, 0, n, originals_at, translations_at, 0, data_at)
    tables += struct.pack(f"<{2 * n}I", *table_o)
    tables += struct.pack(f"<{2 * n}I", *table_t)
    return header + bytes(tables) + bytes(blob)


def compile_file(po_path: Path) -> bytes:
    """The .mo content for one .po file."""
    data = po_path.read_bytes()
    entries = parse_po(data, str(po_path))
    return make_mo(catalog(entries, detect_charset(data)))


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="*", type=Path, help=".po files (default: all)")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a .mo is missing or stale"
    )
    args = parser.parse_args(argv)
    files: list[Path] = args.files or po_files()
    stale = 0
    for po in files:
        mo = po.with_suffix(".mo")
        try:
            content = compile_file(po)
        except (PoSyntaxError, UnicodeError, LookupError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        current = mo.read_bytes() if mo.exists() else None
        if current == content:
            continue
        stale += 1
        if args.check:
            print(f"stale: {mo}", file=sys.stderr)
        else:
            mo.write_bytes(content)
            print(f"compiled {po} -> {mo.name}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
