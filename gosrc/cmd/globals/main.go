// Command globals holds pointers, slices, maps, strings, interfaces, channels and closures in
// global variables: statically initialized ones in the data segment, zero-initialized ones set
// at run time in the bss segment, and pointer-free ones in noptrdata/noptrbss (not dumped).
package main

import (
	"debug/elf"
	"fmt"
	"os"
	"unsafe"

	"heapdump.test/gosrc/internal/dumputil"
)

// GT is the element type the global pointers point to.
type GT struct {
	P *GT
	A int64
}

// Tagged has a pointer followed by a recognizable magic number.
type Tagged struct {
	P     *GT
	Magic uint64
}

// Statically initialized, with pointers: the linker puts these in .data.
var (
	staticGT       = GT{A: 1}
	staticGT2      = GT{A: 2}
	DataPtr        = &staticGT
	DataSlice      = []*GT{&staticGT, &staticGT2, nil}
	DataStr        = "a string in the data segment"
	DataIface  any = &staticGT2
	DataTagged     = Tagged{P: &staticGT2, Magic: 0x1122334455667788}
)

// Zero-initialized, with pointers, set at run time: .bss.
var (
	BssPtr    *GT
	BssSlice  []*GT
	BssMap    map[string]*GT
	BssIface  any
	BssErr    error
	BssArr    [64]*GT
	BssTagged Tagged
	BssChan   chan *GT
	BssFunc   func() int64
	BssStr    string
)

// Pointer-free: .noptrdata and .noptrbss, outside every dump record.
var (
	NoptrInt      int64 = 0x0102030405060708
	NoptrArr            = [4]int32{1, 2, 3, 4}
	NoptrBssInt   int64
	NoptrBssBytes [4096]byte
)

func build() {
	BssPtr = &GT{A: 100}
	BssPtr.P = BssPtr
	BssSlice = make([]*GT, 8)
	for i := range BssSlice {
		BssSlice[i] = &GT{A: int64(200 + i)}
	}
	BssMap = map[string]*GT{"x": {A: 300}, "y": {A: 301}}
	BssIface = BssPtr
	BssErr = fmt.Errorf("error number %d", 400)
	for i := range BssArr {
		BssArr[i] = &GT{A: int64(1000 + i)}
	}
	BssTagged = Tagged{P: BssArr[0], Magic: 0x8877665544332211}
	BssChan = make(chan *GT, 4)
	BssChan <- BssArr[1]
	counter := int64(500)
	BssFunc = func() int64 { counter++; return counter }
	BssStr = fmt.Sprint("a heap string ", 600)
	NoptrBssInt = 0x0badc0de
	NoptrBssBytes[0] = 1
}

// sections returns the address ranges of the executable's data sections.
func sections() (map[string][2]uint64, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	f, err := elf.Open(exe)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string][2]uint64{}
	for _, s := range f.Sections {
		switch s.Name {
		case ".data", ".bss", ".noptrdata", ".noptrbss", ".rodata":
			out[s.Name[1:]] = [2]uint64{s.Addr, s.Addr + s.Size}
		}
	}
	return out, nil
}

type global struct {
	Addr            string            `json:"addr"`
	Size            uintptr           `json:"size"`
	Section         string            `json:"section"`
	ExpectedSection string            `json:"expectedSection"`
	PointerOffsets  []uintptr         `json:"pointerOffsets"`
	Words           []string          `json:"words,omitempty"`
	Note            string            `json:"note"`
	Target          *dumputil.Object  `json:"target,omitempty"`
	Extra           map[string]string `json:"extra,omitempty"`
}

func main() {
	r := dumputil.Start("globals")
	build()
	secs, err := sections()
	if err != nil {
		dumputil.Fatalf("reading ELF sections: %v", err)
	}
	sectionOf := func(a uintptr) string {
		for name, s := range secs {
			if uint64(a) >= s[0] && uint64(a) < s[1] {
				return name
			}
		}
		return "?"
	}
	ps := dumputil.PtrSize
	words := func(p unsafe.Pointer, n int) []string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = dumputil.Hex(*(*uintptr)(unsafe.Add(p, uintptr(i)*ps)))
		}
		return ws
	}
	gs := map[string]*global{}
	add := func(name string, p unsafe.Pointer, size uintptr, expected string, ptrOffs []uintptr, nwords int, note string) *global {
		g := &global{
			Addr: dumputil.Addr(p), Size: size, Section: sectionOf(uintptr(p)), ExpectedSection: expected,
			PointerOffsets: ptrOffs, Note: note,
		}
		if g.PointerOffsets == nil {
			g.PointerOffsets = []uintptr{}
		}
		if nwords > 0 {
			g.Words = words(p, nwords)
		}
		gs[name] = g
		return g
	}
	gtObj := func(x *GT) *dumputil.Object {
		return dumputil.ObjectOf(x).Ptr(unsafe.Offsetof(x.P)).Int(unsafe.Offsetof(x.A), 8)
	}
	mapHeader := func(m map[string]*GT) uintptr { return *(*uintptr)(unsafe.Pointer(&m)) }

	add("DataPtr", unsafe.Pointer(&DataPtr), ps, "data", []uintptr{0}, 1,
		"points to main.staticGT, a statically allocated GT{A: 1} in the data segment (not a heap object)").
		Target = gtObj(DataPtr)
	add("DataSlice", unsafe.Pointer(&DataSlice), 3*ps, "data", []uintptr{0}, 3,
		"[]*GT{&staticGT, &staticGT2, nil}: words are data pointer, len 3, cap 3; the backing array is static (data)")
	add("DataStr", unsafe.Pointer(&DataStr), 2*ps, "data", []uintptr{0}, 2,
		"string header; the bytes are in rodata")
	add("DataIface", unsafe.Pointer(&DataIface), 2*ps, "data", []uintptr{ps}, 2,
		"eface holding *main.GT = &staticGT2 (type word, data word)")
	add("DataTagged", unsafe.Pointer(&DataTagged), unsafe.Sizeof(DataTagged), "data", []uintptr{0}, 2,
		"Tagged{P: &staticGT2, Magic: 0x1122334455667788}")
	add("staticGT", unsafe.Pointer(&staticGT), unsafe.Sizeof(staticGT), "data", []uintptr{0}, 2,
		"GT{A: 1}, target of DataPtr")
	add("BssPtr", unsafe.Pointer(&BssPtr), ps, "bss", []uintptr{0}, 1,
		"points to a heap GT{A: 100} whose P points to itself").Target = gtObj(BssPtr)
	g := add("BssSlice", unsafe.Pointer(&BssSlice), 3*ps, "bss", []uintptr{0}, 3,
		"heap backing array of 8 *GT; element i points to a heap GT{A: 200+i}")
	g.Extra = map[string]string{"backingArray": dumputil.AddrOf(&BssSlice[0]), "elem0": dumputil.AddrOf(BssSlice[0])}
	g = add("BssMap", unsafe.Pointer(&BssMap), ps, "bss", []uintptr{0}, 1,
		"map header (runtime.hmap) of map[string]*GT{\"x\": GT{A: 300}, \"y\": GT{A: 301}}")
	g.Extra = map[string]string{"hmap": dumputil.Hex(mapHeader(BssMap)), "x": dumputil.AddrOf(BssMap["x"]), "y": dumputil.AddrOf(BssMap["y"])}
	add("BssIface", unsafe.Pointer(&BssIface), 2*ps, "bss", []uintptr{ps}, 2,
		"eface holding the same *main.GT as BssPtr").Target = gtObj(BssIface.(*GT))
	add("BssErr", unsafe.Pointer(&BssErr), 2*ps, "bss", []uintptr{ps}, 2,
		"iface error holding a *fmt.wrapError or *errors.errorString (itab word, data word to a heap object)")
	g = add("BssArr", unsafe.Pointer(&BssArr), unsafe.Sizeof(BssArr), "bss", nil, 0,
		"64 pointers to heap GTs with A=1000+i (every word is a pointer)")
	for i := range BssArr {
		g.PointerOffsets = append(g.PointerOffsets, uintptr(i)*ps)
	}
	g.Target = gtObj(BssArr[0])
	add("BssTagged", unsafe.Pointer(&BssTagged), unsafe.Sizeof(BssTagged), "bss", []uintptr{0}, 2,
		"Tagged{P: BssArr[0], Magic: 0x8877665544332211}")
	add("BssChan", unsafe.Pointer(&BssChan), ps, "bss", []uintptr{0}, 1,
		"runtime hchan of a chan *GT with capacity 4 holding BssArr[1]")
	add("BssFunc", unsafe.Pointer(&BssFunc), ps, "bss", []uintptr{0}, 1,
		"heap closure (funcval: code pointer, then the captured variable's pointer)")
	add("BssStr", unsafe.Pointer(&BssStr), 2*ps, "bss", []uintptr{0}, 2,
		"string header; the bytes (\"a heap string 600\") are a heap object")
	add("NoptrInt", unsafe.Pointer(&NoptrInt), 8, "noptrdata", nil, 0, "0x0102030405060708")
	add("NoptrArr", unsafe.Pointer(&NoptrArr), unsafe.Sizeof(NoptrArr), "noptrdata", nil, 0, "[4]int32{1,2,3,4}")
	add("NoptrBssInt", unsafe.Pointer(&NoptrBssInt), 8, "noptrbss", nil, 0, "0x0badc0de")
	add("NoptrBssBytes", unsafe.Pointer(&NoptrBssBytes), unsafe.Sizeof(NoptrBssBytes), "noptrbss", nil, 0,
		"4096 bytes, the first is 1")

	for name, g := range gs {
		if g.Section != g.ExpectedSection {
			dumputil.Fatalf("globals: %s is in %s, expected %s", name, g.Section, g.ExpectedSection)
		}
	}
	secFacts := map[string]map[string]string{}
	for name, s := range secs {
		secFacts[name] = map[string]string{"start": dumputil.Hex(uintptr(s[0])), "end": dumputil.Hex(uintptr(s[1]))}
	}
	globalAddrs := map[string]string{}
	for name, g := range gs {
		if g.Section == "data" || g.Section == "bss" {
			globalAddrs[name] = g.Addr
		}
	}
	r.Set("description", "globals maps each global's name to its address, size, section (from the "+
		"executable's ELF section headers; equal to expectedSection), pointerOffsets (byte offsets "+
		"inside the global that hold pointers: data/bss globals lie inside the dump's data/bss record "+
		"and these words are in that record's field list, at offset addr-start+off), words (the "+
		"global's pointer-size words at dump time, hex) and target (the object the first word points "+
		"to, with fields). An interface's first word (type or itab) is not a pointer field for the GC, "+
		"so only its data word is in pointerOffsets. noptrdata/noptrbss globals are outside every dump record. sections gives the "+
		"ELF section ranges [start, end). globalAddrs lists the data and bss ones.")
	r.Set("globals", gs)
	r.Set("globalAddrs", globalAddrs)
	r.Set("sections", secFacts)
	r.Set("gtTypeSize", unsafe.Sizeof(GT{}))
	r.Finish()
}
