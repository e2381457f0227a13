package io.heapdump.writer;

import com.google.common.base.Preconditions;
import io.heapdump.codec.BssSegment;
import io.heapdump.codec.DataSegment;
import io.heapdump.codec.DumpEncoder;
import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Eof;
import io.heapdump.codec.FieldKind;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.TypeRecordGo13;
import io.heapdump.codec.WordFormat;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a whole dump: the header of a chosen {@link DumpVersion} first, then records as given,
 * then the EOF record on {@link #close()}. Buffered; not thread-safe.
 *
 * <pre>{@code
 * DumpWriter.write(path, DumpVersion.GO1_7, out -> {
 *   out.write(new Params(false, 8, heapStart, heapEnd, "amd64", "go1.19", 4));
 *   out.write(new ObjectRecord(address, contents, FieldList.pointersAt(0)));
 * });   // committed only if the lambda returns normally
 * }</pre>
 *
 * <p>Before a record reaches the encoder, the writer refuses (with a {@link DumpFormatException}
 * naming the record's index and tag, and writing nothing of it) what would make the dump
 * unreadable or wrong for a reader:
 * <ul>
 *   <li>a record after the EOF record;
 *   <li>a second params record (a reader would change pointer size mid-dump);
 *   <li>a record with memory or a field list (object, stack frame, data or bss segment, go1.3
 *       type) before the params record, since its pointer words need the pointer size;
 *   <li>a field list of such memory whose entries are not in strictly increasing, non-overlapping
 *       offset order, whose offsets are not multiples of the pointer size (Go only ever writes
 *       aligned pointer words), or whose words run past the end of the memory;
 *   <li>memory decoded in skipContents mode, whose bytes are unknown;
 *   <li>a record that does not exist in the version (a go1.3 object in a go1.7 dump), or a field
 *       kind the version cannot hold (String and Slice exist only in go1.3).
 * </ul>
 * A refused record leaves the writer usable. An {@link IOException} of the underlying stream
 * leaves it failed: later writes throw {@link IllegalStateException} and {@link #close()} discards
 * the dump.
 *
 * <p>Written to a {@link Path} ({@link #create}), the dump goes to a temporary file in the same
 * directory, renamed over the target only by a successful {@link #close()}; after a failure or
 * {@link #abort()}, the temporary file is deleted and an existing target is left untouched.
 * {@link #write(Path, DumpVersion, RecordProducer)} does that for a producer that may throw;
 * with {@link #create} directly, call {@link #abort()} on the producer's own exceptions
 * (try-with-resources alone would close, and so commit, a partial dump).
 *
 * <p>API misuse throws {@link IllegalStateException}: writing after {@link #close()} or
 * {@link #abort()}, or after a failed write.
 */
public final class DumpWriter implements Closeable {
  private static final int FILE_BUFFER = 1 << 16;
  private static final int CHECKED_CACHE = 256;

  private final DumpEncoder encoder;
  private final Path target; // null when writing to a caller's stream
  private final Path temp;
  private WordFormat wordFormat;
  // Field lists found valid, with their memory length, by identity: converters reuse one list
  // per type for millions of objects. Direct-mapped on the identity hash.
  private final FieldList[] checkedFields = new FieldList[CHECKED_CACHE];
  private final long[] checkedLengths = new long[CHECKED_CACHE];
  private boolean eofWritten;
  private State state = State.OPEN;

  private enum State { OPEN, FAILED, CLOSED, ABORTED }

  private DumpWriter(DumpEncoder encoder, Path target, Path temp) {
    this.encoder = encoder;
    this.target = target;
    this.temp = temp;
  }

  /**
   * Starts a dump that {@link #close()} will atomically put at {@code target}, replacing any file
   * there. Until then it is written to a temporary file beside the target.
   */
  public static DumpWriter create(Path target, DumpVersion version) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    try {
      OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), FILE_BUFFER);
      return new DumpWriter(DumpEncoder.start(out, version), absolute, temp);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /**
   * Writes a whole dump to {@code target}: {@code records} writes the records, and the dump is
   * committed (EOF written, temporary file renamed over the target) only when it returns normally.
   * On any exception the dump is discarded, an existing target is left untouched, and the
   * exception is rethrown. The safe way to write a file when the producer can fail:
   *
   * <pre>{@code
   * DumpWriter.write(path, DumpVersion.GO1_7, out -> {
   *   out.write(params);
   *   for (ObjectRecord o : objects) out.write(o);
   * });
   * }</pre>
   */
  public static void write(Path target, DumpVersion version, RecordProducer records)
      throws IOException {
    DumpWriter out = create(target, version);
    try {
      records.writeTo(out);
    } catch (IOException | RuntimeException | Error e) {
      out.abort();
      throw e;
    }
    out.close();
  }

  /** Code that writes a dump's records, for {@link #write(Path, DumpVersion, RecordProducer)}. */
  @FunctionalInterface
  public interface RecordProducer {
    /** Writes the records (not the header, not the EOF record) to {@code out}. */
    void writeTo(DumpWriter out) throws IOException;
  }

  /**
   * Starts a dump on {@code out}, writing its header now. {@link #close()} writes the EOF record
   * and closes {@code out}; {@link #abort()} closes it without the EOF record.
   */
  public static DumpWriter to(OutputStream out, DumpVersion version) throws IOException {
    return new DumpWriter(DumpEncoder.start(out, version), null, null);
  }

  /** The version being written. */
  public DumpVersion version() {
    return encoder.version();
  }

  /** The pointer size and byte order of the params record written, or null before it. */
  public WordFormat wordFormat() {
    return wordFormat;
  }

  /** Bytes written so far, header and buffered bytes included. */
  public long bytesWritten() {
    return encoder.position();
  }

  /** Records written so far, the EOF record included once written. */
  public long recordCount() {
    return encoder.recordCount();
  }

  /**
   * Appends one record. Writing an {@link Eof} ends the dump early; {@link #close()} then adds no
   * second one.
   *
   * @throws DumpFormatException when the record would make the dump unreadable (see the class
   *     comment); nothing of it was written and the writer stays usable
   * @throws IllegalStateException after {@link #close()}, {@link #abort()} or a failed write
   */
  public void write(DumpRecord record) throws IOException {
    Preconditions.checkNotNull(record, "record");
    checkOpen();
    check(record);
    try {
      encoder.write(record);
    } catch (DumpFormatException e) {
      // The encoder checks the version before writing anything; should it refuse a record
      // midway, the stream holds part of it and the dump cannot be finished.
      if (encoder.position() != e.offset()) {
        state = State.FAILED;
      }
      throw e;
    } catch (IOException | RuntimeException e) {
      state = State.FAILED;
      throw e;
    }
    if (record instanceof ObjectRecord) {
      return; // before the interface test below, which costs ObjectRecord a scan of its supertypes
    }
    if (record instanceof DumpParams p) {
      wordFormat = p.wordFormat();
    } else if (record instanceof Eof) {
      eofWritten = true;
    }
  }

  private void checkOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException(
          state == State.FAILED ? "an earlier write failed; abort() or close() the writer"
              : "the writer is " + state.name().toLowerCase());
    }
  }

  private void check(DumpRecord record) throws DumpFormatException {
    if (eofWritten) {
      throw refuse(record, "a record after the EOF record would be read as garbage after the dump");
    }
    // Objects first: nearly every record is one, and a failed instanceof against an interface
    // (DumpParams) scans the record class's supertypes, which doubled the cost of a write.
    if (record instanceof ObjectRecord o) {
      checkMemory(record, o.contents(), o.fields());
      return;
    }
    if (record instanceof DumpParams p) {
      if (wordFormat != null) {
        throw refuse(record, "a second params record; a dump has exactly one");
      }
      if (p.pointerSize() != 4 && p.pointerSize() != 8) {
        throw refuse(record, "pointer size " + p.pointerSize() + " is not 4 or 8");
      }
      return;
    }
    if (record instanceof StackFrame f) {
      checkMemory(record, f.contents(), f.fields());
    } else if (record instanceof DataSegment d) {
      checkMemory(record, d.contents(), d.fields());
    } else if (record instanceof BssSegment b) {
      checkMemory(record, b.contents(), b.fields());
    } else if (record instanceof ObjectRecordGo13 o) {
      checkMemory(record, o.contents(), FieldList.EMPTY);
    } else if (record instanceof TypeRecordGo13) {
      requireParams(record); // its field list is in words of the pointer size
    }
  }

  private void checkMemory(DumpRecord record, Memory contents, FieldList fields)
      throws DumpFormatException {
    if (contents.length() > 0 && !contents.hasBytes()) {
      throw refuse(record, "its memory was decoded with skipContents, so its bytes are unknown");
    }
    checkFields(record, fields, contents.length());
  }

  private void requireParams(DumpRecord record) throws DumpFormatException {
    if (wordFormat == null) {
      throw refuse(record, "written before the params record, which gives the pointer size its "
          + "memory needs; write params first");
    }
  }

  /** Fields must be aligned pointer words, in increasing order, inside {@code length} bytes. */
  private void checkFields(DumpRecord record, FieldList fields, long length)
      throws DumpFormatException {
    requireParams(record);
    if (fields.isEmpty()) {
      return;
    }
    int slot = System.identityHashCode(fields) & (CHECKED_CACHE - 1);
    if (checkedFields[slot] == fields && checkedLengths[slot] == length) {
      return;
    }
    int ptr = wordFormat.pointerSize();
    long end = 0;
    for (int i = 0; i < fields.size(); i++) {
      long offset = fields.offset(i);
      FieldKind kind = fields.kind(i);
      if ((kind == FieldKind.STRING || kind == FieldKind.SLICE) && version() != DumpVersion.GO1_3) {
        throw refuse(record, "field " + i + " has kind " + kind + ", which only go1.3 dumps hold");
      }
      if ((offset & (ptr - 1)) != 0) {
        throw refuse(record, "field " + i + " at offset " + offset + " is not a multiple of the "
            + "pointer size " + ptr);
      }
      if (offset < end) {
        throw refuse(record, "field " + i + " at offset " + offset + " overlaps or precedes the "
            + "field before it (offsets must increase)");
      }
      end = offset + (long) kind.words() * ptr;
      if (end > length) {
        throw refuse(record, "field " + i + " (" + kind + " at offset " + offset
            + ") runs to byte " + end + ", past the end of its " + length + " bytes");
      }
    }
    checkedFields[slot] = fields;
    checkedLengths[slot] = length;
  }

  private DumpFormatException refuse(DumpRecord record, String why) {
    return new DumpFormatException(
        record.getClass().getSimpleName() + ": " + why, encoder.position(), record.tag(),
        encoder.recordCount(), false);
  }

  /**
   * Discards the dump: closes the output without an EOF record and, for a {@link Path}, deletes
   * the temporary file, leaving any existing target untouched. Does nothing after {@link #close()}
   * or a previous abort.
   */
  public void abort() throws IOException {
    if (state == State.CLOSED || state == State.ABORTED) {
      return;
    }
    state = State.ABORTED;
    try {
      encoder.close();
    } catch (IOException e) {
      // The dump is being thrown away; a failing close changes nothing for the caller.
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * Writes the EOF record (unless one was written), flushes and closes the output, and for a
   * {@link Path} renames the temporary file over the target. Does nothing after a previous close
   * or {@link #abort()}.
   *
   * @throws IOException when writing or renaming fails, or an earlier write failed; the
   *     temporary file is then deleted and the target left as it was
   */
  @Override
  public void close() throws IOException {
    if (state == State.CLOSED || state == State.ABORTED) {
      return;
    }
    if (state == State.FAILED) {
      abort();
      throw new IOException(
          "the dump was not written" + (target == null ? "" : " to " + target)
              + ": an earlier write failed");
    }
    try {
      if (!eofWritten) {
        encoder.write(new Eof());
      }
      encoder.close();
      if (target != null) {
        moveIntoPlace();
      }
      state = State.CLOSED;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  private void moveIntoPlace() throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Same directory, so this only happens on unusual file systems; still never a partial file.
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
