#!/usr/bin/python3
"""tests/suite/lo-edit.py: edit a DOCX in LibreOffice, as a person would.

Usage: lo-edit.py PROFILE_DIR MODE IN.docx OUT.docx SEARCH REPLACE ...

Starts a headless LibreOffice with a private profile and, for each group
of five arguments, opens IN.docx and:
  track   turns on change tracking (Edit > Track Changes > Record) and
          replaces the first SEARCH with REPLACE;
  edit    replaces the first SEARCH with REPLACE, tracking nothing;
  accept  accepts every tracked change (Edit > Track Changes > Accept
          All); SEARCH and REPLACE are not used (give "-");
then saves it as Word 2007-365 (.docx) to OUT.docx and prints
"OUT.docx N", N being the tracked changes the document held when saved.
A SEARCH that is not found is an error.  Exit status 0, or 1 with a
message on standard error.  Needs the Python-UNO bridge (Debian's
python3-uno) and soffice.
"""
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def edit(doc, search, replace):
    desc = doc.createSearchDescriptor()
    desc.SearchString = search
    desc.SearchCaseSensitive = True
    found = doc.findFirst(desc)
    if found is None:
        return False
    found.setString(replace)
    return True


def main(argv):
    if len(argv) < 7 or (len(argv) - 2) % 5 != 0:
        sys.stderr.write(__doc__)
        return 1
    profile = os.path.abspath(argv[1])
    jobs = [argv[i:i + 5] for i in range(2, len(argv), 5)]
    pipe = "csecpol-edit-%d" % os.getpid()
    office = subprocess.Popen(
        ["soffice", "-env:UserInstallation=file://" + profile, "--headless",
         "--invisible", "--norestore", "--nologo",
         "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(
                    "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except NoConnectException:
                if office.poll() is not None:
                    break
                time.sleep(0.5)
        if ctx is None:
            sys.stderr.write("lo-edit: soffice did not start\n")
            return 1
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx)
        helper = smgr.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx)
        for mode, src, dst, search, replace in jobs:
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                (prop("Hidden", True),))
            if doc is None:
                sys.stderr.write("lo-edit: cannot open %s\n" % src)
                return 1
            if mode in ("track", "edit"):
                doc.RecordChanges = mode == "track"
                if not edit(doc, search, replace):
                    sys.stderr.write("lo-edit: %s: '%s' not found\n"
                                     % (src, search))
                    doc.close(True)
                    return 1
            elif mode == "accept":
                helper.executeDispatch(
                    doc.getCurrentController().getFrame(),
                    ".uno:AcceptAllTrackedChanges", "", 0, ())
            else:
                sys.stderr.write("lo-edit: unknown mode %s\n" % mode)
                doc.close(True)
                return 1
            count = doc.getRedlines().getCount()
            doc.storeToURL(
                uno.systemPathToFileUrl(os.path.abspath(dst)),
                (prop("FilterName", "MS Word 2007 XML"),))
            doc.close(True)
            print("%s %d" % (dst, count))
        try:
            desktop.terminate()
        except Exception:
            pass
        return 0
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
