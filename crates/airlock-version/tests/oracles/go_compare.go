// Oracle for the Go differential test: reads "A<TAB>B" lines and prints
// "<", "=" or ">" per line as golang.org/x/mod/semver.Compare orders them,
// or "!" followed by L and/or R for a side semver.IsValid rejects.
// Debian's golang-golang-x-mod-dev provides the package; run in GOPATH mode:
// GO111MODULE=off GOPATH=/usr/share/gocode go run go_compare.go
package main

import (
	"bufio"
	"io"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" {
			continue
		}
		ab := strings.SplitN(line, "\t", 2)
		a, b := ab[0], ab[1]
		if !semver.IsValid(a) || !semver.IsValid(b) {
			flags := "!"
			if !semver.IsValid(a) {
				flags += "L"
			}
			if !semver.IsValid(b) {
				flags += "R"
			}
			out.WriteString(flags + "\n")
			continue
		}
		switch semver.Compare(a, b) {
		case -1:
			out.WriteString("<\n")
		case 0:
			out.WriteString("=\n")
		default:
			out.WriteString(">\n")
		}
	}
}
