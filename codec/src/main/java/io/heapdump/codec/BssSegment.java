package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 13: the bss segment (zero-initialised globals) of the main executable.
 *
 * @param address the segment's start address
 * @param contents the segment's bytes
 * @param fields the segment's pointer words, offsets from its start
 */
public record BssSegment(long address, Memory contents, FieldList fields) implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 13;

  static final RecordLayout<BssSegment> LAYOUT = RecordLayout.all(
      TAG, BssSegment.class, new BssSegment(0, Memory.EMPTY, FieldList.EMPTY),
      (w, r) -> new BssSegment(w.uvarint(r.address), w.memory(r.contents), w.fields(r.fields)));

  public BssSegment {
    Preconditions.checkNotNull(contents, "contents");
    Preconditions.checkNotNull(fields, "fields");
  }

  @Override
  public int tag() {
    return TAG;
  }
}
