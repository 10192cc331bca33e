"""tests/suite/lo_office.py: a headless LibreOffice for the suites'
Python-UNO scripts (lo-edit.py, lo-changes.py).

    with office(PROFILE_DIR, "lo-edit") as (desktop, helper):
        doc = open_hidden(desktop, path, "lo-edit")

starts soffice with a private profile on a pipe of its own, connects
(waiting up to two minutes), gives the Desktop and a DispatchHelper, and
on leaving ends soffice (killing it after a minute).  OfficeError is
raised, naming the script, when soffice does not start.
"""
import contextlib
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


class OfficeError(Exception):
    pass


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def open_hidden(desktop, path, who):
    """The document at path, opened hidden; None after saying so on
    stderr, naming the script."""
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
        (prop("Hidden", True),))
    if doc is None:
        sys.stderr.write("%s: cannot open %s\n" % (who, path))
    return doc


@contextlib.contextmanager
def office(profile, who):
    pipe = "csecpol-%s-%d" % (who, os.getpid())
    proc = subprocess.Popen(
        ["soffice", "-env:UserInstallation=file://" + os.path.abspath(profile),
         "--headless", "--invisible", "--norestore", "--nologo",
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
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        if ctx is None:
            raise OfficeError("%s: soffice did not start" % who)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx)
        helper = smgr.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx)
        try:
            yield desktop, helper
        finally:
            try:
                desktop.terminate()
            except Exception:
                pass
    finally:
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
