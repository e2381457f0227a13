package io.heapdump.bench.reader;

import io.heapdump.codec.DataSegment;
import io.heapdump.codec.DumpEncoder;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Eof;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Memory;
import io.heapdump.codec.MemStats;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.Params;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

/**
 * Writes a large synthetic go1.7-layout dump shaped like a Go heap: objects of the small size
 * classes laid out in 8 KiB spans, spans written in shuffled address order (as the runtime walks
 * them, not sorted), each object's first word pointing at another object.
 */
public final class SyntheticDump {
  private static final long HEAP_START = 0xc000000000L;
  private static final int SPAN = 8192;
  private static final int[] SIZE_CLASSES = {16, 32, 32, 48, 64, 16, 24, 96, 128, 8};

  private SyntheticDump() {}

  /** Writes a dump of {@code objects} objects to {@code path} (temporary name, then renamed). */
  public static void write(Path path, int objects) throws IOException {
    Random random = new Random(42);
    // Each span holds objects of one size class; count spans first to shuffle their addresses.
    int[] spanClass = new int[objects]; // generous upper bound on the number of spans
    int spans = 0;
    for (int placed = 0; placed < objects; spans++) {
      int size = SIZE_CLASSES[spans % SIZE_CLASSES.length];
      spanClass[spans] = size;
      placed += SPAN / size;
    }
    int[] slot = new int[spans];
    for (int i = 0; i < spans; i++) {
      slot[i] = i;
    }
    for (int i = spans - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = slot[i];
      slot[i] = slot[j];
      slot[j] = t;
    }
    long heapEnd = HEAP_START + (long) spans * SPAN;
    Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), ".synthetic", ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
        DumpEncoder encoder = DumpEncoder.start(out, DumpVersion.GO1_7)) {
      encoder.write(new Params(false, 8, HEAP_START, heapEnd, "amd64", "go1.19.8", 2));
      encoder.write(new DataSegment(0x5a0000, Memory.wrap(new byte[4096]), FieldList.pointersAt(0, 8, 64)));
      int written = 0;
      for (int s = 0; s < spans && written < objects; s++) {
        int size = spanClass[s];
        long base = HEAP_START + (long) slot[s] * SPAN;
        FieldList fields = size >= 16 ? FieldList.pointersAt(0) : FieldList.EMPTY;
        for (int k = 0; k < SPAN / size && written < objects; k++, written++) {
          byte[] contents = new byte[size];
          long target = HEAP_START + (long) random.nextInt(spans) * SPAN + 16L * random.nextInt(SPAN / 16);
          for (int b = 0; b < 8; b++) {
            contents[b] = (byte) (target >>> (8 * b));
          }
          for (int b = 8; b < size; b++) {
            contents[b] = (byte) (written + b);
          }
          encoder.write(new ObjectRecord(base + (long) k * size, Memory.wrap(contents), fields));
        }
      }
      encoder.write(MemStats.ofValues(new long[MemStats.VALUE_COUNT]));
      encoder.write(new Eof());
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes a dump: {@code SyntheticDump <path> [objects]} (default 10 million). */
  public static void main(String[] args) throws IOException {
    write(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000);
  }
}
