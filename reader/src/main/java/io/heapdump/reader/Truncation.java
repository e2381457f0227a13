package io.heapdump.reader;

import io.heapdump.codec.DumpFormatException;

/**
 * Where and why a lenient read stopped early: the dump ended inside a record or without an EOF
 * record ({@link #endOfInput()} true), or its bytes stopped making sense. Every record before
 * {@link #validLength()} was returned.
 *
 * @param offset byte offset where the problem was found
 * @param recordIndex index of the record that could not be read (0 = first after the header),
 *     which is also the number of complete records returned
 * @param tag tag of that record, or {@link DumpFormatException#NO_TAG} when unknown
 * @param reason what was wrong, for a person
 * @param endOfInput true when the dump simply ended too early (a truncated file), false when it
 *     is malformed
 * @param validLength bytes from the start of the dump to the end of the last complete record
 */
public record Truncation(
    long offset, long recordIndex, int tag, String reason, boolean endOfInput, long validLength) {

  static Truncation of(DumpFormatException e, long completeRecords, long validLength) {
    return new Truncation(
        e.offset(), completeRecords, e.tag(), e.reason(), e.truncated(), validLength);
  }

  /** The same problem as the exception a strict read would have thrown. */
  public DumpFormatException toException() {
    return new DumpFormatException(reason, offset, tag, recordIndex, endOfInput);
  }

  @Override
  public String toString() {
    return toException().getMessage() + " (" + recordIndex + " complete records, " + validLength
        + " valid bytes)";
  }
}
