"""Chart images for the exported report, drawn with Pillow (PNG), shared by the DOCX and the PDF.

The browser draws the same figures with Chart.js on the dashboard; these images carry them into documents
that are printed, signed and filed. Colours follow the dashboard: green met, amber near, red missed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

from dangbo.planning.enums import TargetStatus
from dangbo.planning.selectors import METRICS, Figure

from .fonts import font_files

if TYPE_CHECKING:
    from .year_report import TrendRow

WIDTH, HEIGHT = 1600, 900  # drawn large and shown at ~16 cm wide: sharp when printed
STATUS_COLOURS = {
    TargetStatus.EXCEEDED: (46, 125, 50),
    TargetStatus.MET: (46, 125, 50),
    TargetStatus.NEAR: (230, 145, 0),
    TargetStatus.MISSED: (179, 16, 27),
    TargetStatus.NO_DATA: (150, 150, 150),
}
SERIES_COLOURS = [(179, 16, 27), (21, 101, 192), (46, 125, 50), (230, 145, 0)]
INK = (33, 33, 33)
GRID = (220, 220, 220)
SHORT: dict[str, str] = {  # labels short enough to sit under a bar
    METRICS[0]: "TCCSĐ HTTNV trở lên",
    METRICS[1]: "Đảng viên HTTNV trở lên",
    METRICS[2]: "Chi bộ kiểu mẫu",
    METRICS[3]: "Kết nạp đảng viên mới",
}


class _Canvas:
    def __init__(self) -> None:
        files = font_files()
        self.image = Image.new("RGB", (WIDTH, HEIGHT), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.font = ImageFont.truetype(str(files.regular), 30)
        self.small = ImageFont.truetype(str(files.regular), 26)
        self.bold = ImageFont.truetype(str(files.bold), 32)
        self.left, self.right, self.top, self.bottom = 120, WIDTH - 60, 70, HEIGHT - 170

    def y_of(self, value: float, top_value: float) -> float:
        return self.bottom - (self.bottom - self.top) * value / top_value

    def axes(self, top_value: float, step: int) -> None:
        for tick in range(0, int(top_value) + 1, step):
            y = self.y_of(tick, top_value)
            self.draw.line([(self.left, y), (self.right, y)], fill=GRID, width=2)
            self.draw.text((self.left - 15, y), f"{tick}%", font=self.small, fill=INK, anchor="rm")
        self.draw.line([(self.left, self.top), (self.left, self.bottom)], fill=INK, width=3)
        self.draw.line([(self.left, self.bottom), (self.right, self.bottom)], fill=INK, width=3)

    def centred_lines(self, x: float, y: float, text: str, width: float) -> None:
        """Wrap `text` under a bar within `width` pixels, centred on x."""
        words, lines, line = text.split(), [], ""
        for word in words:
            trial = f"{line} {word}".strip()
            if self.draw.textlength(trial, font=self.small) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
        for i, text_line in enumerate(lines):
            self.draw.text((x, y + i * 32), text_line, font=self.small, fill=INK, anchor="ma")

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()


def _nice_top(values: Sequence[float]) -> float:
    highest = max([*values, 10.0])
    return 100.0 if highest > 50 else float(-(-int(highest * 1.25) // 10) * 10)


def target_bar_chart(figures: Sequence[Figure]) -> bytes:
    """One bar per metric (its share, coloured by status) with the target drawn as a dashed line across it."""
    canvas = _Canvas()
    values = [f.value_float or 0.0 for f in figures]
    thresholds = [float(f.target.threshold) for f in figures if f.target is not None]
    top_value = _nice_top(values + thresholds)
    canvas.axes(top_value, 10 if top_value > 40 else 5)
    slot = (canvas.right - canvas.left) / max(len(figures), 1)
    draw = canvas.draw
    for i, figure in enumerate(figures):
        x0 = canvas.left + slot * i + slot * 0.22
        x1 = canvas.left + slot * (i + 1) - slot * 0.22
        value = figure.value_float
        if value is not None:
            draw.rectangle([(x0, canvas.y_of(value, top_value)), (x1, canvas.bottom)],
                           fill=STATUS_COLOURS[figure.status])  # fmt: skip
            top = canvas.y_of(value, top_value)
            if canvas.bottom - top > 60:  # inside the bar, clear of the target line just above it
                draw.text(((x0 + x1) / 2, top + 12), figure.value_text, font=canvas.bold, fill="white", anchor="ma")
            else:
                draw.text(((x0 + x1) / 2, top - 8), figure.value_text, font=canvas.bold, fill=INK, anchor="md")
        if figure.target is not None:
            y = canvas.y_of(float(figure.target.threshold), top_value)
            for dash in range(int(x0 - 20), int(x1 + 20), 24):
                draw.line([(dash, y), (min(dash + 14, x1 + 20), y)], fill=INK, width=4)
            draw.text((x1 + 22, y), figure.target.condition_text(), font=canvas.small, fill=INK, anchor="lm")
        canvas.centred_lines(canvas.left + slot * (i + 0.5), canvas.bottom + 14, SHORT[figure.metric], slot - 20)
    legend = "Cột: kết quả (xanh: đạt, vàng: gần đạt, đỏ: chưa đạt) — nét đứt: chỉ tiêu kế hoạch"
    draw.text((WIDTH / 2, HEIGHT - 30), legend, font=canvas.small, fill=INK, anchor="ms")
    return canvas.png()


def trend_chart(trends: Sequence[TrendRow]) -> bytes:
    """The two good-or-better shares over the years, one line each, with their values."""
    canvas = _Canvas()
    metrics = METRICS[:2]
    top_value = 100.0
    canvas.axes(top_value, 10)
    draw = canvas.draw
    count = len(trends)
    slot = (canvas.right - canvas.left) / max(count, 1)
    xs = [canvas.left + slot * (i + 0.5) for i in range(count)]
    for i, row in enumerate(trends):
        draw.text((xs[i], canvas.bottom + 14), str(row.year), font=canvas.font, fill=INK, anchor="ma")
    for series, metric in enumerate(metrics):
        colour = SERIES_COLOURS[series]
        points = [(xs[i], row.values[metric]) for i, row in enumerate(trends)]
        drawn = [(x, canvas.y_of(v, top_value)) for x, v in points if v is not None]
        if len(drawn) > 1:
            draw.line(drawn, fill=colour, width=6, joint="curve")
        for x, v in points:
            if v is None:
                continue
            y = canvas.y_of(v, top_value)
            draw.ellipse([(x - 10, y - 10), (x + 10, y + 10)], fill=colour)
            offset = -18 if series == 0 else 48
            draw.text((x, y + offset), f"{v:.1f}%".replace(".", ","), font=canvas.small, fill=colour, anchor="md")
    legend_x = canvas.left
    for series, metric in enumerate(metrics):
        colour = SERIES_COLOURS[series]
        y = HEIGHT - 50
        draw.rectangle([(legend_x, y - 12), (legend_x + 40, y + 12)], fill=colour)
        draw.text((legend_x + 55, y), SHORT[metric], font=canvas.font, fill=INK, anchor="lm")
        legend_x += 120 + int(draw.textlength(SHORT[metric], font=canvas.font))
    return canvas.png()
