#!/usr/bin/env python3
"""Draw the illustrations of the sample media kit (content/press/kits/...).

Like scripts/make-sample-images.py, these are stylised illustrations generated for the
herald sample site, not photographs; the kit credits them as such (CC0-1.0, by the
Department). The outputs are committed; the build does not run this script.

    pip install pillow
    python3 scripts/make-kit-images.py

Each image exercises one path of herald's media kits:

    dung-quat-port-dawn.jpg     2400x1350 JPEG: wider than the 1600 px web version
    ly-son-garlic-fields.jpg    stored 2000x1500 with EXIF orientation 6 ("rotate 90
                                degrees clockwise to view"), so it displays as a
                                1500x2000 portrait: the derivatives must be upright
    sa-huynh-earring.png        1800x1800 PNG with a transparent background: its
                                derivatives stay PNG

The drawing is deterministic (no randomness), so re-running the script gives the same
pictures with the same Pillow version.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "content/press/kits/quang-ngai-media-kit-2021"


def lerp(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(len(a)))


def vgradient(draw, w, top, bottom, y0, y1):
    for y in range(y0, y1):
        t = (y - y0) / max(1, y1 - y0 - 1)
        draw.line([(0, y), (w, y)], fill=lerp(top, bottom, t))


def waves(draw, w, y0, y1, colour, step, amp, length, width):
    y, i = y0, 0
    while y < y1:
        line = [(x, y + amp * math.sin((x + i * 57) / length * 2 * math.pi)) for x in range(0, w + 12, 12)]
        draw.line(line, fill=colour, width=width)
        y += step + i * 2
        i += 1


def port_dawn() -> None:
    """Dung Quất port at dawn: cranes, a tanker, refinery columns against a pink sky."""
    w, h = 2400, 1350
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    vgradient(d, w, (58, 64, 120), (250, 176, 140), 0, 760)
    d.ellipse([(1700, 560), (1880, 740)], fill=(255, 220, 170))
    # hills and the refinery skyline
    d.polygon([(0, 700), (300, 560), (620, 640), (900, 540), (1240, 660), (1240, 760), (0, 760)], fill=(86, 76, 120))
    for x, top in [(1400, 520), (1450, 460), (1500, 560), (1560, 500)]:
        d.rectangle([(x, top), (x + 26, 760)], fill=(62, 56, 92))
    d.line([(1620, 760), (1620, 470)], fill=(62, 56, 92), width=8)
    d.polygon([(1608, 470), (1632, 470), (1620, 420)], fill=(255, 196, 96))
    for x in range(1700, 2300, 110):
        d.rectangle([(x, 700), (x + 90, 760)], fill=(206, 198, 214))
        d.ellipse([(x, 690), (x + 90, 714)], fill=(228, 222, 232))
    # sea
    vgradient(d, w, (84, 96, 140), (24, 44, 80), 760, h)
    waves(d, w, 880, h, (70, 90, 134), 40, 4, 150, 3)
    # quay and a tanker alongside
    d.rectangle([(0, 860), (w, 910)], fill=(128, 126, 138))
    d.polygon([(200, 800), (1500, 800), (1440, 866), (260, 866)], fill=(40, 52, 70))
    d.rectangle([(1280, 690), (1420, 800)], fill=(236, 236, 240))
    for k in range(8):
        d.rectangle([(1296 + k * 15, 710), (1304 + k * 15, 722)], fill=(120, 160, 200))
    d.line([(300, 800), (1240, 800)], fill=(150, 36, 40), width=10)
    # gantry cranes
    for x in (520, 980, 2000):
        c = (240, 186, 64)
        d.line([(x, 860), (x, 420)], fill=c, width=14)
        d.line([(x + 130, 860), (x + 130, 420)], fill=c, width=14)
        d.line([(x - 280, 410), (x + 240, 410)], fill=c, width=16)
        d.line([(x, 580), (x + 130, 580)], fill=c, width=10)
        d.line([(x, 420), (x + 65, 300), (x + 130, 420)], fill=c, width=8)
        d.line([(x + 65, 300), (x - 280, 410)], fill=c, width=4)
    img.save(KIT / "dung-quat-port-dawn.jpg", "JPEG", quality=85)


def garlic_fields() -> None:
    """Lý Sơn garlic fields under Thới Lới hill: drawn upright, stored turned on its side."""
    w, h = 1500, 2000
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    vgradient(d, w, (150, 200, 236), (236, 240, 228), 0, 760)
    # Thới Lới crater hill
    d.polygon([(0, 760), (300, 520), (560, 430), (760, 450), (1000, 560), (1500, 700), (1500, 820), (0, 820)], fill=(84, 120, 80))
    d.polygon([(560, 430), (760, 450), (720, 480), (600, 470)], fill=(60, 92, 60))
    # sea strip
    d.rectangle([(0, 820), (w, 900)], fill=(52, 128, 168))
    # garlic beds in perspective: white sand rows with green shoots
    for row in range(16):
        y0 = 900 + row * 68
        y1 = y0 + 52
        d.rectangle([(0, y0), (w, y1)], fill=(236, 232, 214))
        for k in range(0, w, 30 + row):
            x = k + (row % 2) * 14
            d.line([(x, y1 - 4), (x - 6, y0 + 6)], fill=(96, 150, 70), width=3 + row // 5)
            d.line([(x, y1 - 4), (x + 6, y0 + 8)], fill=(118, 168, 84), width=3 + row // 5)
        d.rectangle([(0, y1), (w, y1 + 16)], fill=(120, 96, 80))
    # a farmer's conical hat
    d.polygon([(1040, 1500), (1180, 1430), (1320, 1500)], fill=(230, 204, 150))
    d.rectangle([(1160, 1500), (1200, 1620)], fill=(60, 90, 140))
    # Orientation 6 means "rotate 90 degrees clockwise to view", so store the picture
    # turned 90 degrees counter-clockwise (PIL rotates counter-clockwise).
    stored = img.rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(KIT / "ly-son-garlic-fields.jpg", "JPEG", quality=85, exif=exif)


def earring() -> None:
    """A Sa Huỳnh lingling-o earring on a transparent background."""
    size = 1800
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    cx, cy, outer, inner = 900, 900, 600, 260
    jade, light = (62, 140, 122, 255), (120, 190, 170, 255)
    d.ellipse([(cx - outer, cy - outer), (cx + outer, cy + outer)], fill=jade)
    d.ellipse([(cx - outer + 60, cy - outer + 60), (cx + outer - 60, cy + outer - 60)], outline=light, width=18)
    for a in (90, 210, 330):
        r = math.radians(a)
        tip = (cx + 850 * math.cos(r), cy + 850 * math.sin(r))
        left = (cx + 560 * math.cos(r - 0.22), cy + 560 * math.sin(r - 0.22))
        right = (cx + 560 * math.cos(r + 0.22), cy + 560 * math.sin(r + 0.22))
        d.polygon([left, tip, right], fill=jade)
    d.ellipse([(cx - inner, cy - inner), (cx + inner, cy + inner)], fill=(0, 0, 0, 0))
    # the slit that lets the ring pass through the ear
    d.rectangle([(cx - 22, cy - outer - 10), (cx + 22, cy - inner + 4)], fill=(0, 0, 0, 0))
    img.save(KIT / "sa-huynh-earring.png", "PNG", optimize=True)


if __name__ == "__main__":
    KIT.mkdir(parents=True, exist_ok=True)
    port_dawn()
    garlic_fields()
    earring()
    for p in sorted(KIT.glob("*.jpg")) + sorted(KIT.glob("*.png")):
        print(f"{p.relative_to(ROOT)}: {p.stat().st_size // 1024} KB")
