package io.heapdump.reader;

import io.heapdump.codec.ByteSource;
import io.heapdump.codec.DumpDecoder;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.WordFormat;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Pulls the records of a dump one by one from a file (memory-mapped) or a stream, in bounded
 * memory.
 *
 * <pre>{@code
 * try (DumpReader reader = DumpReader.open(path)) {
 *   for (DumpRecord r = reader.next(); r != null; r = reader.next()) { ... }
 * }
 * }</pre>
 */
public final class DumpReader implements Closeable {
  private final DumpDecoder decoder;
  private final Closeable resource;

  private DumpReader(DumpDecoder decoder, Closeable resource) {
    this.decoder = decoder;
    this.resource = resource;
  }

  /** Opens a dump file, memory-mapped. */
  public static DumpReader open(Path path) throws IOException {
    MappedFileSource source = new MappedFileSource(path, MappedFileSource.DEFAULT_WINDOW);
    return over(source, source);
  }

  /** Reads a dump from a stream; the reader closes the stream. */
  public static DumpReader open(InputStream in) throws IOException {
    StreamSource source = new StreamSource(in);
    return over(source, source);
  }

  private static DumpReader over(ByteSource source, Closeable resource) throws IOException {
    try {
      return new DumpReader(DumpDecoder.of(source), resource);
    } catch (IOException | RuntimeException e) {
      resource.close();
      throw e;
    }
  }

  /** The dump's version. */
  public DumpVersion version() {
    return decoder.version();
  }

  /** The next record, or null after the EOF record. */
  public DumpRecord next() throws IOException {
    return decoder.next();
  }

  /** Byte offset where the record last returned starts. */
  public long recordStart() {
    return decoder.recordStart();
  }

  /** Byte offset just after the record last returned. */
  public long position() {
    return decoder.position();
  }

  /** The params record once read, else null. */
  public DumpParams params() {
    return decoder.params();
  }

  /** Pointer size and byte order, once the params record was read. */
  public WordFormat wordFormat() {
    return decoder.wordFormat();
  }

  /** Skips memory contents of later records (see {@link DumpDecoder#skipContents}). */
  public DumpReader skipContents(boolean skip) {
    decoder.skipContents(skip);
    return this;
  }

  @Override
  public void close() throws IOException {
    resource.close();
  }
}
