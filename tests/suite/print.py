#!/usr/bin/python3
"""tests/suite/print.py: helpers of tests/suite/print.sh, which looks at
policies the way a reader sees them: printed, through LibreOffice and
Chromium, and read back with pdftotext.

  print.py page IN.docx OUT.docx WIDTH HEIGHT [plain]
      OUT is IN with a page of WIDTH x HEIGHT twips and half-inch
      margins.  With "plain", the protections under test are taken out,
      for a control: a phone number's no-break hyphens and spaces become
      plain ones, and paragraphs are no longer kept with the next or
      whole.
  print.py split PHONES TEXT
      Prints each number of PHONES (one a line) that is not whole on one
      line of TEXT (pdftotext's output); exits 1 when one is split.
  print.py signers NAMES PAGE.txt...
      NAMES holds "name<TAB>title" lines; each signer's block (the
      Signature label, the name, the title, the Date label, in that
      order) must lie on one page.  Prints each split block; exits 1 if
      any.
  print.py header BBOX.html NAME TITLE
      From `pdftotext -bbox` of the first page: the running header's
      site NAME and policy TITLE (the first words of the page) stand in
      two columns that do not run into each other: every word of the
      title starts right of where the name's words end.  Exits 1
      otherwise.
"""
import html
import re
import sys
import zipfile


def fold(s):
    return re.sub(r"[ \t\u00a0]+", " ",
                  s.replace("\u2011", "-").replace("\ufb01", "fi")
                  .replace("\ufb02", "fl")).strip()


def page(src, dst, width, height, plain=False):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w",
                                                      zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml = re.sub(r'<w:pgSz [^>]*/>',
                             f'<w:pgSz w:w="{width}" w:h="{height}"/>', xml)
                xml = re.sub(r'<w:pgMar [^>]*/>',
                             '<w:pgMar w:top="720" w:right="720" '
                             'w:bottom="720" w:left="720" w:header="360" '
                             'w:footer="360" w:gutter="0"/>', xml)
                if plain:
                    xml = xml.replace("<w:noBreakHyphen/>", "<w:t>-</w:t>")
                    xml = xml.replace("\u00a0", " ")
                    xml = xml.replace("<w:keepNext/>", "")
                    xml = xml.replace("<w:keepLines/>", "")
                data = xml.encode("utf-8")
            zout.writestr(info, data)


def split(phones, text):
    with open(text, encoding="utf-8") as f:
        lines = [fold(l) for l in f]
    bad = 0
    with open(phones, encoding="utf-8") as f:
        for num in (fold(l) for l in f):
            if num and not any(num in l for l in lines):
                print(num)
                bad = 1
    return bad


def signers(names, pages):
    texts = []
    for p in pages:
        with open(p, encoding="utf-8") as f:
            texts.append(fold(f.read().replace("\n", " ")))
    bad = 0
    with open(names, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            name, title = (fold(x) for x in line.rstrip("\n").split("\t"))
            block = re.compile(r"Signature: [_ ]*Name: " + re.escape(name) +
                               r" Title: " + re.escape(title) + r" Date:")
            if not any(block.search(t) for t in texts):
                print(f"{name}, {title}")
                bad = 1
    return bad


def header(bbox, name, title):
    words = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                         r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                         open(bbox, encoding="utf-8").read()):
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        words.append((y0, x0, x1, y1, html.unescape(m.group(5))))
        if len(words) >= 80:
            break
    want_n, want_t = name.split(), title.split()
    # the header is the first words on the page, the name's then the
    # title's (a title that wraps may be read in another order)
    nwords = words[:len(want_n)]
    twords = words[len(want_n):len(want_n) + len(want_t)]
    if ([w[4] for w in nwords] != want_n or
            sorted(w[4] for w in twords) != sorted(want_t)):
        print("the page does not start with the header's name and title:",
              " ".join(w[4] for w in nwords + twords))
        return 1
    right = max(n[2] for n in nwords)
    for t in twords:
        if t[1] < right + 2:
            print(f"'{t[4]}' of the title starts at {t[1]:.1f}pt, left of "
                  f"where the name ends ({right:.1f}pt, +2pt): the two run "
                  f"into each other")
            return 1
    return 0


def main():
    cmd = sys.argv[1]
    if cmd == "page":
        page(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]),
             len(sys.argv) > 6 and sys.argv[6] == "plain")
        return 0
    if cmd == "split":
        return split(sys.argv[2], sys.argv[3])
    if cmd == "signers":
        return signers(sys.argv[2], sys.argv[3:])
    if cmd == "header":
        return header(sys.argv[2], sys.argv[3], sys.argv[4])
    raise SystemExit(f"unknown command {cmd}")


sys.exit(main())
