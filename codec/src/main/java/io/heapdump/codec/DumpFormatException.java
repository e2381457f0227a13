package io.heapdump.codec;

import java.io.IOException;

/**
 * A dump that cannot be read or written as it is: malformed, truncated, or a record that the
 * chosen version cannot hold. Carries where it happened: the byte offset in the dump, the tag of
 * the record being read and its index (0 for the first record after the header).
 */
public final class DumpFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** {@link #tag()} when no record was being read (the header, or between records). */
  public static final int NO_TAG = -1;

  /** {@link #recordIndex()} when no record was being read. */
  public static final long NO_RECORD = -1;

  private final long offset;
  private final int tag;
  private final long recordIndex;
  private final boolean truncated;

  /**
   * @param message what is wrong, for a person
   * @param offset byte offset in the dump where the problem was found
   * @param tag the tag of the record being read, or {@link #NO_TAG}
   * @param recordIndex the index of that record, or {@link #NO_RECORD}
   * @param truncated whether the dump simply ended too early
   */
  public DumpFormatException(
      String message, long offset, int tag, long recordIndex, boolean truncated) {
    super(message);
    this.offset = offset;
    this.tag = tag;
    this.recordIndex = recordIndex;
    this.truncated = truncated;
  }

  /** Byte offset in the dump where the problem was found. */
  public long offset() {
    return offset;
  }

  /** Tag of the record being read or written, or {@link #NO_TAG}. */
  public int tag() {
    return tag;
  }

  /** Index of the record being read or written (0 = first after the header), or {@link #NO_RECORD}. */
  public long recordIndex() {
    return recordIndex;
  }

  /** True when the dump ended before a record or the EOF record was complete. */
  public boolean truncated() {
    return truncated;
  }

  /** The message alone, without location. */
  public String reason() {
    return super.getMessage();
  }

  @Override
  public String getMessage() {
    StringBuilder sb = new StringBuilder("at byte offset ").append(offset);
    if (recordIndex != NO_RECORD) {
      sb.append(", record #").append(recordIndex);
    }
    if (tag != NO_TAG) {
      sb.append(" (tag ").append(tag).append(' ').append(RecordLayouts.nameOfTag(tag)).append(')');
    }
    return sb.append(": ").append(super.getMessage()).toString();
  }
}
