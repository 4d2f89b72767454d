"""Bytes to text: read a digest file, check its size, decode it, normalise line ends.

Accepted: UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark, or
without one when its text starts as mostly ASCII (every other byte NUL). Else a NUL anywhere
means binary data. Every failure is a message plus the 1-based line of the
first bad byte; line numbers count LF, CRLF and lone CR as one line end each.
"""

from __future__ import annotations

import codecs
import os
import pathlib
import re
import stat

from generator.errors import NO_LINE

MAX_FILE_BYTES = 50 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
LINE_END = re.compile(r"\r\n?")  # CRLF or a lone CR: each becomes LF
BOM = "\ufeff"  # the byte-order mark (a zero-width no-break space of old: U+2060 is that now)
_LINE_BOM = re.compile(rf"^{BOM}+", re.MULTILINE)


class DecodeError(Exception):
    """A file that cannot be turned into text; ``line`` is where the trouble starts."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def read_text(path: pathlib.Path) -> str:
    """The file's text with LF line ends and no byte-order mark, its first or one opening a line
    further in (two exports joined by ``cat``, each opening with one: a RIS or EndNote record after
    it was "text outside a record", a MEDLINE one glued to the record before, a title began with it
    unseen); one inside a line is the text's, kept verbatim. Raises :class:`DecodeError`."""
    try:
        text = LINE_END.sub("\n", decode(read_bytes(path)))
        return _LINE_BOM.sub("", text) if BOM in text else text
    except DecodeError as err:
        if path.suffix.lower() not in _TABLES:  # the advice on saving from Excel is for tables only
            err.message = err.message.replace(_EXCEL, "")
        raise


_TABLES = (".csv", ".tsv", ".txt")


def read_bytes(path: pathlib.Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_FILE_BYTES`; raises :class:`DecodeError`.
    Opened without blocking and checked before reading: a FIFO or a device would never end."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise DecodeError(1, f"cannot read file: {err.strerror or err}") from None
    found = os.fstat(fd)
    if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_FILE_BYTES:
        os.close(fd)  # (checked before open(): it refuses a folder's descriptor, "Is a directory: 3")
        raise DecodeError(NO_LINE if stat.S_ISDIR(found.st_mode) else 1,  # (a folder has no lines)
                          f"not a regular file ({_kind(found.st_mode)}): a digest must be a file"
                          if not stat.S_ISREG(found.st_mode) else
                          f"file is too large ({found.st_size:,} bytes; the limit is 50 MB)")
    with open(fd, "rb") as handle:
        try:
            return handle.read(MAX_FILE_BYTES + 1)
        except OSError as err:
            raise DecodeError(1, f"cannot read file: {err.strerror or err}") from None


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "not a plain file")


def decode(raw: bytes) -> str:
    """Decode by byte-order mark, else as UTF-8; raises :class:`DecodeError`."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text = _decode_as(raw[len(bom):], codec)
            _check_nul(text)
            return text
    if codec := _utf16_without_bom(raw):
        text = _decode_as(raw, codec)
        _check_nul(text)
        return text
    _check_nul(raw)
    return _decode_as(raw, "utf-8")


def _utf16_without_bom(raw: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for text that starts so (a NUL beside each ASCII character in
    nine of ten of its first 200 characters: what some spreadsheets save as "Unicode text"; or an
    ASCII character first and a few more), else None."""
    head = raw[:400]
    if len(head) < 4 or len(head) % 2:
        return None
    pairs = [head[i:i + 2] for i in range(0, len(head), 2)]
    ascii_ = {zero: sum(pair[zero] == 0 and 0 < pair[1 - zero] < 0x80 for pair in pairs) for zero in (1, 0)}
    for codec, zero in (("utf-16-le", 1), ("utf-16-be", 0)):
        if ascii_[zero] >= 0.9 * len(pairs):
            return codec
        # text of other scripts (Japanese rows under an ASCII header): an ASCII character first,
        # and a few more, each beside a NUL on the same side, not the other (in a binary file
        # NULs fall anywhere, and a NUL character is refused then); such a file was "binary data"
        first = pairs[0][zero] == 0 and 0 < pairs[0][1 - zero] < 0x80
        if first and ascii_[zero] >= max(MIN_ASCII, 4 * ascii_[1 - zero]):
            return codec
    return None


MIN_ASCII = 8  # characters of UTF-16 text without a byte-order mark that are ASCII, at least


_EXCEL = "; in Excel, File → Save As → CSV UTF-8"


def _decode_as(raw: bytes, codec: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as err:
        before = raw[: err.start].decode(codec, errors="replace")
        line, column = line_and_column(before, len(before))
        name = "UTF-8" if codec == "utf-8" else "UTF-16"
        message = f"invalid {name} (byte 0x{raw[err.start]:02x} at column {column})"
        if err.end == len(raw) and err.reason in ("unexpected end of data", "truncated data") and (
                codec != "utf-8" or err.end - err.start > 1 or max(raw[:err.start], default=0) >= 0x80):
            # (not a lone last byte of a file of ASCII else: Windows-1252's "é" as often as a cut)
            message += ": the file ends inside a character; is it cut short?"
        elif codec == "utf-8":  # most often a spreadsheet's or an old editor's CSV
            guess = raw[err.start:err.start + 1].decode("cp1252", errors="replace")
            seen = f", {guess!r} in Windows-1252" if guess.isprintable() and guess != "\ufffd" else ""
            message += f": save the file as UTF-8 (it may be Windows-1252 or Latin-1{seen}{_EXCEL})"
        raise DecodeError(line, message) from None


def _check_nul(data: str | bytes) -> None:
    where = data.find("\0" if isinstance(data, str) else b"\0")
    if where >= 0:
        line, column = line_and_column(data, where)
        raise DecodeError(line, f"binary data, not text (NUL byte at column {column})")


def line_and_column(data: str | bytes, index: int) -> tuple[int, int]:
    """1-based line and column of ``data[index]``; CRLF, CR and LF each end a line."""
    lf, cr = ("\n", "\r") if isinstance(data, str) else (b"\n", b"\r")
    before = data[:index]
    line = before.count(lf) + before.count(cr) - before.count(cr + lf) + 1
    line_start = max(before.rfind(lf), before.rfind(cr)) + 1
    return line, index - line_start + 1
