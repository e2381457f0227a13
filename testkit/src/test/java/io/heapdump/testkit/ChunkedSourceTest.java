package io.heapdump.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.heapdump.codec.BssSegment;
import io.heapdump.codec.ByteSource;
import io.heapdump.codec.DataSegment;
import io.heapdump.codec.DumpDecoder;
import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.StackFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Decoding from a {@link ByteSource} that hands out small pieces (as the reader's mapped files and
 * streams do) gives the same records as decoding one array, and skipContents keeps every value
 * but the bytes.
 */
class ChunkedSourceTest {
  static final int EXAMPLES = 300;

  /**
   * Serves a dump {@code chunk} bytes at a time (more when asked). An unstable source reuses one
   * array for every piece, so memory the decoder keeps must be copied.
   */
  private static final class ChunkedSource implements ByteSource {
    private final byte[] dump;
    private final int chunk;
    private final boolean stable;
    private final boolean knowsSize;
    private byte[] shared = new byte[0];
    private long lastFrom = -1;

    ChunkedSource(byte[] dump, int chunk, boolean stable, boolean knowsSize) {
      this.dump = dump;
      this.chunk = chunk;
      this.stable = stable;
      this.knowsSize = knowsSize;
    }

    @Override
    public ByteBuffer fetch(long from, int minimum) {
      assertTrue(from >= lastFrom, "fetch went backwards");
      lastFrom = from;
      int start = (int) Math.min(from, dump.length);
      int length = Math.min(Math.max(minimum, chunk), dump.length - start);
      if (stable) {
        return ByteBuffer.wrap(Arrays.copyOfRange(dump, start, start + length));
      }
      if (shared.length < length) {
        shared = new byte[length];
      }
      Arrays.fill(shared, (byte) 0x5a); // stale bytes from the last piece must not survive
      System.arraycopy(dump, start, shared, 0, length);
      return ByteBuffer.wrap(shared, 0, length).slice();
    }

    @Override
    public long size() {
      return knowsSize ? dump.length : -1;
    }

    @Override
    public boolean stable() {
      return stable;
    }
  }

  private static List<DumpRecord> decodeAll(DumpDecoder decoder) throws IOException {
    List<DumpRecord> out = new ArrayList<>();
    for (DumpRecord r = decoder.next(); r != null; r = decoder.next()) {
      out.add(r);
    }
    return out;
  }

  private static final Gen<byte[]> DUMPS = Generate.enumValues(DumpVersion.class)
      .flatMap(v -> DumpGenerators.dumps(v).map(records -> Coding.encodeDump(v, records)));

  @Test
  void chunkedSourcesDecodeLikeOneArray() {
    qt().withExamples(EXAMPLES)
        .forAll(DUMPS, Generate.range(1, 40), Generate.booleans(), Generate.booleans())
        .checkAssert((dump, chunk, stable, knowsSize) -> {
          try {
            List<DumpRecord> expected = decodeAll(DumpDecoder.of(dump));
            DumpDecoder chunked =
                DumpDecoder.of(new ChunkedSource(dump, chunk, stable, knowsSize));
            assertEquals(expected, decodeAll(chunked));
            assertEquals(dump.length, chunked.position());
            assertNull(chunked.next());
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void truncatedChunkedSourcesFailAsTruncated() {
    qt().withExamples(EXAMPLES)
        .forAll(DUMPS, Generate.range(1, 40), Generate.booleans(), Generate.range(1, 1000))
        .checkAssert((dump, chunk, knowsSize, cut) -> {
          byte[] prefix = Arrays.copyOf(dump, Math.max(0, dump.length - cut));
          DumpFormatException e = assertThrows(DumpFormatException.class,
              () -> decodeAll(DumpDecoder.of(new ChunkedSource(prefix, chunk, false, knowsSize))));
          assertTrue(e.truncated(), e::getMessage);
        });
  }

  @Test
  void skipContentsKeepsLengthsAndEverythingElse() {
    qt().withExamples(EXAMPLES).forAll(DUMPS, Generate.range(1, 40)).checkAssert((dump, chunk) -> {
      try {
        List<DumpRecord> full = decodeAll(DumpDecoder.of(dump));
        List<DumpRecord> skipped = decodeAll(
            DumpDecoder.of(new ChunkedSource(dump, chunk, true, true)).skipContents(true));
        assertEquals(full.size(), skipped.size());
        for (int i = 0; i < full.size(); i++) {
          assertEquals(withoutContents(full.get(i)), withoutContents(skipped.get(i)));
          Memory m = contents(skipped.get(i));
          if (m != null) {
            assertEquals(contents(full.get(i)).length(), m.length());
            assertFalse(m.length() > 0 && m.hasBytes(), "skipped contents have no bytes");
          }
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  private static Memory contents(DumpRecord r) {
    if (r instanceof ObjectRecord o) {
      return o.contents();
    } else if (r instanceof ObjectRecordGo13 o) {
      return o.contents();
    } else if (r instanceof StackFrame f) {
      return f.contents();
    } else if (r instanceof DataSegment s) {
      return s.contents();
    } else if (r instanceof BssSegment s) {
      return s.contents();
    }
    return null;
  }

  /** The record with its memory replaced by an empty one, to compare the other components. */
  private static DumpRecord withoutContents(DumpRecord r) {
    Memory none = Memory.EMPTY;
    if (r instanceof ObjectRecord o) {
      return new ObjectRecord(o.address(), none, o.fields());
    } else if (r instanceof ObjectRecordGo13 o) {
      return new ObjectRecordGo13(o.address(), o.typeAddress(), o.kind(), none);
    } else if (r instanceof StackFrame f) {
      return new StackFrame(f.sp(), f.depth(), f.childSp(), none, f.entryPc(), f.pc(),
          f.continuationPc(), f.functionName(), f.fields());
    } else if (r instanceof DataSegment s) {
      return new DataSegment(s.address(), none, s.fields());
    } else if (r instanceof BssSegment s) {
      return new BssSegment(s.address(), none, s.fields());
    }
    return r;
  }
}
