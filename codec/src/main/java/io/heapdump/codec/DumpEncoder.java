package io.heapdump.codec;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes records in a version's layout, buffered: the header on {@link #start}, then each record
 * as given. Low level: it writes no EOF record by itself and checks only that each record exists
 * in the version (the writer module's {@code DumpWriter} adds the checks a whole dump needs).
 * Not thread-safe.
 */
public final class DumpEncoder implements Closeable, Flushable {
  private final DumpOutput output;
  private long index;

  private DumpEncoder(DumpOutput output) {
    this.output = output;
  }

  /** Writes the header of {@code version} to {@code out} and returns an encoder for records. */
  public static DumpEncoder start(OutputStream out, DumpVersion version) throws IOException {
    DumpOutput output = new DumpOutput(out, version);
    output.rawBytes(version.headerBytes());
    return new DumpEncoder(output);
  }

  /** The version being written. */
  public DumpVersion version() {
    return output.version();
  }

  /**
   * Appends one record.
   *
   * @throws DumpFormatException when the record does not exist in this version (a go1.3 object in a
   *     go1.7 dump), or holds what the version cannot (a String field kind in go1.4)
   */
  public void write(DumpRecord record) throws IOException {
    RecordLayout<?> layout = RecordLayouts.forType(record.getClass());
    long at = output.position();
    if (!layout.versions().contains(output.version())) {
      throw new DumpFormatException(
          record.getClass().getSimpleName() + " does not exist in " + output.version()
              + " dumps", at, record.tag(), index, false);
    }
    output.uvarint(record.tag());
    try {
      layout.wireAny(output, record);
    } catch (IllegalArgumentException e) {
      throw new DumpFormatException(e.getMessage(), at, record.tag(), index, false);
    }
    index++;
  }

  /** Bytes written so far, header included. */
  public long position() {
    return output.position();
  }

  /** Records written so far. */
  public long recordCount() {
    return index;
  }

  @Override
  public void flush() throws IOException {
    output.flush();
  }

  /** Flushes and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    output.close();
  }
}
