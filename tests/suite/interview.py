#!/usr/bin/python3
"""tests/suite/interview.py: `csecpol init --interactive` on a terminal.

Runs the interview in a pseudo-terminal (Python's pty module), reading
each question as a person sees it and typing the answer, and prints one
"ok"/"not ok" line per check (tests/run.sh counts them):

- a full interview: a wrong state ("Ohioo") is refused with check's
  message and asked again; the state's shared file is offered and taken;
  a contact with neither phone nor e-mail is asked again; the file is
  written only at the end, passes `csecpol check`, and is the file that
  the same answers give through --answers;
- Ctrl-C in the middle: "interrupted; no file written", the process ends
  by SIGINT, and the folder holds no file (no temporary one either);
- Ctrl-D (end of input) at a question: "ended before the interview did",
  exit status 3, no file.

Usage: interview.py CSECPOL TMPDIR
"""
import os
import pty
import select
import signal
import subprocess
import sys
import time

CSECPOL, TMP = sys.argv[1], sys.argv[2]
TIMEOUT = 20  # seconds for any one question to appear


def ok(msg):
    print("ok - " + msg)


def not_ok(msg, detail=""):
    print("not ok - " + msg)
    for line in detail.splitlines()[-25:]:
        print("#   " + line)


class Terminal:
    """A csecpol run on the slave side of a pty; we type on the master."""

    def __init__(self, args, cwd):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(cwd)
            env = dict(os.environ, CSECPOL_TODAY="2026-11-23", NO_COLOR="1")
            try:
                os.execve(CSECPOL, [CSECPOL] + args, env)
            finally:
                os._exit(127)
        self.seen = ""   # everything the screen showed
        self.pos = 0     # how far expect() has read

    def _read(self, deadline):
        r, _, _ = select.select([self.fd], [], [], max(0, deadline - time.time()))
        if not r:
            return False
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # the child closed the terminal
            return False
        if not data:
            return False
        self.seen += data.decode("utf-8", "replace")
        return True

    def expect(self, text):
        """Waits until text appears after what was read so far."""
        deadline = time.time() + TIMEOUT
        while True:
            i = self.seen.find(text, self.pos)
            if i >= 0:
                self.pos = i + len(text)
                return True
            if time.time() > deadline or not self._read(deadline):
                i = self.seen.find(text, self.pos)
                if i >= 0:
                    self.pos = i + len(text)
                    return True
                return False

    def type(self, line):
        os.write(self.fd, line.encode() + b"\r")

    def key(self, byte):
        os.write(self.fd, byte)

    def wait(self):
        """The child's wait status, reading the screen to its end."""
        deadline = time.time() + TIMEOUT
        while self._read(deadline):
            pass
        _, st = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return st


# (question prompt, answer): each prompt is what the screen shows last
# before the answer is typed.
ANSWERS = [
    ("site.name> ", "Hope House Youth Services"),
    ("site.name_in_text> ", ""),
    ("site.state> ", "Ohioo"),
    ("site.state> ", "NY"),
    ("[Y/n] ", "y"),
    ("site.address> ", "12 Main Street, Fulton, NY"),
    ("site.phone> ", "(315) 555-0100"),          # fictional: refused
    ("site.phone> ", "(315) 592-4400"),
    ("site.url> ", ""),
    ("policy.title> ", ""),
    ("policy.version> ", "1.0"),
    ("policy.effective_date> ", "2026-12-01"),
    ("policy.approved_by> ", "the Board of Directors"),
    ("policy.review_date> ", ""),
    ("policy.history[1].version> ", ""),
    ("policy.signers[1].name> ", "Pat Rivera"),
    ("policy.signers[1].title> ", "Chair, Board of Trustees"),
    ("policy.signers[2].name> ", ""),
    ("personnel[1].role> ", "Program Director"),
    ("personnel[1].name> ", "Pat Rivera"),
    ("personnel[1].phone> ", ""),
    ("personnel[1].email> ", ""),
    ("personnel[1].verified> ", ""),
    # neither a phone nor an e-mail: the item is asked again
    ("personnel[1].role> ", "Program Director"),
    ("personnel[1].name> ", "Pat Rivera"),
    ("personnel[1].phone> ", "(315) 592-4401"),
    ("personnel[1].email> ", "pat.rivera@hopehouse.org"),
    ("personnel[1].verified> ", "2026-11-20"),
    ("personnel[2].role> ", ""),
    ("prevention_notice[1]> ", "the youth's parent or guardian"),
    ("prevention_notice[2]> ", ""),
    ("abuse_report.url> ", ""),
    ("abuse_report.verified> ", ""),
    ("state_hotlines[1].name> ", ""),
    ("local_resources[1].name> ", ""),                  # at least one
    ("local_resources[1].name> ", "Hope House Shelter"),
    ("local_resources[1].phone> ", "(315) 592-4402"),
    ("local_resources[1].description> ", "shelter for youth"),
    ("local_resources[1].url> ", ""),
    ("local_resources[1].verified> ", ""),
    ("local_resources[2].name> ", ""),
    ("emergency> ", ""),
    ("national_resources[1].name> ", ""),
    ("safety_steps[1]> ", "Stay with the youth until help arrives."),
    ("safety_steps[2]> ", ""),
]

# ---- a whole interview ---------------------------------------------------

d = os.path.join(TMP, "full")
os.makedirs(d)
t = Terminal(["init", "--interactive", "-o", "site.yaml"], d)
lost = None
for i, (prompt, answer) in enumerate(ANSWERS):
    if not t.expect(prompt):
        lost = "question %d (%s) did not appear" % (i + 1, prompt)
        break
    if i == 12 and os.path.exists(os.path.join(d, "site.yaml")):
        lost = "the file exists before the interview ends"
        break
    t.type(answer)
st = t.wait() if not lost else (t.key(b"\x03"), t.wait())[1]
if lost is None and os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0:
    ok("the interview runs through on a terminal and exits 0")
else:
    not_ok("the interview runs through on a terminal and exits 0 (%s)"
           % (lost or "wait status %d" % st), t.seen)
screen = t.seen
for what, text in [
        ("a wrong state is refused with check's message",
         "'site.state' is not a two-letter USPS"),
        ("a fictional 555 number is refused", "[placeholder]"),
        ("the state's shared file is offered",
         "csecpol ships states/ny.yaml, the statewide file for NY"),
        ("what the shared file supplies is not asked",
         "abuse_report.agency: supplied by states/ny.yaml"),
        ("a contact without phone or e-mail is asked again",
         "'personnel[1]' needs a phone or an email"),
        ("a required list is asked until it has an item",
         "'local_resources' is required"),
        ("each question shows an example", "e.g. Child Advocacy Center"),
]:
    if text in screen:
        ok(what)
    else:
        not_ok(what, screen)

site = os.path.join(d, "site.yaml")
if os.path.exists(site):
    r = subprocess.run([CSECPOL, "check", "--strict", site],
                       capture_output=True, text=True,
                       env=dict(os.environ, CSECPOL_TODAY="2026-11-23"))
    if r.returncode == 0:
        ok("the written file passes 'csecpol check --strict'")
    else:
        not_ok("the written file passes 'csecpol check --strict'",
               r.stdout + r.stderr)
    text = open(site).read()
    want = ['extends: "states/ny.yaml"', 'name: "Hope House Youth Services"',
            'email: "pat.rivera@hopehouse.org"', '- "Stay with the youth',
            "# yaml-language-server: $schema="]
    missing = [w for w in want if w not in text]
    if not missing:
        ok("the file holds the answers and extends states/ny.yaml")
    else:
        not_ok("the file holds the answers (missing %s)" % missing, text)
    if os.path.exists(os.path.join(d, "states", "ny.yaml")):
        ok("the shared states/ny.yaml is written beside it")
    else:
        not_ok("the shared states/ny.yaml is written beside it")
    # the same answers from a file give the same file
    a = os.path.join(TMP, "answers.txt")
    with open(a, "w") as f:
        f.write("".join(ans + "\n" for _, ans in ANSWERS))
    d2 = os.path.join(TMP, "answered")
    os.makedirs(d2)
    r = subprocess.run([CSECPOL, "init", "--answers", a, "-o", "site.yaml"],
                       cwd=d2, capture_output=True, text=True,
                       env=dict(os.environ, CSECPOL_TODAY="2026-11-23"))
    other = os.path.join(d2, "site.yaml")
    if r.returncode == 0 and os.path.exists(other) and \
            open(other).read() == text:
        ok("--answers with the same answers writes the same file")
    else:
        not_ok("--answers with the same answers writes the same file",
               r.stderr)
else:
    not_ok("the interview wrote site.yaml", screen)

# ---- Ctrl-C and Ctrl-D leave no file ---------------------------------------

d = os.path.join(TMP, "ctrl-c")
os.makedirs(d)
t = Terminal(["init", "--interactive", "-o", "site.yaml"], d)
got = t.expect("site.name> ")
t.type("Hope House Youth Services")
got = got and t.expect("site.name_in_text> ")
t.key(b"\x03")
got = got and t.expect("interrupted; no file written")
st = t.wait()
if got and os.WIFSIGNALED(st) and os.WTERMSIG(st) == signal.SIGINT:
    ok("Ctrl-C stops the interview, which ends by SIGINT")
else:
    not_ok("Ctrl-C stops the interview, which ends by SIGINT (wait status "
           "%d)" % st, t.seen)
if os.listdir(d) == []:
    ok("after Ctrl-C the folder holds no file")
else:
    not_ok("after Ctrl-C the folder holds no file: %s" % os.listdir(d))

d = os.path.join(TMP, "ctrl-d")
os.makedirs(d)
t = Terminal(["init", "--interactive", "-o", "site.yaml"], d)
got = t.expect("site.name> ")
t.type("Hope House Youth Services")
got = got and t.expect("site.name_in_text> ")
t.key(b"\x04")
got = got and t.expect("the input ended before the interview did; no file "
                       "written")
st = t.wait()
if got and os.WIFEXITED(st) and os.WEXITSTATUS(st) == 3:
    ok("Ctrl-D (end of input) stops the interview with exit status 3")
else:
    not_ok("Ctrl-D stops the interview with exit status 3 (wait status %d)"
           % st, t.seen)
if os.listdir(d) == []:
    ok("after Ctrl-D the folder holds no file")
else:
    not_ok("after Ctrl-D the folder holds no file: %s" % os.listdir(d))
