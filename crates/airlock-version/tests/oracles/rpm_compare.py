"""Oracle for the rpm differential test: reads "A<TAB>B" EVR lines and prints
"<", "=" or ">" per line, as rpm's own Python binding orders them
(rpm.labelCompare, rpm 4.18). The EVR is split as rpm does for numeric epochs:
epoch before the first ':', release after the last '-'."""
import sys

import rpm


def split(evr):
    epoch, sep, rest = evr.partition(":")
    if not sep:
        epoch, rest = None, evr
    version, sep, release = rest.rpartition("-")
    if not sep:
        version, release = rest, None
    return (epoch or None, version, release)


out = []
for line in sys.stdin.buffer.read().decode("utf-8").split("\n"):
    if not line:
        continue
    a, b = line.split("\t")
    c = rpm.labelCompare(split(a), split(b))
    out.append("<" if c < 0 else ">" if c > 0 else "=")
sys.stdout.write("\n".join(out) + "\n")
