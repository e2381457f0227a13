package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 3 (Go 1.4 and later): a type descriptor. Since Go 1.5 written only for types that an itab
 * names, possibly more than once.
 *
 * @param address the type descriptor's address
 * @param size the type's size in bytes
 * @param name the type's name, e.g. {@code *main.Node}
 * @param pointerInInterface whether an interface holding this type keeps a pointer in its data word
 */
public record TypeRecord(long address, long size, String name, boolean pointerInInterface)
    implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 3;

  static final RecordLayout<TypeRecord> LAYOUT = RecordLayout.of(
      TAG, TypeRecord.class, DumpVersion.GO1_4, DumpVersion.GO1_7,
      new TypeRecord(0, 0, "", false),
      (w, r) -> new TypeRecord(
          w.uvarint(r.address), w.uvarint(r.size), w.string(r.name), w.bool(r.pointerInInterface)));

  public TypeRecord {
    Preconditions.checkNotNull(name, "name");
  }

  @Override
  public int tag() {
    return TAG;
  }
}
