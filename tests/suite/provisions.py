#!/usr/bin/python3
"""tests/suite/provisions.py: every sentence of the sample CSEC policy in
one rendered policy, read back as plain text.

    provisions.py SAMPLE FILL-INS LABEL EXPLAIN.json TEXT

SAMPLE is the sample policy (tests/data/csec-policy-sample.txt),
FILL-INS tests/fixtures/provisions/fill-ins.txt, EXPLAIN.json what
`csecpol explain --format json` says of the site, TEXT the policy as
plain text (pandoc's).  Prints "ok - ..." and "not ok - ..." lines for
tests/run.sh.

Each sentence of the sample (a bullet split at its sentence ends, the
title, the headings; the reviewer's comments apart) must be in TEXT as it
is, or be an entry of FILL-INS, whose forms, filled with the site's
values, must then be in TEXT.  White space is folded, curly apostrophes
read as straight ones, and the no-break spaces and hyphens that keep a
phone number on one line (U+00A0, U+2011) as plain ones.  The Purpose
section must not name the site: its statements are general.
"""
import json
import re
import sys


def fold(s):
    s = s.replace("\u2019", "'").replace("\u2011", "-").replace("\u00a0", " ")
    # the left-to-right mark that sets a DOCX link apart from
    # right-to-left text
    s = s.replace("\u200e", "")
    return re.sub(r"\s+", " ", s).strip()


def sample_units(text):
    """The sample as (kind, text): title, heading, sentence, comment."""
    text = text.replace("[bookmark: _GoBack]", "")
    blocks, cur = [], None
    for raw in text.split("\n"):
        line = raw.rstrip()
        if not line.strip():
            cur = None
        elif line.startswith("\u00b7 "):
            cur = [line[2:]]
            blocks.append(("bullet", cur))
        elif cur is not None:
            cur.append(line)  # a bullet broken across lines
        else:
            blocks.append(("line", [line]))
    units, title = [], False
    for kind, parts in blocks:
        s = " ".join(p.strip(" ") for p in parts)
        s, _, comment = s.partition("\tComment by ")
        if comment:
            units.append(("comment", fold(comment.split(": ", 1)[1])))
        s = fold(s)
        if kind == "line":
            units.append(("title" if not title else "heading",
                          s if not title else s.rstrip(":")))
            title = True
            continue
        for sent in re.split(r"(?<=[.:!?])\s+(?=[A-Z0-9])", s):
            units.append(("sentence", sent))
    return units


def fill_ins(path):
    entries, cur = [], None
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, _, val = line.partition(": ")
            if key in ("sample", "comment"):
                cur = {"kind": key, "text": fold(val), "line": n,
                       "policy": [], "each": [], "default": []}
                entries.append(cur)
            elif cur is None:
                raise SystemExit(f"{path}:{n}: an entry starts with sample:")
            elif key == "why":
                pass
            elif key == "policy":
                cur["policy"].append(val)
            elif key.startswith("each "):
                lists = [x.strip() for x in key[5:].split(",")]
                cur["each"].append((lists, val))
            elif key == "default":
                cur["default"].append(val.strip())
            else:
                raise SystemExit(f"{path}:{n}: unknown key {key!r}")
    return entries


def expand(form, get):
    """{{path}} and {{#path}}...{{/path}} with values from get(path)."""
    def section(m):
        return expand(m.group(2), get) if get(m.group(1)) else ""
    form = re.sub(r"\{\{#([^}]+)\}\}(.*?)\{\{/\1\}\}", section, form)
    return re.sub(r"\{\{([^}#/]+)\}\}", lambda m: get(m.group(1)) or "", form)


def main():
    sample, fills, label, explain, text_file = sys.argv[1:6]
    with open(sample, encoding="utf-8") as f:
        units = sample_units(f.read())
    entries = fill_ins(fills)
    with open(explain, encoding="utf-8") as f:
        values = json.load(f)
    with open(text_file, encoding="utf-8") as f:
        text = fold(f.read())
    value = {v["path"]: v["value"] for v in values if v["value"] is not None}
    origin = {v["path"]: v["origin"] for v in values}
    failed = 0

    def fail(msg):
        nonlocal failed
        failed += 1
        print(f"not ok - {label}: {msg}")

    def holds(s):
        return fold(s) in text

    def items(lst):
        """The item numbers of list lst, and whether it is a list of text."""
        n, texts = 0, False
        while True:
            p = f"{lst}[{n + 1}]"
            if p in value:
                texts = True
            elif not any(k.startswith(p + ".") for k in value):
                return n, texts
            n += 1

    sentences = [u for u in units if u[0] != "comment"]
    comments = [u[1] for u in units if u[0] == "comment"]
    by_text = {e["text"]: e for e in entries}
    if len(sentences) < 30 or len(comments) < 2:
        fail(f"the sample gave {len(sentences)} sentences and "
             f"{len(comments)} comments; is {sample} the sample policy?")
    for e in entries:
        pool = comments if e["kind"] == "comment" else [s for _, s in sentences]
        if e["text"] not in pool:
            fail(f"{fills}:{e['line']}: \"{e['text']}\" is no {e['kind']} "
                 f"of the sample")
    for c in comments:
        if c not in by_text:
            fail(f"the sample's comment \"{c}\" (a point left to the site) "
                 f"is not in {fills}")

    verbatim = 0
    for kind, s in sentences:
        e = by_text.get(s)
        if e is None:
            if holds(s):
                verbatim += 1
            else:
                fail(f"the sample's {kind} \"{s}\" is not in the policy "
                     f"word for word")
    for e in entries:
        for lst in e["default"]:
            n, _ = items(lst)
            if n and all(origin.get(k) == "default" for k in value
                         if k.startswith(lst + "[")) and not holds(e["text"]):
                fail(f"{lst} is the default, but the sample's \"{e['text']}\" "
                     f"is not in the policy word for word")
        for form in e["policy"]:
            want = expand(form, value.get)
            if not holds(want):
                fail(f"{fills}:{e['line']}: the policy does not hold \"{want}\"")
        for lists, form in e["each"]:
            for lst in lists:
                n, texts = items(lst)
                for i in range(1, n + 1):
                    base = f"{lst}[{i}]"

                    def get(p, base=base, texts=texts):
                        return value.get(base if p == "." and texts
                                         else f"{base}.{p}")
                    want = expand(form, get)
                    if not holds(want):
                        fail(f"{fills}:{e['line']}: {base}: the policy does "
                             f"not hold \"{want}\"")

    # General statements stay general: Purpose names no site.
    start = text.find("The commercial sexual exploitation of children")
    end = text.find("Procedures", start)
    purpose = text[start:end] if start >= 0 and end > start else ""
    if not purpose:
        fail("no Purpose section before Procedures")
    for p in ("site.name", "site.name_in_text"):
        if value.get(p) and fold(value[p]) in purpose:
            fail(f"the Purpose section names the site ({p}): its statements "
                 f"are general")

    if not failed:
        print(f"ok - {label}: every sentence of the sample ({verbatim} word "
              f"for word, {len(entries)} filled by the site)")


main()
