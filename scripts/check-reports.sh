#!/usr/bin/env bash
# Checks vpr4j HTML reports in a real headless browser (Debian's chromium).
#
#   scripts/check-reports.sh REPORT.html...
#
# For each page: loads it from disk (file://, no server), dumps the DOM after the load event and
# checks that every <img> decoded in the browser (vpr4j pages record the count of broken images
# on <body data-broken-images>), that each image is a data: URI or an existing file beside the page,
# that the page's tables have data rows, and that a 1280x2000 screenshot is not blank.
# Screenshots are kept in $REPORT_SCREENSHOTS when that is set. Exit status: 0 all good,
# 1 a page failed a check, 2 usage or missing tools.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 REPORT.html..." >&2
  exit 2
fi
if ! command -v chromium >/dev/null; then
  echo "check-reports: chromium is not installed (as root: apt-get install -y chromium)" >&2
  exit 2
fi
python=/usr/bin/python3
[ -x "$python" ] || python=python3
if ! "$python" -c "import PIL" 2>/dev/null; then
  echo "check-reports: $python lacks Pillow (as root: apt-get install -y python3-pil)" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

browse() { # browse PROFILE_DIR ARGS...: one headless chromium run, its noise (dbus etc.) to a log
  local profile=$1
  shift
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" 2>>"$work/chromium.log"
}

status=0
n=0
for page in "$@"; do
  n=$((n + 1))
  if [ ! -f "$page" ]; then
    echo "FAIL $page: no such file"
    status=1
    continue
  fi
  abs=$(realpath "$page")
  url="file://$abs"
  dom="$work/dom-$n.html"
  shot="$work/shot-$n.png"
  # --virtual-time-budget lets the load event (and the page's image check) run before the dump.
  browse "$(mktemp -d -p "$work")" --virtual-time-budget=10000 --dump-dom "$url" >"$dom"
  browse "$(mktemp -d -p "$work")" --hide-scrollbars --window-size=1280,2000 --screenshot="$shot" "$url" >/dev/null
  if [ -n "${REPORT_SCREENSHOTS:-}" ] && [ -f "$shot" ]; then
    mkdir -p "$REPORT_SCREENSHOTS"
    cp "$shot" "$REPORT_SCREENSHOTS/$(basename "$page" .html).png"
  fi
  if "$python" - "$abs" "$dom" "$shot" <<'PY'
import os
import sys
from html.parser import HTMLParser

from PIL import Image, ImageStat

page, dom_file, shot = sys.argv[1:4]
problems = []


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.body = None
        self.images = []
        self.tables = 0
        self.data_rows = 0
        self._row_has_td = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        elif tag == "img":
            self.images.append(a.get("src") or "")
        elif tag == "table":
            self.tables += 1
        elif tag == "tr":
            self._row_has_td = False
        elif tag == "td" and not self._row_has_td:
            self._row_has_td = True
            self.data_rows += 1


with open(dom_file, encoding="utf-8") as f:
    text = f.read()
if not text.strip():
    problems.append("the browser returned no DOM")
dom = Dom()
dom.feed(text)

body = dom.body or {}
if "data-broken-images" not in body:
    problems.append("the page's load-time image check did not run (not a vpr4j page, or it did not finish loading)")
elif body["data-broken-images"] != "0":
    problems.append(body["data-broken-images"] + " of " + body.get("data-images", "?") + " images did not decode in the browser")
for src in dom.images:
    if src.startswith("data:image/"):
        continue
    if "://" in src or src.startswith("//") or not src:
        problems.append("image " + src[:80] + " is neither embedded nor a file beside the page")
    elif not os.path.isfile(os.path.join(os.path.dirname(page), src)):
        problems.append("image file " + src + " does not exist")
if dom.tables == 0 or dom.data_rows == 0:
    problems.append("no table with data rows (%d tables, %d rows)" % (dom.tables, dom.data_rows))

if not os.path.isfile(shot):
    problems.append("chromium wrote no screenshot")
else:
    img = Image.open(shot).convert("RGB")
    if img.size != (1280, 2000):
        problems.append("screenshot is %dx%d, expected 1280x2000" % img.size)
    stat = ImageStat.Stat(img.convert("L"))
    colours = img.getcolors(maxcolors=1 << 20)
    if stat.stddev[0] < 5 or (colours is not None and len(colours) < 16):
        problems.append("the screenshot is blank (stddev %.1f)" % stat.stddev[0])

if problems:
    for p in problems:
        print("FAIL " + page + ": " + p)
    sys.exit(1)
print("ok   %s: %d images, %d table rows" % (page, len(dom.images), dom.data_rows))
PY
  then :; else status=1; fi
done
exit $status
