// Command interfaces builds structs whose fields are non-empty interfaces (iface: itab, data)
// and empty interfaces (eface: type, data) holding several dynamic types.
package main

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"unsafe"

	"heapdump.test/gosrc/internal/dumputil"
)

// Shape is implemented by pointer and value receivers.
type Shape interface{ Area() float64 }

// Circle implements Shape with a pointer receiver.
type Circle struct{ R float64 }

// Area of the circle.
func (c *Circle) Area() float64 { return math.Pi * c.R * c.R }

// Rect implements Shape with a value receiver; stored in an interface it is boxed on the heap.
type Rect struct{ W, H float64 }

// Area of the rectangle.
func (r Rect) Area() float64 { return r.W * r.H }

// Poly implements Shape with a pointer receiver and holds pointers itself.
type Poly struct {
	Pts  []float64
	Next *Poly
}

// Area is a dummy.
func (p *Poly) Area() float64 { return float64(len(p.Pts)) }

// Celsius is a pointer-free value type implementing fmt.Stringer.
type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1fC", float64(c)) }

// MyErr is an error type with a pointer receiver.
type MyErr struct {
	Code int
	Msg  string
}

func (e *MyErr) Error() string { return e.Msg }

// Holder has three iface fields, one eface field and an int.
type Holder struct {
	S   Shape
	E   any
	Err error
	Str fmt.Stringer
	ID  int
}

var (
	holders []*Holder // five holders
	anys    []any     // a slice of efaces with mixed dynamic types
	shapes  []Shape   // a slice of ifaces
	single  Shape     // a global iface
	anyG    any       // a global eface
)

func build() {
	c := &Circle{R: 2}
	holders = []*Holder{
		{S: c, E: 12345, Err: errors.New("plain error"), Str: Celsius(36.6), ID: 1},
		{S: Rect{W: 3, H: 4}, E: "a string value", Err: &MyErr{Code: 7, Msg: "my error"}, ID: 2},
		{S: &Poly{Pts: []float64{1, 2, 3}}, E: []int{4, 5, 6}, Str: Celsius(-4), ID: 3},
		{E: map[string]int{"one": 1}, Err: fmt.Errorf("wrapped: %w", errors.New("inner")), ID: 4},
		{S: c, E: c, ID: 5},
	}
	anys = []any{int64(1 << 40), "str", 2.5, c, Rect{W: 1, H: 1}, Celsius(1), &MyErr{Code: 1}, []byte("bytes"), struct{ A, B int }{1, 2}, nil}
	shapes = []Shape{c, Rect{W: 5, H: 6}, &Poly{}, nil}
	single = &Circle{R: 9}
	anyG = Rect{W: 7, H: 8}
}

// describe returns the dynamic type of an interface value, and facts about its two words.
func describe[T any](p *T, isEface bool) map[string]any {
	w := dumputil.Words(p)
	v := reflect.ValueOf(p).Elem()
	m := map[string]any{
		"word0": dumputil.Hex(w[0]),
		"data":  dumputil.Hex(w[1]),
	}
	if v.IsNil() {
		m["dynamicType"] = "<nil>"
		return m
	}
	dyn := v.Elem().Type()
	m["dynamicType"] = dyn.String()
	m["dynamicTypeName"] = dumputil.TypeName(dyn)
	m["typeAddr"] = dumputil.Hex(dumputil.TypeDescAddr(dyn))
	m["typeSize"] = dyn.Size()
	if isEface {
		m["word0Is"] = "type"
	} else {
		m["word0Is"] = "itab"
		m["itab"] = dumputil.Hex(w[0])
		m["dumpTypeName"] = dumpTypeName(dyn)
	}
	return m
}

// dumpTypeName is the name Go 1.19's heap dump writer gives the type record of an itab's type:
// it writes pkgpath + "." + name whenever the type has "uncommon" data with a package path,
// which unnamed pointer types with methods have too, with an empty name (so "*main.Circle" is
// written as "main."). Other types are written as reflect prints them.
func dumpTypeName(t reflect.Type) string {
	if t.Name() != "" && t.PkgPath() != "" {
		return t.PkgPath() + "." + t.Name()
	}
	if t.Kind() == reflect.Pointer && t.NumMethod() > 0 && t.Elem().PkgPath() != "" {
		return t.Elem().PkgPath() + "."
	}
	return t.String()
}

func main() {
	r := dumputil.Start("interfaces")
	build()

	var h Holder
	hs := make([]map[string]any, len(holders))
	for i, x := range holders {
		o := dumputil.ObjectOf(x).
			Iface(unsafe.Offsetof(x.S)).Iface(unsafe.Offsetof(x.E)).
			Iface(unsafe.Offsetof(x.Err)).Iface(unsafe.Offsetof(x.Str)).
			Int(unsafe.Offsetof(x.ID), unsafe.Sizeof(x.ID))
		dyn := map[string]any{
			"S":   describe(&x.S, false),
			"E":   describe(&x.E, true),
			"Err": describe(&x.Err, false),
			"Str": describe(&x.Str, false),
		}
		hs[i] = map[string]any{
			"addr": o.Addr, "type": o.Type, "typeSize": o.TypeSize, "fields": o.Fields,
			"interfaces": dyn,
		}
	}
	as := make([]map[string]any, len(anys))
	for i := range anys {
		as[i] = describe(&anys[i], true)
	}
	ss := make([]map[string]any, len(shapes))
	for i := range shapes {
		ss[i] = describe(&shapes[i], false)
	}

	r.Set("description", "Holder{S Shape; E interface{}; Err error; Str fmt.Stringer; ID int}: S/Err/Str are "+
		"iface (itab pointer, data pointer), E is eface (type pointer, data pointer). For each interface "+
		"value: word0 (itab for iface, type descriptor for eface), data (pointer to the value; pointer-"+
		"shaped values are stored directly), dynamicType (reflect's name), dynamicTypeName (pkgpath.Name "+
		"for named types, as the dump's type records name them), typeAddr (the type descriptor; for an "+
		"iface the dump's itab record maps itab -> typeAddr). Type records exist only for types that "+
		"some itab names; dumpTypeName (iface values only) is the name go1.19 writes in that type record: "+
		"pkgpath.Name, but for an unnamed pointer type with methods only \"<elem pkgpath>.\" "+
		"(e.g. \"main.\" for *main.Circle, \"errors.\" for *errors.errorString). Constant values "+
		"boxed in an eface (12345, \"a string value\") have their data word pointing to static "+
		"read-only data, not the heap. Dumps from go1.5 on report interface words as plain pointer fields, and only the data word: "+
		"the itab/type word is not a pointer for the GC (for a Holder, fields at offsets 8, 24, 40, 56 "+
		"on 64-bit).")
	r.Set("globalAddrs", map[string]string{
		"holders": dumputil.AddrOf(&holders),
		"anys":    dumputil.AddrOf(&anys),
		"shapes":  dumputil.AddrOf(&shapes),
		"single":  dumputil.AddrOf(&single),
		"anyG":    dumputil.AddrOf(&anyG),
	})
	r.Set("holderTypeSize", unsafe.Sizeof(h))
	r.Set("holderFieldOffsets", map[string]uintptr{
		"S": unsafe.Offsetof(h.S), "E": unsafe.Offsetof(h.E), "Err": unsafe.Offsetof(h.Err),
		"Str": unsafe.Offsetof(h.Str), "ID": unsafe.Offsetof(h.ID),
	})
	r.Set("holders", hs)
	r.Set("anysArrayAddr", dumputil.Hex(uintptr(unsafe.Pointer(&anys[0]))))
	r.Set("anys", as)
	r.Set("shapesArrayAddr", dumputil.Hex(uintptr(unsafe.Pointer(&shapes[0]))))
	r.Set("shapes", ss)
	r.Set("single", describe(&single, false))
	r.Set("anyG", describe(&anyG, true))
	r.Finish()
}
