package io.heapdump.codec;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a dump record by record: the header first (which fixes the {@link DumpVersion}), then one
 * {@link Record} per {@link #next()} call.
 *
 * <pre>{@code
 * DumpDecoder decoder = DumpDecoder.of(Files.readAllBytes(path));
 * for (Record r = decoder.next(); r != null; r = decoder.next()) {
 *   if (r instanceof ObjectRecord o) { ... o.contents().pointerAt(0, decoder.wordFormat()) ... }
 * }
 * }</pre>
 *
 * <p>Memory in decoded records is a view over the input where the input allows it (an array, a
 * buffer, a mapped file), so keep the input unchanged while records are in use. Not thread-safe.
 */
public final class DumpDecoder {
  private final DumpInput input;
  private long index;
  private long recordStart;
  private boolean sawEof;
  private boolean finished;
  private DumpParams params;

  private DumpDecoder(DumpInput input) {
    this.input = input;
  }

  /** A decoder over a whole dump held in an array (not copied). */
  public static DumpDecoder of(byte[] dump) throws DumpFormatException {
    return of(ByteBuffer.wrap(dump));
  }

  /**
   * A decoder over a whole dump held in a buffer, from its position to its limit (not copied; the
   * buffer's position is not changed).
   */
  public static DumpDecoder of(ByteBuffer dump) throws DumpFormatException {
    ByteBuffer b = dump.slice();
    DumpVersion version = readHeader(b, 0);
    b.position(DumpVersion.HEADER_LENGTH);
    return new DumpDecoder(new DumpInput(version, b, 0, null));
  }

  /** A decoder over a dump supplied piece by piece (a mapped file, a stream). */
  public static DumpDecoder of(ByteSource source) throws IOException {
    ByteBuffer first = source.fetch(0, DumpVersion.HEADER_LENGTH);
    DumpVersion version = readHeader(first, 0);
    ByteBuffer rest = first.duplicate();
    rest.position(DumpVersion.HEADER_LENGTH);
    return new DumpDecoder(new DumpInput(version, rest, 0, source));
  }

  private static DumpVersion readHeader(ByteBuffer b, int at) throws DumpFormatException {
    if (b.limit() - at < DumpVersion.HEADER_LENGTH) {
      byte[] found = new byte[b.limit() - at];
      b.get(at, found);
      if (found.length > 0 && !isHeaderPrefix(found)) {
        DumpVersion.fromHeader(found); // a short non-dump gets the header message
      }
      throw new DumpFormatException(
          "the dump is " + found.length + " bytes long, shorter than its 16-byte header",
          found.length, DumpFormatException.NO_TAG, DumpFormatException.NO_RECORD, true);
    }
    byte[] header = new byte[DumpVersion.HEADER_LENGTH];
    b.get(at, header);
    return DumpVersion.fromHeader(header);
  }

  /** Whether {@code bytes} start some version's header: a dump cut short, not a foreign file. */
  private static boolean isHeaderPrefix(byte[] bytes) {
    for (DumpVersion version : DumpVersion.values()) {
      byte[] header = version.headerBytes();
      if (Arrays.equals(header, 0, bytes.length, bytes, 0, bytes.length)) {
        return true;
      }
    }
    return false;
  }

  /** The dump's version, from its header. */
  public DumpVersion version() {
    return input.version();
  }

  /**
   * When true, {@link Memory} in later records only knows its length (contents are skipped, not
   * read), for passes that need addresses, sizes and field lists only.
   */
  public DumpDecoder skipContents(boolean skip) {
    input.skipContents(skip);
    return this;
  }

  /**
   * The next record, or null after the EOF record.
   *
   * @throws DumpFormatException when the dump is malformed, truncated (it ends inside a record, or
   *     without an EOF record: {@link DumpFormatException#truncated()} is then true), or has bytes
   *     after its EOF record
   */
  public DumpRecord next() throws IOException {
    if (finished) {
      return null;
    }
    recordStart = input.position();
    if (sawEof) {
      finished = true;
      if (!input.atEnd()) {
        throw new DumpFormatException(
            "bytes follow the EOF record", recordStart, DumpFormatException.NO_TAG, index, false);
      }
      return null;
    }
    if (input.atEnd()) {
      throw new DumpFormatException(
          "the dump ends after " + index + " records without an EOF record", recordStart,
          DumpFormatException.NO_TAG, index, true);
    }
    input.beginRecord(DumpFormatException.NO_TAG, index);
    long tag = input.uvarint(0);
    RecordLayout<?> layout = RecordLayouts.forTag(version(), tag);
    if (layout == null) {
      throw input.error(
          "unknown record tag " + Long.toUnsignedString(tag) + " for a " + version()
              + " dump; records have no length, so the rest of the dump cannot be read",
          recordStart);
    }
    input.beginRecord(layout.tag(), index);
    DumpRecord record = layout.decode(input);
    // Tag first: a failing instanceof against an interface scans the class's supertypes, which
    // cost a third of the time of a whole scan when it ran for every object.
    if (layout.tag() == DumpParams.TAG && record instanceof DumpParams p) {
      if (p.pointerSize() != 4 && p.pointerSize() != 8) {
        throw input.error(
            "pointer size " + Long.toUnsignedString(p.pointerSize()) + " is not 4 or 8",
            recordStart);
      }
      params = p;
    }
    sawEof = layout.tag() == Eof.TAG;
    input.endRecord();
    index++;
    return record;
  }

  /** Byte offset where the record last returned by {@link #next()} (or being read) starts. */
  public long recordStart() {
    return recordStart;
  }

  /** Byte offset of the next byte to read (the end of the record last returned). */
  public long position() {
    return input.position();
  }

  /** How many records {@link #next()} has returned. */
  public long recordCount() {
    return index;
  }

  /** The params record, once read; null before. */
  public DumpParams params() {
    return params;
  }

  /**
   * The pointer size and byte order from the params record.
   *
   * @throws IllegalStateException before the params record was read
   */
  public WordFormat wordFormat() {
    Preconditions.checkState(params != null, "no params record read yet");
    return params.wordFormat();
  }

  /**
   * How many uvarints so far were not in minimal form (such as {@code 80 00} for 0). Go reads them
   * but never writes them; a dump with any does not re-encode to the same bytes.
   */
  public long nonMinimalVarints() {
    return input.nonMinimalVarints();
  }

  /** Offset of the first non-minimal uvarint, or -1 if none. */
  public long firstNonMinimalVarintOffset() {
    return input.firstNonMinimalOffset();
  }
}
