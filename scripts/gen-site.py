#!/usr/bin/env python3
"""Generate a synthetic bilingual herald site for benchmarks.

usage: scripts/gen-site.py DIR PAGES_PER_LANGUAGE

Starts from the repository's own site (herald.yaml, themes/, i18n/, static/) and writes
PAGES_PER_LANGUAGE pages in Vietnamese and in English (~4 KB of Markdown each, with
diacritics, headings, lists, a table, links between pages and typed front matter) across
four sections. Deterministic: the same arguments give the same files.
"""
import hashlib, os, random, shutil, sys, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

VI_WORDS = ("đầu tư hợp tác quốc tế tỉnh Quảng Ngãi khu kinh tế Dung Quất cảng biển nước sâu "
            "di sản văn hóa Sa Huỳnh đảo Lý Sơn ngư dân biển đảo chủ quyền Hoàng Sa Trường Sa "
            "phát triển bền vững doanh nghiệp nước ngoài thủ tục hành chính xúc tiến thương mại "
            "người Việt Nam ở nước ngoài đối ngoại nhân dân viện trợ phi chính phủ").split()
EN_WORDS = ("investment international cooperation province Quảng Ngãi economic zone Dung Quất "
            "deep-water port cultural heritage Sa Huỳnh Lý Sơn island fishermen sea islands "
            "sovereignty sustainable development foreign enterprises administrative procedures "
            "trade promotion overseas Vietnamese people-to-people diplomacy non-governmental aid").split()
SECTIONS = [("investment", "sector: heavy-industry\ndistrict: binh-son\nform: fdi\nstatus: open\n"),
            ("heritage", "location: {lat: 15.1, lon: 108.8}\nrecognition: national\naddress: \"Quảng Ngãi\"\n"),
            ("news", "place: \"Quảng Ngãi\"\n"),
            ("cooperation", "")]


def sentence(rng, words, n):
    s = " ".join(rng.choice(words) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def body(rng, words, i, n, lang):
    out = []
    for h in range(4):
        out.append(f"## {sentence(rng, words, 4)[:-1]} {h}\n")
        out.append(" ".join(sentence(rng, words, rng.randint(8, 16)) for _ in range(5)) + "\n")
        if h == 1:
            out.extend(f"- {sentence(rng, words, 6)}\n" for _ in range(4))
            out.append("\n")
        if h == 2:
            out.append("| A | B | C |\n|---|---|---|\n")
            out.extend(f"| {rng.randint(1, 999)} | {rng.choice(words)} | {rng.choice(words)} |\n" for _ in range(4))
            out.append("\n")
    other = (i * 7 + 3) % n
    sec, _ = SECTIONS[other % len(SECTIONS)]
    out.append(f"[{sentence(rng, words, 3)[:-1]}](@/{sec}/p{other}.md)\n")
    return "\n".join(out)


def norm(text):
    """`N` of README's "Stale translations": NFC, LF, no trailing spaces, no outer blank lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def source_version(title, summary, body_text):
    """What `herald translated` records: the Vietnamese source's version."""
    joined = norm(title) + "\n\n" + norm(summary) + "\n\n" + norm(body_text)
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def main():
    dest, per_lang = sys.argv[1], int(sys.argv[2])
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    for item in ["herald.yaml", "themes", "i18n", "static"]:
        src = os.path.join(ROOT, item)
        (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(dest, item))
    content = os.path.join(dest, "content")
    # Only the section index files of the sample: the generated pages replace its pages.
    os.makedirs(content)
    for sec in sorted(os.listdir(os.path.join(ROOT, "content"))):
        src = os.path.join(ROOT, "content", sec)
        if os.path.isdir(src):
            os.makedirs(os.path.join(content, sec), exist_ok=True)
            for name in os.listdir(src):
                if name.startswith("_index"):
                    shutil.copy(os.path.join(src, name), os.path.join(content, sec, name))
        elif sec.startswith("_index"):
            shutil.copy(src, os.path.join(content, sec))
    rng = random.Random(42)
    for i in range(per_lang):
        sec, fields = SECTIONS[i % len(SECTIONS)]
        os.makedirs(os.path.join(content, sec), exist_ok=True)
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        version = None
        for lang, words in (("vi", VI_WORDS), ("en", EN_WORDS)):
            title = f"{sentence(rng, words, 5)[:-1]} {i}"
            summary = sentence(rng, words, 12)
            text_body = body(rng, words, i, per_lang, lang)
            # The English page is a tracked translation of the Vietnamese one, as on a
            # maintained site (otherwise every build warns 5,000 times).
            tracked = f"translated_from: \"{version}\"\n" if version else ""
            version = version or source_version(title, summary, text_body)
            text = (f"---\ntitle: \"{title}\"\n{tracked}date: 2020-{month:02d}-{day:02d}\n"
                    f"summary: \"{summary}\"\ntags: [\"{rng.choice(words)}\"]\n{fields}---\n\n"
                    + text_body)
            with open(os.path.join(content, sec, f"p{i}.{lang}.md"), "w") as f:
                f.write(text)


if __name__ == "__main__":
    main()
