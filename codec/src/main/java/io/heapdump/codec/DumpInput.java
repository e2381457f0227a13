package io.heapdump.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The decoding side of the wire: reads primitives from a buffer, asks a {@link ByteSource} for more
 * when the buffer runs out, and knows the absolute byte offset of everything it reads. Every
 * length is checked against what remains before anything is allocated. Errors are
 * {@link DumpFormatException}s naming the offset, and the tag and index of the record being read.
 */
final class DumpInput implements Wire {
  /** Longest uvarint Go writes or reads. */
  static final int MAX_VARINT_LENGTH = 10;

  private static final int MAX_MEMORY_LENGTH = Integer.MAX_VALUE - 16;
  private static final int SKIP_CHUNK = 1 << 20;

  private final ByteSource source; // null: the buffer is the whole dump
  private final boolean viewsStable;
  private final long knownSize; // total dump size, or -1 when a stream does not say
  private final DumpVersion version;

  private ByteBuffer buf;
  private long base; // dump offset of buf index 0
  private int pos;
  private int limit;

  private boolean skipContents;
  private long[] fieldScratch = new long[16];

  private int tag = DumpFormatException.NO_TAG;
  private long recordIndex = DumpFormatException.NO_RECORD;

  private long nonMinimalVarints;
  private long firstNonMinimalOffset = -1;

  DumpInput(DumpVersion version, ByteBuffer first, long base, ByteSource source) {
    this.version = version;
    this.buf = first;
    this.base = base;
    this.pos = first.position();
    this.limit = first.limit();
    this.source = source;
    this.viewsStable = source == null || source.stable();
    this.knownSize = source == null ? base + limit : source.size();
  }

  @Override
  public DumpVersion version() {
    return version;
  }

  void skipContents(boolean skip) {
    this.skipContents = skip;
  }

  /** Dump offset of the next byte to read. */
  long position() {
    return base + pos;
  }

  void beginRecord(int tag, long index) {
    this.tag = tag;
    this.recordIndex = index;
  }

  void endRecord() {
    this.tag = DumpFormatException.NO_TAG;
  }

  long nonMinimalVarints() {
    return nonMinimalVarints;
  }

  long firstNonMinimalOffset() {
    return firstNonMinimalOffset;
  }

  /** True when no byte is left. */
  boolean atEnd() throws IOException {
    if (pos < limit) {
      return false;
    }
    return !fetch(1);
  }

  /** Bytes left in the dump, or Long.MAX_VALUE when unknown. */
  long remaining() {
    return knownSize < 0 ? Long.MAX_VALUE : knownSize - position();
  }

  DumpFormatException error(String message, long offset) {
    return new DumpFormatException(message, offset, tag, recordIndex, false);
  }

  private DumpFormatException truncated(long needed) {
    return new DumpFormatException(
        "the dump ends inside this record: " + needed + " more byte" + (needed == 1 ? "" : "s")
            + " needed at offset " + position() + ", only " + (limit - pos) + " left",
        base + limit, tag, recordIndex, true);
  }

  /** Makes at least {@code n} bytes readable from pos, or returns false when the dump is shorter. */
  private boolean fetch(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (source == null) {
      return false;
    }
    long from = base + pos;
    ByteBuffer next = source.fetch(from, n);
    buf = next;
    base = from;
    pos = 0;
    limit = next.limit();
    return limit >= n;
  }

  private void require(int n) throws IOException {
    if (!fetch(n)) {
      throw truncated(n - (limit - pos));
    }
  }

  @Override
  public long uvarint(long ignored) throws IOException {
    int p = pos;
    if (limit - p >= MAX_VARINT_LENGTH) {
      ByteBuffer b = buf;
      int first = b.get(p);
      if (first >= 0) {
        pos = p + 1;
        return first;
      }
      long x = first & 0x7f;
      for (int i = 1, shift = 7; i < MAX_VARINT_LENGTH; i++, shift += 7) {
        int v = b.get(p + i) & 0xff;
        if (v < 0x80) {
          return finishVarint(p, i, v, x, shift);
        }
        x |= (long) (v & 0x7f) << shift;
      }
      throw error("uvarint longer than 10 bytes", base + p);
    }
    return uvarintSlow();
  }

  private long uvarintSlow() throws IOException {
    long start = position();
    long x = 0;
    for (int i = 0, shift = 0; i < MAX_VARINT_LENGTH; i++, shift += 7) {
      require(1); // may move to a new buffer mid-varint
      int v = buf.get(pos++) & 0xff;
      if (v < 0x80) {
        if (i == MAX_VARINT_LENGTH - 1 && v > 1) {
          throw error("uvarint overflows 64 bits", start);
        }
        if (i > 0 && v == 0) {
          noteNonMinimal(start);
        }
        return x | ((long) v << shift);
      }
      x |= (long) (v & 0x7f) << shift;
    }
    throw error("uvarint longer than 10 bytes", start);
  }

  private long finishVarint(int p, int i, int last, long x, int shift) throws DumpFormatException {
    if (i == MAX_VARINT_LENGTH - 1 && last > 1) {
      throw error("uvarint overflows 64 bits", base + p);
    }
    if (last == 0) {
      noteNonMinimal(base + p);
    }
    pos = p + i + 1;
    return x | ((long) last << shift);
  }

  private void noteNonMinimal(long offset) {
    if (nonMinimalVarints++ == 0) {
      firstNonMinimalOffset = offset;
    }
  }

  @Override
  public boolean bool(boolean ignored) throws IOException {
    long at = position();
    long v = uvarint(0);
    if (v != 0 && v != 1) {
      throw error("a bool must be 0 or 1, found " + Long.toUnsignedString(v), at);
    }
    return v == 1;
  }

  /** Reads a length and checks it against what is left before anything is allocated. */
  private int length(String what) throws IOException {
    long at = position();
    long n = uvarint(0);
    if (Long.compareUnsigned(n, remaining()) > 0) {
      throw new DumpFormatException(
          what + " length " + Long.toUnsignedString(n) + " exceeds the " + remaining()
              + " bytes left in the dump", at, tag, recordIndex, true);
    }
    if (n > MAX_MEMORY_LENGTH) {
      throw error(what + " length " + n + " is over the 2 GiB this reader supports", at);
    }
    return (int) n;
  }

  @Override
  public String string(String ignored) throws IOException {
    int n = length("string");
    if (n == 0) {
      return "";
    }
    require(n);
    String s = GoStrings.decode(buf, pos, n);
    pos += n;
    return s;
  }

  @Override
  public Memory memory(Memory ignored) throws IOException {
    int n = length("memory");
    if (n == 0) {
      return Memory.EMPTY;
    }
    if (skipContents) {
      skip(n);
      return Memory.absent(n);
    }
    require(n);
    Memory m;
    if (viewsStable) {
      m = Memory.view(buf, pos, n);
    } else {
      byte[] copy = new byte[n];
      buf.get(pos, copy, 0, n);
      m = Memory.wrap(copy);
    }
    pos += n;
    return m;
  }

  private void skip(long n) throws IOException {
    while (n > limit - pos) {
      n -= limit - pos;
      pos = limit;
      require((int) Math.min(n, SKIP_CHUNK));
    }
    pos += (int) n;
  }

  @Override
  public FieldList fields(FieldList ignored) throws IOException {
    long[] scratch = fieldScratch;
    int count = 0;
    while (true) {
      long at = position();
      long code = uvarint(0);
      if (code == 0) {
        break;
      }
      FieldKind kind = version.fieldKind(code);
      if (kind == null) {
        throw error("unknown field kind " + Long.toUnsignedString(code) + " for " + version, at);
      }
      long offsetAt = position();
      long offset = uvarint(0);
      if (offset < 0 || offset > FieldList.MAX_OFFSET) {
        throw error("field offset " + Long.toUnsignedString(offset) + " is too large", offsetAt);
      }
      if (count == scratch.length) {
        scratch = fieldScratch = Arrays.copyOf(scratch, count * 2);
      }
      scratch[count++] = FieldList.pack(kind, offset);
    }
    return count == 0 ? FieldList.EMPTY : FieldList.wrap(Arrays.copyOf(scratch, count));
  }

  @Override
  public long[] uvarints(long[] ignored, int count) throws IOException {
    long[] values = new long[count];
    for (int i = 0; i < count; i++) {
      values[i] = uvarint(0);
    }
    return values;
  }

  @Override
  public <T> List<T> list(List<T> ignored, T template, Layout<T> element) throws IOException {
    long at = position();
    long n = uvarint(0);
    // Every element takes at least one byte: a larger count cannot fit in what is left.
    if (Long.compareUnsigned(n, remaining()) > 0 || n > Integer.MAX_VALUE) {
      throw new DumpFormatException(
          "count " + Long.toUnsignedString(n) + " exceeds the bytes left in the dump", at, tag,
          recordIndex, true);
    }
    List<T> out = new ArrayList<>((int) Math.min(n, 64));
    for (long i = 0; i < n; i++) {
      out.add(element.wire(this, template));
    }
    return out;
  }
}
