package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 1 (Go 1.4 and later): a heap object. Its contents have the size of its allocation's size
 * class; the field list names the pointer words. Objects carry no type since Go 1.4.
 *
 * @param address the object's start address
 * @param contents the object's bytes
 * @param fields the pointer fields, offsets from the object's start
 */
public record ObjectRecord(long address, Memory contents, FieldList fields) implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 1;

  static final RecordLayout<ObjectRecord> LAYOUT = RecordLayout.of(
      TAG, ObjectRecord.class, DumpVersion.GO1_4, DumpVersion.GO1_7,
      new ObjectRecord(0, Memory.EMPTY, FieldList.EMPTY),
      (w, r) -> new ObjectRecord(w.uvarint(r.address), w.memory(r.contents), w.fields(r.fields)));

  public ObjectRecord {
    Preconditions.checkNotNull(contents, "contents");
    Preconditions.checkNotNull(fields, "fields");
  }

  @Override
  public int tag() {
    return TAG;
  }
}
