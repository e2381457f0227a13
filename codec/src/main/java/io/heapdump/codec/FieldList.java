package io.heapdump.codec;

import com.google.common.base.Preconditions;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable field list: which offsets of a piece of memory hold pointers (or, in old versions,
 * strings, slices and interfaces). Stored as one {@code long[]} with kind and offset packed per
 * entry, so that millions of decoded objects do not cost one Java object per field.
 */
public final class FieldList {
  /** The largest offset a field list can hold. */
  public static final long MAX_OFFSET = (1L << 60) - 1;

  private static final int KIND_BITS = 3;
  private static final FieldKind[] KINDS = FieldKind.values();

  /** The empty field list (memory without pointers). */
  public static final FieldList EMPTY = new FieldList(new long[0]);

  private final long[] packed;

  private FieldList(long[] packed) {
    this.packed = packed;
  }

  /** A field list of the given entries, in order. */
  public static FieldList of(List<Field> fields) {
    long[] packed = new long[fields.size()];
    for (int i = 0; i < packed.length; i++) {
      Field f = fields.get(i);
      packed[i] = pack(f.kind(), f.offset());
    }
    return wrap(packed);
  }

  /** A field list of the given entries, in order. */
  public static FieldList of(Field... fields) {
    return of(Arrays.asList(fields));
  }

  /** A list of {@link FieldKind#PTR} fields at the given offsets. */
  public static FieldList pointersAt(long... offsets) {
    long[] packed = new long[offsets.length];
    for (int i = 0; i < offsets.length; i++) {
      Preconditions.checkArgument(
          offsets[i] >= 0 && offsets[i] <= MAX_OFFSET, "field offset out of range: %s", offsets[i]);
      packed[i] = pack(FieldKind.PTR, offsets[i]);
    }
    return wrap(packed);
  }

  /** Takes ownership of already packed entries (the decoder's path). */
  static FieldList wrap(long[] packed) {
    return packed.length == 0 ? EMPTY : new FieldList(packed);
  }

  static long pack(FieldKind kind, long offset) {
    return (offset << KIND_BITS) | kind.ordinal();
  }

  /** Number of entries. */
  public int size() {
    return packed.length;
  }

  /** True when there are no entries. */
  public boolean isEmpty() {
    return packed.length == 0;
  }

  /** The kind of entry {@code i}. */
  public FieldKind kind(int i) {
    return KINDS[(int) (packed[i] & ((1 << KIND_BITS) - 1))];
  }

  /** The byte offset of entry {@code i}. */
  public long offset(int i) {
    return packed[i] >>> KIND_BITS;
  }

  /** Entry {@code i} as a {@link Field}. */
  public Field get(int i) {
    return new Field(kind(i), offset(i));
  }

  /** The entries as an unmodifiable list view. */
  public List<Field> asList() {
    return new AbstractList<>() {
      @Override
      public Field get(int index) {
        return FieldList.this.get(index);
      }

      @Override
      public int size() {
        return packed.length;
      }
    };
  }

  /**
   * Offsets of every pointer word the list names: a Ptr entry names one, and the pointer words of
   * String, Slice, Iface and Eface entries are their first word and, for interfaces, the data word.
   * Interface type words point to type descriptors, not the heap, and are left out.
   *
   * @param pointerSize the dump's pointer size, to place the data word of an interface
   */
  public long[] pointerOffsets(int pointerSize) {
    long[] out = new long[packed.length];
    for (int i = 0; i < packed.length; i++) {
      FieldKind kind = kind(i);
      long offset = offset(i);
      out[i] = kind == FieldKind.IFACE || kind == FieldKind.EFACE ? offset + pointerSize : offset;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldList other && Arrays.equals(packed, other.packed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(packed);
  }

  @Override
  public String toString() {
    return asList().toString();
  }
}
