"""Oracle for the rpm differential test: reads "A<TAB>B" EVR lines and prints
"<", "=" or ">" per line, as rpm's own Python binding orders them
(rpm.labelCompare, rpm 4.18), or "!" with L and/or R when rpm refuses a side
(an empty version). The EVR is split as rpm does for numeric epochs: epoch
before the first ':', release after the last '-'."""
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
    ea, eb = split(a), split(b)
    try:
        c = rpm.labelCompare(ea, eb)
    except ValueError:
        out.append("!" + ("L" if not ea[1] else "") + ("R" if not eb[1] else ""))
        continue
    out.append("<" if c < 0 else ">" if c > 0 else "=")
sys.stdout.write("\n".join(out) + "\n")
