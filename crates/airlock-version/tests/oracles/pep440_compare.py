"""Oracle for the PEP 440 differential test: reads "A<TAB>B" lines and prints
"<", "=" or ">" per line as packaging.version.Version orders them, or "!"
followed by L and/or R when packaging rejects the left and/or right side."""
import sys

from packaging.version import InvalidVersion, Version


def parse(s):
    try:
        return Version(s)
    except InvalidVersion:
        return None


out = []
for line in sys.stdin.buffer.read().decode("utf-8").split("\n"):
    if not line:
        continue
    a, b = line.split("\t")
    va, vb = parse(a), parse(b)
    if va is None or vb is None:
        out.append("!" + ("L" if va is None else "") + ("R" if vb is None else ""))
    else:
        out.append("<" if va < vb else ">" if va > vb else "=")
sys.stdout.write("\n".join(out) + "\n")
