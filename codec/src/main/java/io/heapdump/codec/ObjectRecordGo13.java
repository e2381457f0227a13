package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 1 in Go 1.3 dumps: a heap object with its type and kind, and no field list (the pointer
 * layout is the type's).
 *
 * @param address the object's start address
 * @param typeAddress the address of its type record, 0 if unknown
 * @param kind 0 one value, 1 array, 2 channel, 127 scanned conservatively
 * @param contents the object's bytes
 */
public record ObjectRecordGo13(long address, long typeAddress, long kind, Memory contents)
    implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 1;
  /** {@link #kind()} of an object holding one value of its type. */
  public static final int KIND_REGULAR = 0;
  /** {@link #kind()} of an array of its type. */
  public static final int KIND_ARRAY = 1;
  /** {@link #kind()} of a channel whose element is its type. */
  public static final int KIND_CHANNEL = 2;
  /** {@link #kind()} of an object the GC scanned conservatively. */
  public static final int KIND_CONSERVATIVE = 127;

  static final RecordLayout<ObjectRecordGo13> LAYOUT = RecordLayout.of(
      TAG, ObjectRecordGo13.class, DumpVersion.GO1_3, DumpVersion.GO1_3,
      new ObjectRecordGo13(0, 0, 0, Memory.EMPTY),
      (w, r) -> new ObjectRecordGo13(
          w.uvarint(r.address), w.uvarint(r.typeAddress), w.uvarint(r.kind), w.memory(r.contents)));

  public ObjectRecordGo13 {
    Preconditions.checkNotNull(contents, "contents");
  }

  @Override
  public int tag() {
    return TAG;
  }
}
