// Command memprof profiles every allocation (runtime.MemProfileRate = 1) and allocates from a
// few call sites with known counts, so that the dump's memory profile records (bucket and
// allocation sample records) can be checked.
package main

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"unsafe"

	"heapdump.test/gosrc/internal/dumputil"
)

// Small is the 24-byte (12 on 386) object of allocSmall.
type Small struct {
	A, B int64
	P    *Small
}

const (
	smallN       = 500 // all kept
	mediumN      = 100 // every other one kept
	mediumSize   = 1000
	largeN       = 3 // all kept
	largeSize    = 40 << 10
	tempN        = 200 // none kept
	tempSize     = 48
	gcAfterAlloc = 2 // a profile cycle becomes visible after two GCs
)

var (
	keepSmall  [smallN]*Small
	keepMedium [mediumN / 2][]byte
	keepLarge  [largeN][]byte
	sink       []byte
)

//go:noinline
func allocSmall() {
	for i := range keepSmall {
		s := new(Small)
		s.A = int64(i)
		if i > 0 {
			s.P = keepSmall[i-1]
		}
		keepSmall[i] = s
	}
}

//go:noinline
func allocMedium() {
	for i := 0; i < mediumN; i++ {
		b := make([]byte, mediumSize)
		b[0] = byte(i)
		if i%2 == 0 {
			keepMedium[i/2] = b
		}
	}
}

//go:noinline
func allocLarge() {
	for i := range keepLarge {
		keepLarge[i] = make([]byte, largeSize)
	}
}

//go:noinline
func allocTemp() {
	for i := 0; i < tempN; i++ {
		sink = make([]byte, tempSize)
	}
	sink = nil
}

// site is one memory profile bucket whose stack contains a main.alloc* function.
type site struct {
	Func         string   `json:"func"`
	Funcs        []string `json:"funcs"`
	Frames       []string `json:"frames"`
	Size         int64    `json:"size"`
	AllocObjects int64    `json:"allocObjects"`
	FreeObjects  int64    `json:"freeObjects"`
	AllocBytes   int64    `json:"allocBytes"`
	FreeBytes    int64    `json:"freeBytes"`
	LiveObjects  int64    `json:"liveObjects"`
}

// physicalFunc names the function whose code contains pc, as the dump writer does
// (findfunc: inlined calls are attributed to the function they were inlined into).
func physicalFunc(pc uintptr) string {
	f := runtime.FuncForPC(pc)
	if f == nil {
		return fmt.Sprintf("(0x%x)", pc)
	}
	if outer := runtime.FuncForPC(f.Entry()); outer != nil {
		return outer.Name()
	}
	return f.Name()
}

func main() {
	runtime.MemProfileRate = 1
	r := dumputil.Start("memprof")

	allocSmall()
	allocMedium()
	allocLarge()
	allocTemp()
	for i := 0; i < gcAfterAlloc; i++ {
		runtime.GC()
	}

	n, _ := runtime.MemProfile(nil, true)
	recs := make([]runtime.MemProfileRecord, n+50)
	n, ok := runtime.MemProfile(recs, true)
	if !ok {
		dumputil.Fatalf("MemProfile: buffer too small")
	}
	recs = recs[:n]
	var sites []site
	for _, rec := range recs {
		stk := rec.Stack()
		s := site{
			AllocObjects: rec.AllocObjects, FreeObjects: rec.FreeObjects,
			AllocBytes: rec.AllocBytes, FreeBytes: rec.FreeBytes, LiveObjects: rec.InUseObjects(),
		}
		if rec.AllocObjects > 0 {
			s.Size = rec.AllocBytes / rec.AllocObjects
		}
		for _, pc := range stk {
			name := physicalFunc(pc)
			s.Funcs = append(s.Funcs, name)
			if s.Func == "" && strings.HasPrefix(name, "main.alloc") {
				s.Func = name
			}
		}
		if s.Func == "" {
			continue
		}
		frames := runtime.CallersFrames(stk)
		for {
			fr, more := frames.Next()
			s.Frames = append(s.Frames, fr.Function)
			if !more {
				break
			}
		}
		sites = append(sites, s)
	}
	sort.Slice(sites, func(i, j int) bool {
		if sites[i].Func != sites[j].Func {
			return sites[i].Func < sites[j].Func
		}
		return sites[i].Size < sites[j].Size
	})

	var small Small
	liveAddrs := map[string][]string{}
	for _, s := range keepSmall {
		liveAddrs["main.allocSmall"] = append(liveAddrs["main.allocSmall"], dumputil.AddrOf(s))
	}
	for _, b := range keepMedium {
		liveAddrs["main.allocMedium"] = append(liveAddrs["main.allocMedium"], dumputil.AddrOf(&b[0]))
	}
	for _, b := range keepLarge {
		liveAddrs["main.allocLarge"] = append(liveAddrs["main.allocLarge"], dumputil.AddrOf(&b[0]))
	}
	expected := map[string]map[string]int64{
		"main.allocSmall":  {"allocObjects": smallN, "freeObjects": 0, "liveObjects": smallN, "requestedSize": int64(unsafe.Sizeof(small))},
		"main.allocMedium": {"allocObjects": mediumN, "freeObjects": mediumN / 2, "liveObjects": mediumN / 2, "requestedSize": mediumSize},
		"main.allocLarge":  {"allocObjects": largeN, "freeObjects": 0, "liveObjects": largeN, "requestedSize": largeSize},
		"main.allocTemp":   {"allocObjects": tempN, "freeObjects": tempN, "liveObjects": 0, "requestedSize": tempSize},
	}
	// Check the design against what the runtime reports.
	got := map[string]site{}
	for _, s := range sites {
		g := got[s.Func]
		g.AllocObjects += s.AllocObjects
		g.FreeObjects += s.FreeObjects
		got[s.Func] = g
	}
	for fn, e := range expected {
		if got[fn].AllocObjects != e["allocObjects"] || got[fn].FreeObjects != e["freeObjects"] {
			dumputil.Fatalf("memprof: %s: profile says %d allocs %d frees, want %d and %d",
				fn, got[fn].AllocObjects, got[fn].FreeObjects, e["allocObjects"], e["freeObjects"])
		}
	}

	r.Set("description", "runtime.MemProfileRate = 1 from the start of main: every allocation is sampled. "+
		"main.allocSmall, allocMedium, allocLarge and allocTemp allocate known numbers of objects "+
		"(expectedSites: allocObjects, freeObjects, liveObjects, requestedSize; the bucket size is the "+
		"size class, e.g. 1024 for 1000 bytes); two runtime.GC() calls then publish the profile. sites are "+
		"the buckets runtime.MemProfile(inuseZero=true) returned whose stack contains main.alloc*: "+
		"each should equal a memory profile record (tag 16) of the dump (size, allocs, frees; funcs are "+
		"the frame function names as the dump writes them, innermost first; frames the same stack with "+
		"inlining expanded). liveAddrs lists every live object of each site; each has an allocation "+
		"sample record (tag 17) naming a bucket of that site. memProfileBucketsTotal counts the buckets "+
		"MemProfile returned; the dump has at least that many (allocations made after the call add "+
		"buckets with zero counts).")
	r.Set("memProfileBucketsTotal", n)
	r.Set("sites", sites)
	r.Set("expectedSites", expected)
	r.Set("liveAddrs", liveAddrs)
	r.Set("largeAddrs", liveAddrs["main.allocLarge"])
	r.Set("smallTypeSize", unsafe.Sizeof(small))
	r.Set("globalAddrs", map[string]string{
		"keepSmall":  dumputil.AddrOf(&keepSmall),
		"keepMedium": dumputil.AddrOf(&keepMedium),
		"keepLarge":  dumputil.AddrOf(&keepLarge),
	})
	r.Finish()
}
