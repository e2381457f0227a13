// Package dumputil holds the helpers shared by the heap-dump generator programs: flag handling,
// the common facts, goroutine listing, memstats, and writing the dump and the facts file.
//
// A program calls Start, builds its heap, adds facts with Set, and ends with Finish, which
// lists the goroutines, reads the memstats, writes the heap dump (-out) and then the facts
// (-facts). Automatic GC is off from Start on, so the addresses recorded in the facts are still
// valid when the dump is written.
package dumputil

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"unsafe"
)

// ExpectedHeader is the first line of every dump written by Go 1.7 and later.
const ExpectedHeader = "go1.7 heap dump\n"

// MemStatsNote explains which memstats values must match the dump exactly.
const MemStatsNote = "read by runtime.ReadMemStats immediately before debug.WriteHeapDump " +
	"(the dump file was already open); numGC, lastGC, pauseTotalNs and pauseNs must match the " +
	"dump's memstats record exactly, the others should match or be very close"

// DumpingGoroutineNote describes the goroutine that calls debug.WriteHeapDump.
const DumpingGoroutineNote = "the goroutine that wrote the dump: status waiting (4) in the dump, its " +
	"frames start inside runtime/debug.WriteHeapDump; go1.19 stores the \"dumping heap\" wait " +
	"reason on g0 instead of on this goroutine, so its dumped wait reason is a stale one (whatever it " +
	"last waited for, e.g. \"sleep\" or \"chan receive\", or empty)"

var (
	outFlag   = flag.String("out", "", "path of the heap dump to write (default <program>.dump)")
	factsFlag = flag.String("facts", "", "path of the facts JSON to write (default <program>.facts.json)")
)

// Run is one generator run: where to write, and the facts collected so far.
type Run struct {
	Program   string
	Out       string
	FactsPath string
	Facts     map[string]any
}

// Start turns automatic GC off, parses the command line (programs may register their own
// flags before calling it) and returns a Run holding the facts every program records.
func Start(program string) *Run {
	debug.SetGCPercent(-1)
	if !flag.Parsed() {
		flag.Parse()
	}
	r := &Run{Program: program, Out: *outFlag, FactsPath: *factsFlag}
	if r.Out == "" {
		r.Out = program + ".dump"
	}
	if r.FactsPath == "" {
		r.FactsPath = program + ".facts.json"
	}
	r.Facts = map[string]any{
		"program":        program,
		"goVersion":      runtime.Version(),
		"goos":           runtime.GOOS,
		"goarch":         runtime.GOARCH,
		"ptrSize":        int(unsafe.Sizeof(uintptr(0))),
		"numCPU":         runtime.NumCPU(),
		"gomaxprocs":     runtime.GOMAXPROCS(0),
		"expectedHeader": ExpectedHeader,
		"pid":            os.Getpid(),
	}
	return r
}

// Set records one fact.
func (r *Run) Set(key string, value any) { r.Facts[key] = value }

// Finish lists the goroutines, reads the memstats, writes the heap dump and then the facts.
// It exits the process with status 1 on any error.
func (r *Run) Finish() {
	if err := r.finish(); err != nil {
		Fatalf("%s: %v", r.Program, err)
	}
}

func (r *Run) finish() error {
	// Open the dump file first so that nothing allocates between ReadMemStats and the dump.
	dir, base := filepath.Split(r.Out)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after the rename
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	fd := f.Fd()

	gs, err := Goroutines()
	if err != nil {
		f.Close()
		return err
	}
	r.Facts["goroutines"] = gs
	r.Facts["dumpingGoroutine"] = GoID()
	r.Facts["dumpingGoroutineNote"] = DumpingGoroutineNote
	r.Facts["numGoroutine"] = runtime.NumGoroutine()
	r.Facts["memProfileRate"] = runtime.MemProfileRate

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	debug.WriteHeapDump(fd)

	if err := f.Close(); err != nil {
		return err
	}
	if err := checkHeader(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, r.Out); err != nil {
		return err
	}
	r.Facts["memstats"] = memStatsFacts(&ms)
	return WriteJSON(r.FactsPath, r.Facts)
}

func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, len(ExpectedHeader))
	if _, err := f.Read(buf); err != nil {
		return fmt.Errorf("reading back %s: %v", path, err)
	}
	if string(buf) != ExpectedHeader {
		return fmt.Errorf("dump starts with %q, want %q", buf, ExpectedHeader)
	}
	return nil
}

func memStatsFacts(ms *runtime.MemStats) map[string]any {
	pause := make([]uint64, len(ms.PauseNs))
	copy(pause, ms.PauseNs[:])
	return map[string]any{
		"note":         MemStatsNote,
		"numGC":        ms.NumGC,
		"lastGC":       ms.LastGC,
		"pauseTotalNs": ms.PauseTotalNs,
		"pauseNs":      pause,
		"alloc":        ms.Alloc,
		"totalAlloc":   ms.TotalAlloc,
		"sys":          ms.Sys,
		"mallocs":      ms.Mallocs,
		"frees":        ms.Frees,
		"heapAlloc":    ms.HeapAlloc,
		"heapSys":      ms.HeapSys,
		"heapIdle":     ms.HeapIdle,
		"heapInuse":    ms.HeapInuse,
		"heapObjects":  ms.HeapObjects,
		"stackInuse":   ms.StackInuse,
		"nextGC":       ms.NextGC,
	}
}

// Fatalf prints a message to stderr and exits with status 1.
func Fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}
