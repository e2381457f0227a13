package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 12: the data segment (initialised globals) of the main executable.
 *
 * @param address the segment's start address
 * @param contents the segment's bytes
 * @param fields the segment's pointer words, offsets from its start
 */
public record DataSegment(long address, Memory contents, FieldList fields) implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 12;

  static final RecordLayout<DataSegment> LAYOUT = RecordLayout.all(
      TAG, DataSegment.class, new DataSegment(0, Memory.EMPTY, FieldList.EMPTY),
      (w, r) -> new DataSegment(w.uvarint(r.address), w.memory(r.contents), w.fields(r.fields)));

  public DataSegment {
    Preconditions.checkNotNull(contents, "contents");
    Preconditions.checkNotNull(fields, "fields");
  }

  @Override
  public int tag() {
    return TAG;
  }
}
