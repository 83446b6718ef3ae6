"""Just enough PDF reading to check what fpdf2 wrote: pages, embedded fonts and the text of each page.

fpdf2 writes Unicode text as two-byte glyph codes of an embedded font subset; each font carries a ToUnicode
map back to the characters. This reads the objects, inflates the streams, decodes the maps and turns the
Tj / TJ strings of the page content back into text (one line per text object).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


@dataclass
class PdfFile:
    objects: dict[int, bytes]

    def stream(self, number: int) -> bytes:
        body = self.objects[number]
        raw = _STREAM.search(body)
        assert raw is not None, f"object {number} has no stream"
        return zlib.decompress(raw.group(1)) if b"/FlateDecode" in body else raw.group(1)

    @property
    def page_count(self) -> int:
        return sum(1 for body in self.objects.values() if re.search(rb"/Type /Page\b(?!s)", body))

    @property
    def embedded_fonts(self) -> list[str]:
        """Names of the fonts whose file is embedded (a FontDescriptor with a FontFile2)."""
        names = []
        for body in self.objects.values():
            if b"/FontDescriptor" in body and b"/FontFile2" in body:
                match = re.search(rb"/FontName /(\S+)", body)
                assert match is not None
                names.append(match.group(1).decode())
        return names

    def _to_unicode(self, font_number: int) -> dict[int, str]:
        ref = re.search(rb"/ToUnicode (\d+) 0 R", self.objects[font_number])
        assert ref is not None
        cmap = self.stream(int(ref.group(1)))
        table: dict[int, str] = {}
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                table[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for lo, hi, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                first = int(start, 16)
                for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                    table[code] = chr(first + offset)
        return table

    def page_texts(self) -> list[str]:
        texts = []
        for body in self.objects.values():
            if not re.search(rb"/Type /Page\b(?!s)", body):
                continue
            contents = re.search(rb"/Contents (\d+) 0 R", body)
            resources = re.search(rb"/Resources (\d+) 0 R", body)
            assert contents is not None and resources is not None
            fonts = {
                name.decode(): self._to_unicode(int(number))
                for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", self.objects[int(resources.group(1))])
            }
            texts.append(_decode_content(self.stream(int(contents.group(1))), fonts))
        return texts

    def text(self) -> str:
        return "\n".join(self.page_texts())


def _literal_strings(chunk: bytes) -> list[bytes]:
    """The (…) strings of a Tj or TJ operand, unescaped."""
    out, i = [], 0
    while i < len(chunk):
        if chunk[i : i + 1] != b"(":
            i += 1
            continue
        i += 1
        buf, depth = bytearray(), 1
        while depth:
            ch = chunk[i : i + 1]
            if ch == b"\\":
                nxt = chunk[i + 1 : i + 2]
                escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
                if nxt in escapes:
                    buf += escapes[nxt]
                    i += 2
                elif nxt.isdigit():
                    digits = re.match(rb"[0-7]{1,3}", chunk[i + 1 : i + 4])
                    assert digits is not None
                    buf.append(int(digits.group(0), 8))
                    i += 1 + len(digits.group(0))
                else:
                    buf += nxt
                    i += 2
                continue
            if ch == b"(":
                depth += 1
            elif ch == b")":
                depth -= 1
                if not depth:
                    i += 1
                    break
            buf += ch
            i += 1
        out.append(bytes(buf))
    return out


def _decode_content(content: bytes, fonts: dict[str, dict[int, str]]) -> str:
    lines, font = [], None
    for match in re.finditer(rb"/(F\d+) [\d.]+ Tf|BT(.*?)ET", content, re.S):
        if match.group(1):
            font = fonts[match.group(1).decode()]
            continue
        inner = match.group(2)
        tf = re.search(rb"/(F\d+) [\d.]+ Tf", inner)
        if tf:
            font = fonts[tf.group(1).decode()]
        shown = re.findall(rb"(\((?:\\.|[^\\)])*\)\s*Tj|\[(?:\\.|[^\]])*\]\s*TJ)", inner, re.S)
        if not shown or font is None:
            continue
        text = ""
        for operand in shown:
            for raw in _literal_strings(operand):
                text += "".join(
                    font.get(int.from_bytes(raw[k : k + 2], "big"), "\ufffd") for k in range(0, len(raw), 2)
                )
        lines.append(text)
    return "\n".join(lines)


def read_pdf(data: bytes) -> PdfFile:
    return PdfFile({int(m.group(1)): m.group(2) for m in _OBJECT.finditer(data)})
