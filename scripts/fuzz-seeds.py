#!/usr/bin/env python3
"""Write the fuzzers' seed corpus (fuzz/corpus/<target>/) from the sample site plus
hand-written edge cases. Run from the repository root; the output is committed, so this
only needs rerunning when the sample site or the input layout of a target changes
(see src/fuzzing.rs for the layouts)."""
import glob, os, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")

def read(p):
    with open(os.path.join(ROOT, p), "rb") as f:
        return f.read()

def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

# front_matter: first byte picks the file name (FRONT_MATTER_FILES in src/fuzzing.rs).
PICK = {"investment": 0, "heritage": 1, "news": 2, "press/kits": 3, "sovereignty": 4,
        "cooperation": 5}
samples = [
    "content/investment/vsip-quang-ngai.vi.md",
    "content/investment/dung-quat-refinery.en.md",
    "content/heritage/ly-son/index.en.md",
    "content/news/foreign-affairs-2020-review.vi.md",
    "content/press/kits/quang-ngai-media-kit-2021/index.vi.md",
    "content/sovereignty/hoang-sa-flotilla.en.md",
    "content/cooperation/lao-localities.vi.md",
    "content/investment/_index.en.md",
    "content/_index.vi.md",
]
for p in samples:
    sec = next((k for k in PICK if p.startswith(f"content/{k}/")), None)
    pick = 6 if p.endswith("/_index.en.md") else (7 if sec is None else PICK[sec])
    write("front_matter", os.path.basename(os.path.dirname(p)) + "-" + os.path.basename(p),
          bytes([pick]) + read(p))
title_nfc = "title: Cảng Dung Quất, Quảng Ngãi\n"
edge = {
    "crlf": b"\x00---\r\ntitle: A\r\nsector: energy\r\ndistrict: binh-son\r\n---\r\nBody\r\n",
    "bom": b"\x07\xef\xbb\xbf---\ntitle: A\n---\n# Heading\n",
    "nfd": b"\x00---\n" + unicodedata.normalize("NFD", title_nfc).encode()
           + b"sector: n\xc4\x83ng-l\xc6\xb0\xe1\xbb\xa3ng\ndistrict: b\xc3\xacnh-s\xc6\xa1n\n---\nx\n",
    "unclosed": b"\x00---\ntitle: A\nsector: x\n",
    "only-dashes": b"\x05---\n---\n",
    "empty": b"\x05",
    "deep-nesting": b"\x05---\ntitle: A\nextra:\n  a: " + b"[" * 300 + b"]" * 300 + b"\n---\n",
    "deep-maps": b"\x05---\ntitle: A\nextra:\n" + b"".join(b"  " * i + b"k:\n" for i in range(1, 120)) + b"---\n",
    "aliases": b"\x05---\ntitle: &a A\nsummary: *a\nextra: {x: &b [1,2], y: *b}\n---\n",
    "alias-bomb": b"\x05---\ntitle: A\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + b"".join(b"  %c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n" % ((c, c) + (c - 1,) * 10)
                   for c in range(ord("b"), ord("j"))) + b"---\n",
    "typed": b"\x00---\ntitle: A\nsector: energy\ndistrict: binh-son\nform: fdi\ncapital: {amount: 1.5e300, currency: USD}\narea_ha: -1\ncontact: {name: X, email: a@b, phone: '1'}\n---\n",
    "dates": b"\x82---\ntitle: A\ndate: 2020-02-30\nupdated: 9999-12-31T23:59:60+14:00\nembargo: 2026-01-01T00:00:00Z\nexpires: 0001-01-01\n---\n",
    "geo": b"\x01---\ntitle: A\nlocation: {lat: 91, lon: -181}\nrecognition: national\n---\n",
    "kit": b"\x03---\ntitle: Kit\nassets:\n  - file: ../x.jpg\n    title: {vi: A}\n    licence: {spdx: CC-BY-4.0}\n---\n",
    "tabs-and-keys": b"\x05---\ntitle:\tA\n\"title\": B\n? complex\n: key\n---\n",
}
for k, v in edge.items():
    write("front_matter", k, v)

# markdown: a body, rendered with links resolved against the sample site.
for p in samples[:6]:
    text = read(p).decode()
    body = text.split("\n---\n", 1)[1] if "\n---\n" in text else text
    write("markdown", os.path.basename(os.path.dirname(p)) + "-" + os.path.basename(p), body.encode())
md_edge = {
    "links": "[a](@/heritage/ly-son.md#lich-su) [b](@/investment/_index.md) [c](@/_index.md)\n"
             "[d](@/heritage/ly-son/index.en.md) [e](@/../etc/passwd.md) [f](@/x.md#) [g](@/\\a.md)\n"
             "[h](@/news/tap-huan-hoi-nhap-quoc-te-2021.md) ![i](@/a.md)\n[ref]: @/cooperation/lao-localities.vi.md\n[j][ref]\n",
    "headings": "# Đầu tư\n## Đầu tư\n## Đầu tư {#dau-tu}\n### {#}\n## ![x](y)\n#### `code`\nSetext\n===\n",
    "nesting": ">" * 200 + " deep\n\n" + "".join("  " * i + "- item\n" for i in range(100)),
    "footnotes-tables": "a[^1] b[^x]\n\n[^1]: note [^x]\n[^x]: loop [^1]\n\n| a | b |\n|---|:-:|\n| [l](@/a.md) | `|` |\n\n- [ ] task\n- [x] done\n~~strike~~\n",
    "nfd-crlf": unicodedata.normalize("NFD", "## Quảng Ngãi\r\n\r\nĐoàn công tác\r\n"),
    "html": "<div>\n<script>x</script>\n</div>\n\n<a href=\"@/a.md\">x</a> &amp; &#x1F600; &#0;\n",
}
for k, v in md_edge.items():
    write("markdown", k, v.encode())

# fluent: vi.ftl NUL en.ftl NUL argument bytes.
vi = read("i18n/vi/site.ftl") + read("i18n/vi/fields.ftl")
en = read("i18n/en/site.ftl") + read("i18n/en/fields.ftl")
args = bytes(range(0, 64))
write("fluent", "site", vi + b"\0" + en + b"\0" + args)
write("fluent", "theme", read("themes/default/i18n/vi/theme.ftl") + b"\0"
      + read("themes/default/i18n/en/theme.ftl") + b"\0" + b"\xff" * 16)
fl_edge = {
    "plural-nan": b"count = { $count ->\n    [one] one\n   *[other] { $count } many\n}\n\0\0\x00\x00\x00\x00\x00\x00\xf8\x7f",
    "cycle": b"a = { b }\nb = { a }\n-t = { -t }\nc = { -t }\nd = { d.attr }\n    .attr = { d }\n\0\0",
    "deep-placeables": b"x = " + b"{ " * 200 + b"$n" + b" }" * 200 + b"\n\0\0",
    "functions": b"n = { NUMBER($n, minimumFractionDigits: 99, maximumFractionDigits: 999) }\nm = { NUMBER($count, style: \"percent\") } { UNKNOWN() }\n\0\0\x00\x00\x00\x00\x00\x00\xf0\x7f",
    "date-long": b"date-long = { $day } th\xc3\xa1ng { $month } n\xc4\x83m { $year }\n\0date-long = { $day ->\n *[other] { $day }\n} {$month}\n\0\x10\x27\x0c\x1f",
    "crlf-bom": b"\xef\xbb\xbfsite-title = A\r\n    .attr = B\r\n\0\0",
}
for k, v in fl_edge.items():
    write("fluent", k, v)

# terminology: terminology.yaml NUL a Markdown file NUL a .ftl file.
terms = read("i18n/terminology.yaml")
write("terminology", "sample", terms + b"\0" + read("content/sovereignty/hoang-sa-flotilla.en.md")
      + b"\0" + read("i18n/en/site.ftl"))
write("terminology", "sample-vi", terms + b"\0" + read("content/sovereignty/hoang-sa-flotilla.vi.md")
      + b"\0" + read("i18n/vi/site.ftl"))
nfd = unicodedata.normalize("NFD", "Biển Đông")
te = {
    "nfd": ("vi:\n  - use: \"Biển Đông\"\n    instead_of: [\"Biển Nam Trung Hoa\"]\n\0---\ntitle: "
            + nfd + "\n---\n" + unicodedata.normalize("NFD", "Biển Nam Trung Hoa") + "\n\0x = Biển Nam\n  Trung Hoa\n").encode(),
    "overlap": b"en:\n  - use: \"Hoang Sa (Paracel) archipelago\"\n    instead_of: [Paracel, \"Paracel Islands\", \"\xcc\x81\", \" \"]\n\0---\ntitle: x\n---\nHoang Sa (Paracel) archipelago, Paracel Islands https://paracel.example/ `Paracel`\n\0a = { \"Paracel\" } Paracel\n",
    "bad-yaml": b"xx:\n  - use: A\n    instead_of: []\n    bogus: 1\n\0\0",
    "ligatures": "en:\n  - use: East Sea\n    instead_of: [\"ﬁ\", \"İ\", \"ß\", \"SOUTH CHINA SEA\"]\n\0fi İstanbul ẞ south china sea ÅÅ\n\0".encode(),
}
for k, v in te.items():
    write("terminology", k, v)
