package io.heapdump.reader;

import com.google.common.io.CountingInputStream;
import io.heapdump.codec.ByteSource;
import io.heapdump.codec.DumpDecoder;
import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.WordFormat;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the records of a dump one by one (pull, {@link #next()}) or hands them to a
 * {@link DumpVisitor} (push, {@link #accept}), from a file (memory-mapped in windows, any size) or
 * a stream, plain or gzip-compressed (recognised by its magic bytes). Memory use does not grow
 * with the dump: only records the caller keeps stay reachable.
 *
 * <pre>{@code
 * try (DumpReader reader = DumpReader.open(path)) {
 *   for (DumpRecord r = reader.next(); r != null; r = reader.next()) { ... }
 * }
 * }</pre>
 *
 * <p>Strict by default: a truncated or malformed dump fails with the codec's
 * {@link DumpFormatException} (offset, tag, record index). With {@link ReadOptions#lenient()} the
 * reader instead ends after the last complete record and {@link #truncation()} says where and why.
 * A dump too short to hold its 16-byte header fails to open in either mode. Not thread-safe.
 */
public final class DumpReader implements Closeable {
  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;
  private static final int STREAM_BUFFER = 1 << 16;
  private static final long MIN_PROGRESS_STEP = 1 << 22;

  private final DumpDecoder decoder;
  private final Closeable resource;
  private final ReadOptions options;
  private final MappedFileSource file; // null unless reading an uncompressed file
  private final StreamSource stream; // null unless reading a stream
  private final LongSupplier inputPosition;
  private final long inputSize;
  private final long progressStep;
  private long nextProgress;
  private Truncation truncation;
  private boolean finished;

  private DumpReader(
      DumpDecoder decoder, Closeable resource, ReadOptions options, MappedFileSource file,
      StreamSource stream, LongSupplier inputPosition, long inputSize) {
    this.decoder = decoder;
    this.resource = resource;
    this.options = options;
    this.file = file;
    this.stream = stream;
    this.inputPosition = inputPosition;
    this.inputSize = inputSize;
    this.progressStep = Math.min(MIN_PROGRESS_STEP, Math.max(1 << 16, inputSize / 1000));
    this.nextProgress = progressStep;
    decoder.skipContents(options.skipContents());
  }

  /** Opens a dump file (plain: memory-mapped; gzip: decompressed as it is read), strict. */
  public static DumpReader open(Path path) throws IOException {
    return open(path, ReadOptions.defaults());
  }

  /** Opens a dump file (plain: memory-mapped; gzip: decompressed as it is read). */
  public static DumpReader open(Path path, ReadOptions options) throws IOException {
    if (!isGzip(path)) {
      return overFile(new MappedFileSource(path), options);
    }
    CountingInputStream compressed =
        new CountingInputStream(new BufferedInputStream(Files.newInputStream(path), STREAM_BUFFER));
    return overStream(gunzip(compressed), compressed::getCount, Files.size(path), options);
  }

  /** Opens a dump file with a chosen mapping window (tests cross window boundaries with it). */
  static DumpReader open(Path path, ReadOptions options, int window) throws IOException {
    return overFile(new MappedFileSource(path, window), options);
  }

  /** Reads a dump from a stream (plain or gzip), strict; the reader closes the stream. */
  public static DumpReader open(InputStream in) throws IOException {
    return open(in, ReadOptions.defaults());
  }

  /** Reads a dump from a stream (plain or gzip); the reader closes the stream. */
  public static DumpReader open(InputStream in, ReadOptions options) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, STREAM_BUFFER);
    buffered.mark(2);
    int b1 = buffered.read();
    int b2 = buffered.read();
    buffered.reset();
    if (b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2) {
      CountingInputStream compressed = new CountingInputStream(buffered);
      return overStream(gunzip(compressed), compressed::getCount, -1, options);
    }
    return overStream(buffered, null, -1, options);
  }

  /**
   * The dump's bytes as a stream, decompressed when the file is gzip-compressed: the bytes whose
   * offsets {@link #recordStart()} and {@link DumpFormatException#offset()} count.
   */
  public static InputStream uncompressedBytes(Path path) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(path), STREAM_BUFFER);
    return isGzip(path) ? gunzip(in) : in;
  }

  private static boolean isGzip(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
    }
  }

  private static InputStream gunzip(InputStream compressed) throws IOException {
    try {
      return new GZIPInputStream(compressed, STREAM_BUFFER);
    } catch (ZipException | EOFException e) {
      compressed.close();
      throw new DumpFormatException(
          "the gzip header is damaged: " + e.getMessage(), 0, DumpFormatException.NO_TAG,
          DumpFormatException.NO_RECORD, e instanceof EOFException);
    }
  }

  private static DumpReader overFile(MappedFileSource source, ReadOptions options)
      throws IOException {
    DumpDecoder decoder = decoderOver(source, source);
    return new DumpReader(
        decoder, source, options, source, null, decoder::position, source.size());
  }

  /** @param inputPosition bytes consumed of a compressed input, or null to use the dump offset */
  private static DumpReader overStream(
      InputStream in, LongSupplier inputPosition, long inputSize, ReadOptions options)
      throws IOException {
    StreamSource source = new StreamSource(in);
    DumpDecoder decoder;
    try {
      decoder = decoderOver(source, source);
    } catch (DumpFormatException e) {
      throw explained(e, source);
    }
    return new DumpReader(decoder, source, options, null, source,
        inputPosition == null ? decoder::position : inputPosition, inputSize);
  }

  private static DumpDecoder decoderOver(ByteSource source, Closeable resource)
      throws IOException {
    try {
      return DumpDecoder.of(source);
    } catch (DumpFormatException e) {
      try {
        throw cutHeader(source).orElse(e);
      } finally {
        resource.close();
      }
    } catch (IOException | RuntimeException e) {
      resource.close();
      throw e;
    }
  }

  /**
   * The codec calls a short input "not a Go heap dump" even when it is the start of a valid
   * header; that is a cut dump, and lenient callers need to tell the two apart.
   */
  private static Optional<DumpFormatException> cutHeader(ByteSource source) throws IOException {
    ByteBuffer first = source.fetch(0, DumpVersion.HEADER_LENGTH);
    int length = first.limit();
    if (length >= DumpVersion.HEADER_LENGTH) {
      return Optional.empty();
    }
    byte[] found = new byte[length];
    first.get(0, found);
    for (DumpVersion v : DumpVersion.values()) {
      if (Arrays.equals(found, Arrays.copyOf(v.headerBytes(), length))) {
        return Optional.of(new DumpFormatException(
            "the dump is " + length + " bytes long, shorter than its 16-byte header", length,
            DumpFormatException.NO_TAG, DumpFormatException.NO_RECORD, true));
      }
    }
    return Optional.empty();
  }

  /** The dump's version, from its header. */
  public DumpVersion version() {
    return decoder.version();
  }

  /**
   * The next record, or null after the EOF record (or, when lenient, after the last complete
   * record of a damaged dump: see {@link #truncation()}).
   *
   * @throws DumpFormatException when strict and the dump is truncated or malformed
   */
  public DumpRecord next() throws IOException {
    if (finished) {
      return null;
    }
    DumpRecord record;
    try {
      record = decoder.next();
      if (record == null) {
        finish();
        checkCompressedStream();
      } else if (decoder.position() >= nextProgress) {
        nextProgress = decoder.position() + progressStep;
        options.progress().progress(inputPosition.getAsLong(), inputSize);
      }
    } catch (DumpFormatException e) {
      DumpFormatException problem = explained(e, stream);
      finish();
      if (!options.lenient()) {
        throw problem;
      }
      truncation = Truncation.of(problem, decoder.recordCount(), decoder.recordStart());
      return null;
    }
    return record;
  }

  private void finish() {
    finished = true;
    options.progress().progress(inputPosition.getAsLong(), inputSize);
  }

  /** A compressed stream can be damaged after the last byte we needed (its CRC trailer). */
  private void checkCompressedStream() throws DumpFormatException {
    if (stream != null && stream.dataError() != null) {
      throw explained(new DumpFormatException(
          "", decoder.position(), DumpFormatException.NO_TAG, decoder.recordCount(), false),
          stream);
    }
  }

  /** Names a damaged gzip stream as the cause when that is why the data ended. */
  private static DumpFormatException explained(DumpFormatException e, StreamSource stream) {
    IOException cause = stream == null ? null : stream.dataError();
    if (cause == null) {
      return e;
    }
    DumpFormatException explained = new DumpFormatException(
        "the gzip stream is damaged (" + cause.getMessage() + ")"
            + (e.reason().isEmpty() ? "" : ": " + e.reason()),
        e.offset(), e.tag(), e.recordIndex(), cause instanceof EOFException);
    explained.initCause(cause);
    return explained;
  }

  /**
   * Hands every remaining record to {@code visitor}, in dump order.
   *
   * @return where a lenient read stopped early, or empty when the dump was read to its EOF record
   * @throws DumpFormatException when strict and the dump is truncated or malformed
   */
  public Optional<Truncation> accept(DumpVisitor visitor) throws IOException {
    for (DumpRecord r = next(); r != null; r = next()) {
      DumpVisitor.dispatch(r, visitor);
    }
    return truncation();
  }

  /**
   * Where and why a lenient read stopped before the EOF record; empty while reading, after a
   * complete dump, and always when strict.
   */
  public Optional<Truncation> truncation() {
    return Optional.ofNullable(truncation);
  }

  /** Byte offset where the record last returned starts. */
  public long recordStart() {
    return decoder.recordStart();
  }

  /** Byte offset just after the record last returned. */
  public long position() {
    return decoder.position();
  }

  /** How many records {@link #next()} has returned. */
  public long recordCount() {
    return decoder.recordCount();
  }

  /**
   * How many uvarints so far were not in minimal form (Go never writes them; a dump with any does
   * not re-encode to the same bytes).
   */
  public long nonMinimalVarints() {
    return decoder.nonMinimalVarints();
  }

  /** Offset of the first non-minimal uvarint (in the uncompressed dump), or -1 if none. */
  public long firstNonMinimalVarintOffset() {
    return decoder.firstNonMinimalVarintOffset();
  }

  /** Size of the input in bytes (compressed size for a gzip file), or -1 for a stream. */
  public long inputSize() {
    return inputSize;
  }

  /** The params record once read, else null. */
  public DumpParams params() {
    return decoder.params();
  }

  /**
   * Pointer size and byte order, once the params record was read.
   *
   * @throws IllegalStateException before the params record was read
   */
  public WordFormat wordFormat() {
    return decoder.wordFormat();
  }

  /** Skips memory contents of later records (see {@link DumpDecoder#skipContents}). */
  public DumpReader skipContents(boolean skip) {
    decoder.skipContents(skip);
    return this;
  }

  /** The mapped file when reading an uncompressed file (random access for the index), or null. */
  MappedFileSource file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    resource.close();
  }
}
