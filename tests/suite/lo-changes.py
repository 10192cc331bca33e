#!/usr/bin/python3
"""tests/suite/lo-changes.py: LibreOffice's Accept all / Reject all.

Usage: lo-changes.py PROFILE_DIR accept|reject|none IN.docx OUT.txt ...

Starts a headless LibreOffice with a private profile, opens each IN.docx,
accepts or rejects every tracked change through the same command as
Edit > Track Changes > Accept All / Reject All (or leaves them, "none"),
and saves the text as UTF-8 to OUT.txt.  Then prints the number of
tracked changes each document had, one line a document: IN count.
Exit status 0, or 1 with a message on standard error.  Needs the
Python-UNO bridge (Debian's python3-uno) and soffice.
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


def main(argv):
    if len(argv) < 5 or (len(argv) - 2) % 3 != 0:
        sys.stderr.write(__doc__)
        return 1
    profile = os.path.abspath(argv[1])
    jobs = [argv[i:i + 3] for i in range(2, len(argv), 3)]
    pipe = "csecpol-%d" % os.getpid()
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
            sys.stderr.write("lo-changes: soffice did not start\n")
            return 1
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx)
        helper = smgr.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx)
        commands = {"accept": ".uno:AcceptAllTrackedChanges",
                    "reject": ".uno:RejectAllTrackedChanges"}
        for mode, src, dst in jobs:
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                (prop("Hidden", True),))
            if doc is None:
                sys.stderr.write("lo-changes: cannot open %s\n" % src)
                return 1
            count = doc.getRedlines().getCount()
            if mode in commands:
                helper.executeDispatch(
                    doc.getCurrentController().getFrame(), commands[mode],
                    "", 0, ())
            elif mode != "none":
                sys.stderr.write("lo-changes: unknown mode %s\n" % mode)
                return 1
            doc.storeToURL(
                uno.systemPathToFileUrl(os.path.abspath(dst)),
                (prop("FilterName", "Text (encoded)"),
                 prop("FilterOptions", "UTF8")))
            doc.close(True)
            print("%s %d" % (src, count))
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
