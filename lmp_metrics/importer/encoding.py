"""Which text encoding a CSV file is in, as the tools people use write them.

- UTF-8, with or without a byte-order mark ("CSV UTF-8" in Excel);
- UTF-16 with a byte-order mark (Excel's "Unicode text", tab-separated);
- Windows-1252 (Excel's plain "CSV" on a Windows machine in the Americas or Western Europe), taken
  only when charset-normalizer finds the text clean in it and no part of it is UTF-8 (a mix of
  both is refused); anything else is refused, naming the row and column of the first byte that is
  not UTF-8.

``to_utf8`` returns the body as UTF-8 bytes (no BOM) plus the name of the encoding it was read in.
"""

from __future__ import annotations

import codecs
import csv
import re

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 with BOM"
UTF16 = "UTF-16"
WINDOWS_1252 = "Windows-1252"
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
MAX_CHAOS = 0.01  # charset-normalizer's "mess" ratio above which Windows-1252 is not trusted


class Undecodable(Exception):
    """The bytes are in no encoding we can name with confidence; ``row``/``column`` say where."""

    def __init__(self, reason: str, row: int, column: str) -> None:
        super().__init__(reason)
        self.reason, self.row, self.column = reason, row, column


def to_utf8(content: bytes) -> tuple[bytes, str]:
    """(UTF-8 body without BOM, encoding name); raises ``Undecodable``."""
    if content.startswith(codecs.BOM_UTF8):
        body, name = content[len(codecs.BOM_UTF8) :], UTF8_BOM
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _from_utf16(content), UTF16
    else:
        body, name = content, UTF8
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        if name == UTF8 and _clean_windows_1252(body):
            return body.decode("cp1252").encode("utf-8"), WINDOWS_1252
        raise _where(body, error.start, name) from None
    return body, name


def _from_utf16(content: bytes) -> bytes:
    try:
        return content.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError as error:
        raise Undecodable(
            "the file starts as UTF-16 but is cut off or damaged there; save it again as 'Unicode text'",
            content.count("\n".encode("utf-16-le"), 0, error.start) + 1,
            "",
        ) from None


def _clean_windows_1252(body: bytes) -> bool:
    """Whether charset-normalizer reads ``body`` as Windows-1252 text without mess.

    A file that also holds UTF-8 sequences (cells pasted from elsewhere) is a mix: not clean.
    """
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 files pay for it

    if _UTF8_SEQUENCE.search(body):
        return False

    match = from_bytes(body, cp_isolation=["cp1252"]).best()
    return match is not None and match.encoding == "cp1252" and match.chaos <= MAX_CHAOS


def _where(body: bytes, position: int, name: str) -> Undecodable:
    """The row (line) and column (header name, by delimiters before the byte) of a bad byte."""
    row = body.count(b"\n", 0, position) + 1
    line_start = body.rfind(b"\n", 0, position) + 1
    header = body[: body.find(b"\n") if b"\n" in body else len(body)].decode("utf-8", "replace")
    delimiter = max((",", ";", "\t"), key=header.count)
    before = body[line_start:position].decode("utf-8", "replace")
    position_in_row = len(next(csv.reader([before + "x"], delimiter=delimiter))) - 1
    names = next(csv.reader([header.strip("\ufeff\r")], delimiter=delimiter), [])
    column = names[position_in_row].strip() if position_in_row < len(names) else ""
    expected = "UTF-8" if name == UTF8_BOM else "UTF-8, and not clearly Windows-1252 either"
    return Undecodable(
        f"the file is not {expected} (byte 0x{body[position]:02X} cannot be read); "
        "save it as 'CSV UTF-8' and import again",
        row,
        column,
    )
