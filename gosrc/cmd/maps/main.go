// Command maps builds maps held by globals: a small map[string]*Item, a map[int]*Item with
// 2000 entries, a pointer-free map[int64]int64 and a map of maps.
package main

import (
	"strconv"
	"unsafe"

	"heapdump.test/gosrc/internal/dumputil"
)

// Item is the value type of the pointer maps.
type Item struct {
	ID    int64
	Name  string
	Owner *Item
}

// hmap mirrors the header of a Go 1.19 map (runtime.hmap).
type hmap struct {
	count      int
	flags      uint8
	B          uint8
	noverflow  uint16
	hash0      uint32
	buckets    unsafe.Pointer
	oldbuckets unsafe.Pointer
	nevacuate  uintptr
	extra      unsafe.Pointer
}

const (
	largeLen  = 2000
	noPtrLen  = 200
	nestedLen = 5
)

var (
	small  map[string]*Item
	large  map[int]*Item
	noPtr  map[int64]int64
	nested map[string]map[int]string
)

func build() {
	small = map[string]*Item{}
	for i, name := range []string{"alpha", "beta", "gamma"} {
		small[name] = &Item{ID: int64(100 + i), Name: name}
	}
	small["beta"].Owner = small["alpha"]
	large = make(map[int]*Item, largeLen)
	var prev *Item
	for i := 0; i < largeLen; i++ {
		it := &Item{ID: int64(i), Name: "item" + strconv.Itoa(i), Owner: prev}
		large[i] = it
		prev = it
	}
	noPtr = make(map[int64]int64, noPtrLen)
	for i := int64(0); i < noPtrLen; i++ {
		noPtr[i] = i * i
	}
	nested = make(map[string]map[int]string)
	for i := 0; i < nestedLen; i++ {
		inner := make(map[int]string)
		for j := 0; j < nestedLen; j++ {
			inner[j] = "v" + strconv.Itoa(i*10+j)
		}
		nested["k"+strconv.Itoa(i)] = inner
	}
}

// header returns the runtime map header behind a map value.
func header[K comparable, V any](m map[K]V) *hmap { return *(**hmap)(unsafe.Pointer(&m)) }

func headerObject[K comparable, V any](m map[K]V) *dumputil.Object {
	h := header(m)
	o := dumputil.ObjectOf(h).
		Int(unsafe.Offsetof(h.count), unsafe.Sizeof(h.count)).
		Uint(unsafe.Offsetof(h.B), 1).
		Ptr(unsafe.Offsetof(h.buckets)).
		Ptr(unsafe.Offsetof(h.oldbuckets)).
		WithNote("count=%d B=%d (2^B buckets) buckets=%s", h.count, h.B, dumputil.Addr(h.buckets))
	o.Type = "runtime.hmap"
	return o
}

func itemObject(it *Item) *dumputil.Object {
	return dumputil.ObjectOf(it).
		Int(unsafe.Offsetof(it.ID), 8).
		String(unsafe.Offsetof(it.Name)).
		Ptr(unsafe.Offsetof(it.Owner)).
		WithNote("Name=%q Owner=%s", it.Name, dumputil.AddrOf(it.Owner))
}

func main() {
	r := dumputil.Start("maps")
	build()

	smallItems := map[string]*dumputil.Object{}
	for k, v := range small {
		smallItems[k] = itemObject(v)
	}
	largeSample := map[string]*dumputil.Object{}
	for _, i := range []int{0, 1, 2, 999, largeLen - 1} {
		largeSample[strconv.Itoa(i)] = itemObject(large[i])
	}
	largeItemAddrs := make([]string, largeLen)
	for i := 0; i < largeLen; i++ {
		largeItemAddrs[i] = dumputil.AddrOf(large[i])
	}
	nestedInner := map[string]string{}
	for k, v := range nested {
		nestedInner[k] = dumputil.AddrOf(header(v))
	}
	var it Item
	var h hmap
	r.Set("description", "global maps: small map[string]*Item (alpha, beta, gamma with IDs 100, 101, 102; "+
		"beta.Owner is alpha), large map[int]*Item (2000 entries; Item i has ID i, Name \"item<i>\" and "+
		"Owner = Item i-1; largeItemAddrs[i] is Item i), noPtr map[int64]int64 (200 entries, v=k*k), "+
		"nested map[string]map[int]string (5x5; k<i> -> {j: \"v<10i+j>\"}). The *MapAddr facts and "+
		"*Header objects are the runtime map header (runtime.hmap, the word a map variable holds): "+
		"count at offset 0, B (log2 of the bucket count) at offset ptrSize+1, buckets pointer after hash0.")
	r.Set("globalAddrs", map[string]string{
		"small":  dumputil.AddrOf(&small),
		"large":  dumputil.AddrOf(&large),
		"noPtr":  dumputil.AddrOf(&noPtr),
		"nested": dumputil.AddrOf(&nested),
	})
	r.Set("itemTypeSize", unsafe.Sizeof(it))
	r.Set("hmapTypeSize", unsafe.Sizeof(h))
	r.Set("smallLen", len(small))
	r.Set("smallMapAddr", dumputil.AddrOf(header(small)))
	r.Set("smallHeader", headerObject(small))
	r.Set("smallItems", smallItems)
	r.Set("largeLen", len(large))
	r.Set("largeMapAddr", dumputil.AddrOf(header(large)))
	r.Set("largeHeader", headerObject(large))
	r.Set("largeSample", largeSample)
	r.Set("largeItemAddrs", largeItemAddrs)
	r.Set("noPtrLen", len(noPtr))
	r.Set("noPtrMapAddr", dumputil.AddrOf(header(noPtr)))
	r.Set("noPtrHeader", headerObject(noPtr))
	r.Set("nestedLen", len(nested))
	r.Set("nestedMapAddr", dumputil.AddrOf(header(nested)))
	r.Set("nestedHeader", headerObject(nested))
	r.Set("nestedInnerMapAddrs", nestedInner)
	r.Finish()
}
