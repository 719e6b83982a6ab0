#!/usr/bin/env python3
"""Draw the illustrative images used by the herald sample site.

These are simple, stylised illustrations generated for the sample content in
content/ — they are not photographs of the places they evoke. The outputs are
committed; the build does not run this script.

    pip install pillow
    python3 scripts/make-sample-images.py

Outputs (1200x675 JPEG, quality 82):
    content/heritage/ly-son/ly-son.jpg   Lý Sơn island and sea (page bundle)
    static/images/dung-quat-port.jpg     a deep-water port with gantry cranes
    static/images/sea-compass.jpg        an abstract chart with a compass rose
    static/images/sa-huynh-jar.jpg       a Sa Huỳnh-style burial jar and earring
    static/images/truong-luy.jpg         a long stone wall across green hills

The drawing is deterministic (no randomness), so re-running the script gives
the same pictures.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

W, H = 1200, 675
SS = 2  # supersampling factor: draw at 2x, then downscale for smooth edges
ROOT = Path(__file__).resolve().parent.parent


def canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (W * SS, H * SS))
    return img, ImageDraw.Draw(img)


def s(v: float) -> int:
    """Scale a 1200x675 coordinate to the supersampled canvas."""
    return int(round(v * SS))


def pts(points):
    return [(s(x), s(y)) for x, y in points]


def lerp(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


def vgradient(draw, top, bottom, y0, y1, x0=0, x1=W):
    for y in range(s(y0), s(y1)):
        t = (y - s(y0)) / max(1, s(y1) - s(y0) - 1)
        draw.line([(s(x0), y), (s(x1), y)], fill=lerp(top, bottom, t))


def save(img: Image.Image, rel: str) -> None:
    out = ROOT / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    small = img.resize((W, H), Image.LANCZOS)
    small.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    print(f"{rel}: {out.stat().st_size // 1024} KB")


def waves(draw, y_start, y_end, colour, step=22, amp=3.0, length=90.0, phase=0.0):
    y = y_start
    i = 0
    while y < y_end:
        line = []
        for x in range(0, W + 10, 10):
            line.append((x, y + amp * math.sin((x + i * 37 + phase) / length * 2 * math.pi)))
        draw.line(pts(line), fill=colour, width=s(1.5))
        y += step + i * 1.5
        i += 1


# ---------------------------------------------------------------- Lý Sơn
def ly_son() -> None:
    img, d = canvas()
    vgradient(d, (250, 214, 165), (168, 208, 230), 0, 330)
    # sun
    d.ellipse(pts([(880, 120), (960, 200)]), fill=(255, 236, 190))
    vgradient(d, (54, 134, 168), (18, 66, 104), 330, H)
    # reflections of the sun
    for k in range(8):
        y = 345 + k * 14
        half = 60 - k * 6
        d.line(pts([(920 - half, y), (920 + half, y)]), fill=(150, 196, 214), width=s(2))
    # main island (Đảo Lớn) with a volcanic cone and its crater
    island = [(120, 345), (170, 300), (240, 282), (300, 262), (350, 205), (395, 180),
              (440, 178), (480, 200), (520, 250), (600, 268), (700, 276), (780, 300),
              (840, 332), (860, 345)]
    d.polygon(pts(island), fill=(64, 110, 74))
    d.polygon(pts([(395, 180), (440, 178), (430, 190), (405, 191)]), fill=(44, 84, 56))
    # garlic fields: pale green strips on the lower slopes
    for k in range(6):
        x0 = 520 + k * 42
        d.polygon(pts([(x0, 314), (x0 + 36, 314), (x0 + 40, 338), (x0 + 4, 338)]),
                  fill=(138, 176, 96) if k % 2 == 0 else (156, 190, 112))
    # cliffs and shoreline
    d.polygon(pts([(120, 345), (860, 345), (840, 352), (140, 352)]), fill=(214, 196, 150))
    # small island (Đảo Bé)
    d.polygon(pts([(1000, 345), (1030, 322), (1075, 316), (1110, 330), (1130, 345)]),
              fill=(78, 124, 86))
    d.polygon(pts([(1000, 345), (1130, 345), (1122, 350), (1008, 350)]), fill=(214, 196, 150))
    waves(d, 380, H, (70, 140, 170), step=26, amp=3, length=110)

    # small fishing boats under sail
    def boat(x, y, scale):
        hull = [(x - 40 * scale, y), (x + 40 * scale, y), (x + 30 * scale, y + 12 * scale),
                (x - 30 * scale, y + 12 * scale)]
        d.polygon(pts(hull), fill=(40, 62, 96))
        d.line(pts([(x, y), (x, y - 55 * scale)]), fill=(60, 50, 40), width=s(2 * scale))
        d.polygon(pts([(x + 2, y - 52 * scale), (x + 2, y - 6 * scale), (x + 34 * scale, y - 8 * scale)]),
                  fill=(236, 120, 70))

    boat(300, 470, 1.2)
    boat(640, 430, 0.8)
    boat(1040, 520, 1.5)
    save(img, "content/heritage/ly-son/ly-son.jpg")


# ---------------------------------------------------------- Dung Quất port
def dung_quat() -> None:
    img, d = canvas()
    vgradient(d, (40, 58, 102), (238, 160, 110), 0, 380)
    # hills behind the bay
    d.polygon(pts([(0, 330), (120, 260), (260, 300), (380, 240), (520, 310), (640, 290),
                   (760, 330), (760, 380), (0, 380)]), fill=(70, 72, 104))
    d.polygon(pts([(600, 380), (700, 320), (860, 300), (1000, 330), (1200, 290), (1200, 380)]),
              fill=(86, 82, 112))
    # refinery: columns and a tank farm in the distance
    for x, h in [(820, 90), (850, 120), (880, 70)]:
        d.rectangle(pts([(x, 380 - h), (x + 14, 380)]), fill=(52, 52, 76))
    d.line(pts([(795, 380), (795, 250)]), fill=(52, 52, 76), width=s(4))
    d.polygon(pts([(789, 250), (801, 250), (795, 226)]), fill=(255, 190, 90))  # flare
    for x in (940, 990, 1040):
        d.rectangle(pts([(x, 352), (x + 40, 380)]), fill=(200, 196, 206))
        d.ellipse(pts([(x, 346), (x + 40, 358)]), fill=(224, 220, 228))
    # water
    vgradient(d, (60, 92, 128), (22, 40, 70), 380, H)
    waves(d, 470, H, (58, 88, 122), step=24, amp=2, length=80)
    # quay
    d.rectangle(pts([(0, 440), (1200, 470)]), fill=(120, 124, 136))
    d.rectangle(pts([(0, 470), (1200, 478)]), fill=(70, 72, 84))
    # container ship alongside
    d.polygon(pts([(120, 420), (760, 420), (730, 462), (150, 462)]), fill=(150, 40, 46))
    d.rectangle(pts([(640, 350), (700, 420)]), fill=(232, 232, 236))
    colours = [(32, 96, 160), (210, 120, 40), (60, 140, 90), (180, 50, 50), (230, 190, 60)]
    for row in range(3):
        for col in range(12):
            x = 170 + col * 38
            y = 398 - row * 20
            c = colours[(row * 5 + col * 3) % len(colours)]
            d.rectangle(pts([(x, y), (x + 34, y + 18)]), fill=c)

    # ship-to-shore gantry cranes
    def crane(x):
        col = (236, 188, 60)
        d.line(pts([(x, 440), (x, 210)]), fill=col, width=s(7))
        d.line(pts([(x + 70, 440), (x + 70, 210)]), fill=col, width=s(7))
        d.line(pts([(x - 150, 205), (x + 130, 205)]), fill=col, width=s(8))
        d.line(pts([(x, 300), (x + 70, 300)]), fill=col, width=s(5))
        d.line(pts([(x, 210), (x + 35, 150), (x + 70, 210)]), fill=col, width=s(4))
        d.line(pts([(x + 35, 150), (x - 150, 205)]), fill=col, width=s(2))
        d.line(pts([(x - 80, 207), (x - 80, 300)]), fill=(60, 60, 60), width=s(2))
        d.rectangle(pts([(x - 96, 300), (x - 64, 316)]), fill=colours[x % 5])

    for x in (330, 560, 1000):
        crane(x)
    save(img, "static/images/dung-quat-port.jpg")


# ------------------------------------------------------- sea and compass
def sea_compass() -> None:
    img, d = canvas()
    vgradient(d, (16, 44, 82), (8, 24, 52), 0, H)
    # graticule
    for x in range(0, W + 1, 100):
        d.line(pts([(x, 0), (x, H)]), fill=(34, 66, 108), width=s(1))
    for y in range(25, H + 1, 100):
        d.line(pts([(0, y), (W, y)]), fill=(34, 66, 108), width=s(1))
    waves(d, 30, H, (26, 58, 98), step=34, amp=5, length=140)
    # a stylised coastline on the left
    coast = [(0, 0), (150, 0), (170, 90), (200, 170), (230, 260), (250, 350), (262, 430),
             (250, 520), (230, 600), (215, H), (0, H)]
    d.polygon(pts(coast), fill=(44, 92, 84))
    d.line(pts(coast[1:-1]), fill=(120, 170, 150), width=s(3))
    # scattered island dots in the open sea
    for cx, cy, r in [(640, 170, 6), (660, 190, 4), (690, 160, 5), (705, 205, 3),
                      (960, 430, 4), (990, 470, 5), (1020, 500, 3), (940, 520, 4),
                      (1060, 450, 3), (1000, 560, 4)]:
        d.ellipse(pts([(cx - r, cy - r), (cx + r, cy + r)]), fill=(232, 206, 140))
    # compass rose
    cx, cy, R = 600, 360, 170
    d.ellipse(pts([(cx - R, cy - R), (cx + R, cy + R)]), outline=(200, 180, 120), width=s(3))
    d.ellipse(pts([(cx - R + 14, cy - R + 14), (cx + R - 14, cy + R - 14)]),
              outline=(140, 128, 96), width=s(1))
    for k in range(72):
        a = k * math.pi / 36
        r0 = R - (14 if k % 9 == 0 else 7)
        d.line(pts([(cx + r0 * math.sin(a), cy - r0 * math.cos(a)),
                    (cx + R * math.sin(a), cy - R * math.cos(a))]), fill=(200, 180, 120), width=s(1))
    for k in range(8):
        a = k * math.pi / 4
        long_ = k % 2 == 0
        r = R - 20 if long_ else R * 0.55
        w = 26 if long_ else 18
        tip = (cx + r * math.sin(a), cy - r * math.cos(a))
        left = (cx + w * math.sin(a - math.pi / 2), cy - w * math.cos(a - math.pi / 2))
        right = (cx + w * math.sin(a + math.pi / 2), cy - w * math.cos(a + math.pi / 2))
        light = (238, 222, 170) if long_ else (190, 170, 120)
        dark = (176, 150, 90) if long_ else (130, 114, 80)
        d.polygon(pts([(cx, cy), left, tip]), fill=light)
        d.polygon(pts([(cx, cy), right, tip]), fill=dark)
    d.ellipse(pts([(cx - 10, cy - 10), (cx + 10, cy + 10)]), fill=(200, 60, 50))
    # a lighthouse-like marker on the coast
    d.polygon(pts([(222, 300), (236, 300), (232, 250), (226, 250)]), fill=(236, 236, 236))
    d.ellipse(pts([(221, 236), (237, 252)]), fill=(255, 214, 120))
    save(img, "static/images/sea-compass.jpg")


# ---------------------------------------------------------- Sa Huỳnh jar
def sa_huynh() -> None:
    img, d = canvas()
    vgradient(d, (236, 214, 180), (196, 150, 104), 0, H)
    # sand dune bands
    for k, col in enumerate([(214, 176, 128), (204, 164, 116), (190, 148, 100)]):
        y = 470 + k * 55
        band = [(0, y)] + [(x, y + 14 * math.sin(x / 160 + k)) for x in range(0, W + 1, 20)] + [(W, H), (0, H)]
        d.polygon(pts(band), fill=col)
    # burial jar: tall ovoid body, flared mouth, bell-shaped lid
    cx = 430
    body = []
    for k in range(0, 181, 4):
        t = math.radians(k)
        y = 250 + 290 * (1 - math.cos(t)) / 2
        rx = 118 * math.sin(t) ** 0.6 + 30 * (1 - k / 180)
        body.append((cx + rx, y))
    body += [(cx - x + cx, y) for x, y in reversed(body)]
    d.polygon(pts(body), fill=(168, 92, 56))
    for k in range(4):  # incised bands
        y = 330 + k * 34
        d.arc(pts([(cx - 112, y - 26), (cx + 112, y + 26)]), 15, 165, fill=(120, 60, 36), width=s(3))
    d.polygon(pts([(cx - 50, 252), (cx + 50, 252), (cx + 66, 238), (cx - 66, 238)]), fill=(150, 80, 48))
    lid = [(cx - 104, 240), (cx - 92, 186), (cx - 56, 128), (cx, 110), (cx + 56, 128),
           (cx + 92, 186), (cx + 104, 240)]
    d.polygon(pts(lid), fill=(182, 104, 64))
    d.ellipse(pts([(cx - 15, 96), (cx + 15, 120)]), fill=(150, 80, 48))
    d.line(pts([(cx - 97, 214), (cx + 97, 214)]), fill=(130, 66, 40), width=s(3))
    # lingling-o style earring: a ring with three points, and a two-headed pendant
    ex, ey = 830, 250
    d.ellipse(pts([(ex - 90, ey - 90), (ex + 90, ey + 90)]), fill=(74, 140, 128))
    d.ellipse(pts([(ex - 42, ey - 42), (ex + 42, ey + 42)]), fill=(226, 200, 160))
    for a in (0, 120, 240):
        r = math.radians(a + 90)
        px, py = ex + 112 * math.cos(r), ey + 112 * math.sin(r)
        d.polygon(pts([(ex + 80 * math.cos(r - 0.2), ey + 80 * math.sin(r - 0.2)),
                       (px, py),
                       (ex + 80 * math.cos(r + 0.2), ey + 80 * math.sin(r + 0.2))]), fill=(74, 140, 128))
    d.rectangle(pts([(ex - 2, ey - 92), (ex + 2, ey - 40)]), fill=(226, 200, 160))  # the ring's slit
    # double-headed pendant
    px, py = 860, 470
    d.polygon(pts([(px - 120, py), (px - 90, py - 34), (px - 60, py - 20), (px + 60, py - 20),
                   (px + 90, py - 34), (px + 120, py), (px + 40, py + 30), (px - 40, py + 30)]),
              fill=(60, 124, 116))
    d.ellipse(pts([(px - 100, py - 24), (px - 88, py - 12)]), fill=(226, 200, 160))
    d.ellipse(pts([(px + 88, py - 24), (px + 100, py - 12)]), fill=(226, 200, 160))
    # strings of beads
    for k in range(15):
        bx = 640 + k * 36
        by = 600 + 18 * math.sin(k / 2.2)
        col = (190, 70, 50) if k % 3 else (240, 170, 70)
        d.ellipse(pts([(bx - 9, by - 9), (bx + 9, by + 9)]), fill=col)
    img = img.filter(ImageFilter.SMOOTH)
    save(img, "static/images/sa-huynh-jar.jpg")


# -------------------------------------------------------------- Trường Lũy
def truong_luy() -> None:
    img, d = canvas()
    vgradient(d, (176, 212, 236), (236, 240, 226), 0, 360)
    layers = [
        ((120, 150, 150), 250, 60, 300, 0.0),
        ((96, 140, 110), 320, 70, 260, 1.3),
        ((78, 128, 84), 410, 80, 220, 2.1),
        ((60, 110, 64), 520, 70, 200, 3.4),
    ]
    ridges = []
    for col, base, amp, period, ph in layers:
        ridge = [(x, base - amp * (0.6 * math.sin(x / period + ph) + 0.4 * math.sin(x / (period * 0.45) + ph * 2)))
                 for x in range(0, W + 1, 10)]
        ridges.append(ridge)
    for (col, *_), ridge in zip(layers[:3], ridges[:3]):
        d.polygon(pts(ridge + [(W, H), (0, H)]), fill=col)
    # the wall follows the third ridge line, slightly below the crest
    path = [(x, y + 18) for x, y in ridges[2]]
    d.line(pts(path), fill=(120, 104, 86), width=s(14), joint="curve")
    d.line(pts(path), fill=(168, 150, 124), width=s(9), joint="curve")
    for i in range(0, len(path), 3):
        x, y = path[i]
        d.rectangle(pts([(x - 4, y - 12), (x + 4, y - 5)]), fill=(150, 132, 108))
    # a guard post
    gx, gy = path[48]
    d.rectangle(pts([(gx - 16, gy - 46), (gx + 16, gy - 6)]), fill=(150, 128, 100))
    d.polygon(pts([(gx - 24, gy - 46), (gx, gy - 66), (gx + 24, gy - 46)]), fill=(120, 70, 50))
    # nearest hills in front of the wall
    d.polygon(pts(ridges[3] + [(W, H), (0, H)]), fill=layers[3][0])
    # foreground trees
    for k in range(9):
        tx = 40 + k * 140
        ty = 640 - 20 * math.sin(k)
        d.ellipse(pts([(tx - 36, ty - 70), (tx + 36, ty)]), fill=(44, 88, 50))
        d.rectangle(pts([(tx - 4, ty - 6), (tx + 4, ty + 30)]), fill=(80, 60, 40))
    save(img, "static/images/truong-luy.jpg")


if __name__ == "__main__":
    ly_son()
    dung_quat()
    sea_compass()
    sa_huynh()
    truong_luy()
