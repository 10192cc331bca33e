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
import sys

import uno

sys.dont_write_bytecode = True  # no __pycache__ beside the tests
from lo_office import OfficeError, office, open_hidden, prop  # noqa: E402


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
    jobs = [argv[i:i + 5] for i in range(2, len(argv), 5)]
    try:
        with office(argv[1], "lo-edit") as (desktop, helper):
            for mode, src, dst, search, replace in jobs:
                doc = open_hidden(desktop, src, "lo-edit")
                if doc is None:
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
        return 0
    except OfficeError as e:
        sys.stderr.write("%s\n" % e)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
