package io.heapdump.codec;

import java.io.IOException;
import java.util.List;

/**
 * One direction of the wire: {@link DumpInput} reads each primitive and ignores the value passed
 * in; {@link DumpOutput} writes the value passed in and returns it. A record's layout is a single
 * expression that calls these in wire order, so the same code decodes and encodes it.
 */
interface Wire {
  /** The version whose layout is being read or written. */
  DumpVersion version();

  long uvarint(long value) throws IOException;

  boolean bool(boolean value) throws IOException;

  String string(String value) throws IOException;

  Memory memory(Memory value) throws IOException;

  FieldList fields(FieldList value) throws IOException;

  /** A fixed number of uvarints, with no count on the wire. */
  long[] uvarints(long[] values, int count) throws IOException;

  /**
   * A uvarint count, then that many elements of the given layout ({@code template} stands for
   * each element when decoding).
   */
  <T> List<T> list(List<T> values, T template, Layout<T> element) throws IOException;

  /** The wire form of one value: a function that, given a wire, reads or writes a {@code T}. */
  @FunctionalInterface
  interface Layout<T> {
    /**
     * Reads or writes {@code value}'s components in wire order and returns the resulting value.
     * When decoding, {@code value} is a template whose components are ignored.
     */
    T wire(Wire wire, T value) throws IOException;
  }
}
