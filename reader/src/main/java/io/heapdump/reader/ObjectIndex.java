package io.heapdump.reader;

import com.google.common.base.Preconditions;
import io.heapdump.codec.ByteSource;
import io.heapdump.codec.DumpDecoder;
import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.WordFormat;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Every heap object of a dump by address, built in one pass that skips contents: which object
 * contains an address (pointers may point inside objects), and each object's record decoded from
 * the file on demand. Objects are numbered 0 to {@link #size()} - 1 in ascending (unsigned)
 * address order. Costs 16 bytes per object in dumps under 4 GiB (20 above): a {@code long}
 * address, an {@code int} length and the record's file offset, in primitive arrays.
 *
 * <pre>{@code
 * try (ObjectIndex index = ObjectIndex.build(path)) {
 *   int i = index.indexOf(pointer);               // -1 when no object contains it
 *   if (i >= 0) { Memory m = index.contents(i); }
 * }
 * }</pre>
 *
 * <p>Objects never overlap: a dump in which two do is rejected. Thread-safe for reading once
 * built.
 */
public final class ObjectIndex implements Closeable {
  private static final int RADIX_BITS = 16;
  private static final int RADIX = 1 << RADIX_BITS;

  private final long[] addresses; // ascending, unsigned
  private final int[] lengths;
  private final CompactLongArray offsets; // file offset of each object's record
  private final DumpVersion version;
  private final DumpParams params; // null when the dump had none (a damaged dump read leniently)
  private final MappedFileSource file; // null when the dump is not a plain file

  private ObjectIndex(long[] addresses, int[] lengths, CompactLongArray offsets, DumpVersion version,
      DumpParams params, MappedFileSource file) {
    this.addresses = addresses;
    this.lengths = lengths;
    this.offsets = offsets;
    this.version = version;
    this.params = params;
    this.file = file;
  }

  /**
   * Indexes the dump file at {@code path}, strictly. For a gzip-compressed file the index works
   * but cannot decode records ({@link #record}); decompress it first for that.
   *
   * @throws DumpFormatException when the dump is malformed or truncated, or objects overlap
   */
  public static ObjectIndex build(Path path) throws IOException {
    DumpReader reader = DumpReader.open(path, ReadOptions.defaults().skipContents(true));
    try {
      // The index takes over the reader's mapped file for random access.
      return collect(reader, reader.file());
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /**
   * Indexes the remaining records of {@code reader} (switching it to skip contents), with the
   * reader's options: a lenient reader gives an index of the complete records of a damaged dump.
   * The reader stays open and the caller closes it; when it reads a plain file, the index opens
   * that file again for {@link #record}.
   *
   * @throws DumpFormatException when the reader is strict and the dump malformed, or objects
   *     overlap
   */
  public static ObjectIndex build(DumpReader reader) throws IOException {
    MappedFileSource own = reader.file() == null ? null : new MappedFileSource(reader.file().path());
    try {
      return collect(reader, own);
    } catch (IOException | RuntimeException e) {
      if (own != null) {
        own.close();
      }
      throw e;
    }
  }

  private static ObjectIndex collect(DumpReader reader, MappedFileSource file) throws IOException {
    reader.skipContents(true);
    long[] addresses = new long[1024];
    int[] lengths = new int[1024];
    long[] offsets = new long[1024];
    int n = 0;
    boolean sorted = true;
    long previous = 0;
    for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
      long address;
      int length;
      if (r instanceof ObjectRecord o) {
        address = o.address();
        length = o.contents().length();
      } else if (r instanceof ObjectRecordGo13 o) {
        address = o.address();
        length = o.contents().length();
      } else {
        continue;
      }
      if (n == addresses.length) {
        int grown = n + (n >> 1);
        addresses = Arrays.copyOf(addresses, grown);
        lengths = Arrays.copyOf(lengths, grown);
        offsets = Arrays.copyOf(offsets, grown);
      }
      sorted &= n == 0 || Long.compareUnsigned(previous, address) <= 0;
      previous = address;
      addresses[n] = address;
      lengths[n] = length;
      offsets[n] = reader.recordStart();
      n++;
    }
    addresses = Arrays.copyOf(addresses, n);
    lengths = Arrays.copyOf(lengths, n);
    offsets = Arrays.copyOf(offsets, n);
    if (!sorted && !sortByRuns(addresses, lengths, offsets)) {
      int[] order = sortedOrder(addresses);
      lengths = permuted(lengths, order);
      offsets = permuted(offsets, order);
    }
    checkDisjoint(addresses, lengths, offsets);
    return new ObjectIndex(addresses, lengths, CompactLongArray.of(offsets, n), reader.version(),
        reader.params(), file);
  }

  /**
   * The runtime writes each span's objects in ascending order, span after span in no particular
   * order: the input is mostly runs of adjacent objects (each starting where the previous one
   * ends). Such runs cannot interleave, so sorting the runs by their first address and copying them
   * in that order sorts everything with sequential copies. Sorts the arrays in place and returns
   * true, or returns false (arrays unchanged) when runs are too short or interleave (overlapping
   * objects, which {@link #checkDisjoint} then reports).
   */
  private static boolean sortByRuns(long[] addresses, int[] lengths, long[] offsets) {
    int n = addresses.length;
    int[] runStarts = new int[Math.max(16, n / 8)];
    int runs = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || addresses[i] != addresses[i - 1] + lengths[i - 1]) {
        if (runs == runStarts.length) {
          return false; // runs too short to be worth it: use the radix sort
        }
        runStarts[runs++] = i;
      }
    }
    long[] firsts = new long[runs];
    for (int r = 0; r < runs; r++) {
      firsts[r] = addresses[runStarts[r]];
    }
    int[] runOrder = sortedOrder(firsts);
    for (int k = 1; k < runs; k++) {
      int previous = runOrder[k - 1];
      long previousLast = addresses[runEnd(runStarts, runs, previous, n) - 1];
      if (Long.compareUnsigned(previousLast, firsts[k]) >= 0) {
        return false; // interleaved runs
      }
    }
    long[] sortedAddresses = new long[n];
    int[] sortedLengths = new int[n];
    long[] sortedOffsets = new long[n];
    int at = 0;
    for (int k = 0; k < runs; k++) {
      int r = runOrder[k];
      int start = runStarts[r];
      int length = runEnd(runStarts, runs, r, n) - start;
      System.arraycopy(addresses, start, sortedAddresses, at, length);
      System.arraycopy(lengths, start, sortedLengths, at, length);
      System.arraycopy(offsets, start, sortedOffsets, at, length);
      at += length;
    }
    System.arraycopy(sortedAddresses, 0, addresses, 0, n);
    System.arraycopy(sortedLengths, 0, lengths, 0, n);
    System.arraycopy(sortedOffsets, 0, offsets, 0, n);
    return true;
  }

  private static int runEnd(int[] runStarts, int runs, int run, int n) {
    return run + 1 < runs ? runStarts[run + 1] : n;
  }

  /**
   * Sorts {@code keys} in place (unsigned, stable LSD radix sort on 16-bit digits, skipping digits
   * that no key changes) and returns where each sorted key came from.
   */
  static int[] sortedOrder(long[] keys) {
    int n = keys.length;
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    long varying = 0;
    for (long k : keys) {
      varying |= k ^ keys[0];
    }
    long[] keysOut = new long[n];
    int[] orderOut = new int[n];
    int[] starts = new int[RADIX + 1];
    for (int shift = 0; shift < Long.SIZE; shift += RADIX_BITS) {
      if (((varying >>> shift) & (RADIX - 1)) == 0) {
        continue;
      }
      Arrays.fill(starts, 0);
      for (long k : keys) {
        starts[(int) ((k >>> shift) & (RADIX - 1)) + 1]++;
      }
      for (int d = 0; d < RADIX; d++) {
        starts[d + 1] += starts[d];
      }
      for (int i = 0; i < n; i++) {
        int at = starts[(int) ((keys[i] >>> shift) & (RADIX - 1))]++;
        keysOut[at] = keys[i];
        orderOut[at] = order[i];
      }
      System.arraycopy(keysOut, 0, keys, 0, n);
      int[] swap = order;
      order = orderOut;
      orderOut = swap;
    }
    return order;
  }

  private static int[] permuted(int[] values, int[] order) {
    int[] out = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }

  private static long[] permuted(long[] values, int[] order) {
    long[] out = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }

  /** Two objects sharing a byte would make {@link #indexOf} ambiguous: such a dump is damaged. */
  private static void checkDisjoint(long[] addresses, int[] lengths, long[] offsets)
      throws DumpFormatException {
    for (int i = 1; i < addresses.length; i++) {
      if (Long.compareUnsigned(addresses[i] - addresses[i - 1], lengths[i - 1]) < 0) {
        throw new DumpFormatException(
            "object 0x" + Long.toHexString(addresses[i]) + " overlaps object 0x"
                + Long.toHexString(addresses[i - 1]) + " of " + lengths[i - 1] + " bytes (record at "
                + offsets[i - 1] + ")", offsets[i], ObjectRecord.TAG,
            DumpFormatException.NO_RECORD, false);
      }
    }
  }

  /** Number of objects. */
  public int size() {
    return addresses.length;
  }

  /** Start address of object {@code i}. */
  public long address(int i) {
    return addresses[i];
  }

  /** Length in bytes of object {@code i} (its size class, not its Go type's size). */
  public int length(int i) {
    return lengths[i];
  }

  /** File offset (in the uncompressed dump) of the record of object {@code i}. */
  public long recordOffset(int i) {
    return offsets.get(i);
  }

  /**
   * The object whose bytes include {@code address} (its start or any interior address), or -1
   * when no object does.
   */
  public int indexOf(long address) {
    return containing(address, lastStartingAtOrBefore(address, 0, addresses.length - 1));
  }

  /** The object that starts exactly at {@code address} (even an empty one), or -1. */
  public int indexOfStart(long address) {
    return startingAt(address, lastStartingAtOrBefore(address, 0, addresses.length - 1));
  }

  /**
   * A faster {@link #indexOf} and {@link #indexOfStart} for passes that resolve millions of
   * pointers (loading a graph): a page table over the address range narrows each search to the
   * objects of one page. Costs at most one int per four objects while the lookup is referenced.
   */
  public Lookup fastLookup() {
    return new Lookup();
  }

  /** Among objects {@code lo..hi}, the last one starting at or before {@code address}, or lo - 1. */
  private int lastStartingAtOrBefore(long address, int lo, int hi) {
    long key = address ^ Long.MIN_VALUE; // unsigned order as signed
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if ((addresses[mid] ^ Long.MIN_VALUE) <= key) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi;
  }

  private int containing(long address, int candidate) {
    return candidate >= 0
        && Long.compareUnsigned(address - addresses[candidate], lengths[candidate]) < 0
        ? candidate : -1;
  }

  private int startingAt(long address, int candidate) {
    return candidate >= 0 && addresses[candidate] == address ? candidate : -1;
  }

  /** See {@link #fastLookup()}; answers exactly as the index's own methods. */
  public final class Lookup {
    private final long base;
    private final long span;
    private final int shift;
    /** firstStart[k]: the first object starting at or after page k. */
    private final int[] firstStart;

    private Lookup() {
      int n = addresses.length;
      if (n == 0) {
        base = 0;
        span = 0;
        shift = 0;
        firstStart = new int[] {0, 0};
        return;
      }
      base = addresses[0];
      span = addresses[n - 1] + lengths[n - 1] - base;
      int bits = 3;
      while (bits < 62 && (span >>> bits) > Math.max(1024, n / 4)) {
        bits++;
      }
      shift = bits;
      int pages = (int) (span >>> shift) + 1;
      firstStart = new int[pages + 1];
      int v = 0;
      for (int page = 0; page <= pages; page++) {
        long pageStart = (long) page << shift;
        while (v < n && addresses[v] - base < pageStart) {
          v++;
        }
        firstStart[page] = v;
      }
    }

    /** As {@link ObjectIndex#indexOf}. */
    public int indexOf(long address) {
      return containing(address, lastStartingAtOrBefore(address));
    }

    /** As {@link ObjectIndex#indexOfStart}. */
    public int indexOfStart(long address) {
      return startingAt(address, lastStartingAtOrBefore(address));
    }

    private int lastStartingAtOrBefore(long address) {
      long offset = address - base;
      if (Long.compareUnsigned(offset, span) >= 0) {
        return -1;
      }
      int page = (int) (offset >>> shift);
      // The object starts in this page, or is the last one before it.
      return ObjectIndex.this.lastStartingAtOrBefore(
          address, firstStart[page], firstStart[page + 1] - 1);
    }
  }

  /**
   * The record of object {@code i} ({@link ObjectRecord}, or {@link ObjectRecordGo13} in a Go 1.3
   * dump), decoded from the file now; its contents are a view of the mapped file.
   *
   * @throws IllegalStateException when the index was built from a stream or a gzip file
   * @throws DumpFormatException when the file changed since the index was built
   */
  public DumpRecord record(int i) throws IOException {
    Preconditions.checkElementIndex(i, addresses.length);
    if (file == null) {
      throw new IllegalStateException(
          "records are not available: the index was built from a stream or a compressed file");
    }
    long offset = offsets.get(i);
    DumpRecord r = DumpDecoder.of(new OneRecordSource(file, offset)).next();
    long address = r instanceof ObjectRecord o ? o.address()
        : r instanceof ObjectRecordGo13 o ? o.address() : ~addresses[i];
    if (address != addresses[i]) {
      throw new DumpFormatException("the object record changed since the dump was indexed",
          offset, r.tag(), DumpFormatException.NO_RECORD, false);
    }
    return r;
  }

  /** The contents of object {@code i} (see {@link #record}). */
  public Memory contents(int i) throws IOException {
    DumpRecord r = record(i);
    return r instanceof ObjectRecord o ? o.contents() : ((ObjectRecordGo13) r).contents();
  }

  /** The dump's version. */
  public DumpVersion version() {
    return version;
  }

  /**
   * Pointer size and byte order of the dump.
   *
   * @throws IllegalStateException when the dump had no params record
   */
  public WordFormat wordFormat() {
    Preconditions.checkState(params != null, "the dump has no params record");
    return params.wordFormat();
  }

  /**
   * Bytes the index's arrays take: per object an 8-byte address, a 4-byte length and the record's
   * file offset (4 bytes in dumps under 4 GiB, else 8).
   */
  public long memoryBytes() {
    return 8L * addresses.length + 4L * lengths.length + offsets.memoryBytes();
  }

  /** Releases the mapped file; {@link #record} fails afterwards. */
  @Override
  public void close() throws IOException {
    if (file != null) {
      file.close();
    }
  }

  /**
   * The dump as a decoder sees it when asked for one record: the file's header, then the file from
   * that record's offset on, so one {@link DumpDecoder#next()} decodes the record.
   */
  private static final class OneRecordSource implements ByteSource {
    private final MappedFileSource file;
    private final long shift; // file offset minus decoder offset, past the header

    OneRecordSource(MappedFileSource file, long recordOffset) {
      this.file = file;
      this.shift = recordOffset - DumpVersion.HEADER_LENGTH;
    }

    @Override
    public ByteBuffer fetch(long from, int minimum) throws IOException {
      if (from < DumpVersion.HEADER_LENGTH) {
        ByteBuffer header = file.fetch(0, DumpVersion.HEADER_LENGTH);
        return header.slice(0, Math.min(header.limit(), DumpVersion.HEADER_LENGTH));
      }
      return file.fetch(from + shift, minimum);
    }

    @Override
    public long size() {
      return file.size() - shift;
    }

    @Override
    public boolean stable() {
      return true;
    }
  }
}
