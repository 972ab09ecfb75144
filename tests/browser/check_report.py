#!/usr/bin/env python3
"""Checks what headless Chromium made of a capsule report (tests/integration/browser_report_test.cpp).

  check_report.py dom DOM_FILE PROCESSES   the DOM Chromium dumped after running the page's script:
      exactly PROCESSES process-tree nodes, every evidence link pointing at an element that
      exists, the verdict shown, and the page's script run to its end (body[data-ready]).
  check_report.py png PNG_FILE             a screenshot: a PNG of real size with content, not a
      blank page (decoded with zlib alone: no imaging library needed).
Prints what is wrong and exits 1; exits 0 when all holds.
"""
import struct
import sys
import zlib
from html.parser import HTMLParser


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.proc_nodes, self.verdict, self.ready = set(), [], 0, None, False
        self._in_verdict = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        classes = (a.get("class") or "").split()
        if tag == "details" and "proc" in classes:
            self.proc_nodes += 1
        if tag == "a" and "ev" in classes:
            self.links.append(a.get("href", ""))
        if tag == "body" and a.get("data-ready") == "1":
            self.ready = True
        self._in_verdict = a.get("id") == "verdict"

    def handle_data(self, data):
        if self._in_verdict:
            self.verdict = data.strip()
            self._in_verdict = False


def check_dom(path, processes):
    d = Dom()
    with open(path, encoding="utf-8") as f:
        d.feed(f.read())
    problems = []
    if d.proc_nodes != processes:
        problems.append(f"{d.proc_nodes} process nodes, expected {processes}")
    if not d.links:
        problems.append("no evidence links")
    for href in d.links:
        if not href.startswith("#") or href[1:] not in d.ids:
            problems.append(f"evidence link {href!r} points at no element")
    if d.verdict not in ("intact", "unsealed", "tampered"):
        problems.append(f"verdict {d.verdict!r}")
    if not d.ready:
        problems.append("the page's script did not run to its end (no body[data-ready])")
    return problems


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            if depth != 8 or color not in (2, 6):
                raise ValueError(f"unexpected PNG depth {depth} colour type {color}")
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, ul = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + left) & 255
            elif f == 2:
                line[i] = (line[i] + up) & 255
            elif f == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif f == 4:
                p = left + up - ul
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else ul)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def check_png(path):
    width, height, bpp, rows = png_pixels(path)
    if width < 200 or height < 200:
        return [f"screenshot only {width}x{height}"]
    background = rows[0][:3]
    other, colours = 0, set()
    for row in rows[::4]:
        for x in range(0, width * bpp, bpp * 4):
            px = row[x:x + 3]
            colours.add(px)
            other += px != background
    sampled = len(rows[::4]) * len(range(0, width * bpp, bpp * 4))
    problems = []
    if other < sampled // 200:
        problems.append(f"blank: {other} of {sampled} sampled pixels differ from the background")
    if len(colours) < 4:
        problems.append(f"only {len(colours)} colours")
    return problems


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "dom" and len(sys.argv) == 4:
        problems = check_dom(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "png":
        problems = check_png(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
