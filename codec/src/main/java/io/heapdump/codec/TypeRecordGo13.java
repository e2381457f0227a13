package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 3 in Go 1.3 dumps: a type descriptor with the field list of one value of the type.
 *
 * @param address the type descriptor's address
 * @param size the type's size in bytes
 * @param name the type's name
 * @param pointerInInterface whether an interface holding this type keeps a pointer in its data word
 * @param fields the type's pointer-holding fields
 */
public record TypeRecordGo13(
    long address, long size, String name, boolean pointerInInterface, FieldList fields)
    implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 3;

  static final RecordLayout<TypeRecordGo13> LAYOUT = RecordLayout.of(
      TAG, TypeRecordGo13.class, DumpVersion.GO1_3, DumpVersion.GO1_3,
      new TypeRecordGo13(0, 0, "", false, FieldList.EMPTY),
      (w, r) -> new TypeRecordGo13(
          w.uvarint(r.address), w.uvarint(r.size), w.string(r.name), w.bool(r.pointerInInterface),
          w.fields(r.fields)));

  public TypeRecordGo13 {
    Preconditions.checkNotNull(name, "name");
    Preconditions.checkNotNull(fields, "fields");
  }

  @Override
  public int tag() {
    return TAG;
  }
}
