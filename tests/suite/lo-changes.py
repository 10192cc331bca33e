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
import sys

import uno

sys.dont_write_bytecode = True  # no __pycache__ beside the tests
from lo_office import OfficeError, office, open_hidden, prop  # noqa: E402


def main(argv):
    if len(argv) < 5 or (len(argv) - 2) % 3 != 0:
        sys.stderr.write(__doc__)
        return 1
    jobs = [argv[i:i + 3] for i in range(2, len(argv), 3)]
    commands = {"accept": ".uno:AcceptAllTrackedChanges",
                "reject": ".uno:RejectAllTrackedChanges"}
    try:
        with office(argv[1], "lo-changes") as (desktop, helper):
            for mode, src, dst in jobs:
                doc = open_hidden(desktop, src, "lo-changes")
                if doc is None:
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
        return 0
    except OfficeError as e:
        sys.stderr.write("%s\n" % e)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
