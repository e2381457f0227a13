// Command tiny writes an almost minimal heap dump: it allocates nothing of its own.
package main

import "heapdump.test/gosrc/internal/dumputil"

func main() {
	r := dumputil.Start("tiny")
	r.Set("description", "a program that allocates nothing of its own; the dump holds only what the runtime and the facts code need.")
	r.Finish()
}
