package dumputil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"unsafe"
)

// PtrSize is the size of a pointer in bytes.
const PtrSize = unsafe.Sizeof(uintptr(0))

// WriteJSON writes v as indented JSON to path atomically (temporary file, then rename).
func WriteJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	dir, base := filepath.Split(path)
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
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Hex formats an address the way the facts files do: "0x" and lower-case hex.
func Hex(a uintptr) string { return "0x" + strconv.FormatUint(uint64(a), 16) }

// Addr formats a pointer as Hex.
func Addr(p unsafe.Pointer) string { return Hex(uintptr(p)) }

// AddrOf formats the address of *p.
func AddrOf[T any](p *T) string { return Hex(uintptr(unsafe.Pointer(p))) }

// Words returns the two words of an interface value (iface: itab, data; eface: type, data).
// p must point to a variable or field of interface type.
func Words[T any](p *T) [2]uintptr {
	if reflect.TypeOf(p).Elem().Kind() != reflect.Interface {
		panic("dumputil.Words: not an interface: " + reflect.TypeOf(p).Elem().String())
	}
	return *(*[2]uintptr)(unsafe.Pointer(p))
}

// TypeAddr returns the address of the runtime type descriptor of v's dynamic type.
func TypeAddr(v any) uintptr { return Words(&v)[0] }

// TypeDescAddr returns the address of the type descriptor that t describes (a reflect.Type's
// data word is the runtime's *_type).
func TypeDescAddr(t reflect.Type) uintptr { return Words(&t)[1] }

// Object describes a known heap (or static) object: its address, Go type, size of that type,
// and the values of chosen fields by byte offset ("0x.." for pointers, decimal for integers).
type Object struct {
	Addr     string            `json:"addr"`
	Type     string            `json:"type"`
	TypeSize uintptr           `json:"typeSize"`
	Fields   map[string]string `json:"fields"`
	Note     string            `json:"note,omitempty"`

	p unsafe.Pointer
}

// ObjectOf describes *p; add fields with Ptr, Int and Uint.
func ObjectOf[T any](p *T) *Object {
	var zero T
	return &Object{
		Addr:     AddrOf(p),
		Type:     TypeName(reflect.TypeOf(p).Elem()),
		TypeSize: unsafe.Sizeof(zero),
		Fields:   map[string]string{},
		p:        unsafe.Pointer(p),
	}
}

// TypeName names a type the way the dump's type records do for named types: the full package
// path, a dot and the name ("container/list.Element"); other types as reflect prints them.
func TypeName(t reflect.Type) string {
	if t.Name() != "" && t.PkgPath() != "" {
		return t.PkgPath() + "." + t.Name()
	}
	return t.String()
}

func (o *Object) at(off uintptr) unsafe.Pointer { return unsafe.Add(o.p, off) }

// Ptr records the pointer word at byte offset off.
func (o *Object) Ptr(off uintptr) *Object {
	o.Fields[strconv.FormatUint(uint64(off), 10)] = Hex(*(*uintptr)(o.at(off)))
	return o
}

// Int records the signed integer of size bytes (1, 2, 4 or 8) at byte offset off.
func (o *Object) Int(off, size uintptr) *Object {
	var v int64
	switch size {
	case 1:
		v = int64(*(*int8)(o.at(off)))
	case 2:
		v = int64(*(*int16)(o.at(off)))
	case 4:
		v = int64(*(*int32)(o.at(off)))
	case 8:
		v = *(*int64)(o.at(off))
	default:
		panic(fmt.Sprintf("dumputil: bad integer size %d", size))
	}
	o.Fields[strconv.FormatUint(uint64(off), 10)] = strconv.FormatInt(v, 10)
	return o
}

// Uint records the unsigned integer of size bytes (1, 2, 4 or 8) at byte offset off.
func (o *Object) Uint(off, size uintptr) *Object {
	var v uint64
	switch size {
	case 1:
		v = uint64(*(*uint8)(o.at(off)))
	case 2:
		v = uint64(*(*uint16)(o.at(off)))
	case 4:
		v = uint64(*(*uint32)(o.at(off)))
	case 8:
		v = *(*uint64)(o.at(off))
	default:
		panic(fmt.Sprintf("dumputil: bad integer size %d", size))
	}
	o.Fields[strconv.FormatUint(uint64(off), 10)] = strconv.FormatUint(v, 10)
	return o
}

// String records a string header at byte offset off: the data pointer and the length.
func (o *Object) String(off uintptr) *Object {
	return o.Ptr(off).Int(off+PtrSize, PtrSize)
}

// Iface records the two words of an interface at byte offset off.
func (o *Object) Iface(off uintptr) *Object { return o.Ptr(off).Ptr(off + PtrSize) }

// WithNote sets the note.
func (o *Object) WithNote(format string, args ...any) *Object {
	o.Note = fmt.Sprintf(format, args...)
	return o
}
