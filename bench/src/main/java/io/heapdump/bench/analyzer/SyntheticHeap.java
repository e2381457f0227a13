package io.heapdump.bench.analyzer;

import io.heapdump.codec.DataSegment;
import io.heapdump.codec.DumpEncoder;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Eof;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.Params;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

/**
 * Writes a synthetic go1.7 dump shaped like {@code gosrc/cmd/bigheap}, at any size, for the
 * analyzer's scaling measurements: a linked list of 32-byte nodes (80% of the objects, one chain
 * as deep as the list), 144-byte map buckets holding 8 node pointers each, one bucket array
 * pointing at every bucket, and 10% unreachable 32-byte objects pointing at random nodes. Two
 * globals hold the list head and the bucket array. About 1.8 edges per object.
 */
public final class SyntheticHeap {
  private static final long HEAP_START = 0xc000000000L;
  private static final int NODE = 32;
  private static final int BUCKET = 144;
  private static final FieldList NODE_FIELDS = FieldList.pointersAt(0);
  private static final FieldList BUCKET_FIELDS =
      FieldList.pointersAt(72, 80, 88, 96, 104, 112, 120, 128, 136);

  private SyntheticHeap() {}

  /** Writes a dump of about {@code objects} objects to {@code path} (temporary name, then renamed). */
  public static void write(Path path, int objects) throws IOException {
    int nodes = objects / 10 * 8;
    int buckets = (nodes + 7) / 8;
    int garbage = Math.max(0, objects - nodes - buckets - 1);
    long bucketStart = HEAP_START + (long) nodes * NODE;
    long arrayStart = bucketStart + (long) buckets * BUCKET;
    int arraySize = buckets * 8;
    long garbageStart = arrayStart + arraySize;
    long heapEnd = garbageStart + (long) garbage * NODE;
    Random random = new Random(42);
    Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), ".synthetic", ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
        DumpEncoder encoder = DumpEncoder.start(out, DumpVersion.GO1_7)) {
      encoder.write(new Params(false, 8, HEAP_START, heapEnd, "amd64", "go1.19.8", 2));
      ByteBuffer node = words(NODE);
      for (int i = 0; i < nodes; i++) {
        node.putLong(0, i + 1 < nodes ? HEAP_START + (long) (i + 1) * NODE : 0);
        node.putLong(8, i);
        encoder.write(new ObjectRecord(HEAP_START + (long) i * NODE, Memory.wrap(node.array()), NODE_FIELDS));
      }
      ByteBuffer bucket = words(BUCKET);
      for (int b = 0; b < buckets; b++) {
        for (int k = 0; k < 8; k++) {
          int i = b * 8 + k;
          bucket.putLong(8 + 8 * k, i); // keys
          bucket.putLong(72 + 8 * k, i < nodes ? HEAP_START + (long) i * NODE : 0);
        }
        encoder.write(new ObjectRecord(bucketStart + (long) b * BUCKET, Memory.wrap(bucket.array()), BUCKET_FIELDS));
      }
      ByteBuffer array = words(arraySize);
      long[] offsets = new long[buckets];
      for (int b = 0; b < buckets; b++) {
        array.putLong(8 * b, bucketStart + (long) b * BUCKET);
        offsets[b] = 8L * b;
      }
      encoder.write(new ObjectRecord(arrayStart, Memory.wrap(array.array()), FieldList.pointersAt(offsets)));
      for (int g = 0; g < garbage; g++) {
        node.putLong(0, HEAP_START + (long) random.nextInt(Math.max(1, nodes)) * NODE);
        node.putLong(8, -g);
        encoder.write(new ObjectRecord(garbageStart + (long) g * NODE, Memory.wrap(node.array()), NODE_FIELDS));
      }
      ByteBuffer globals = words(16);
      globals.putLong(0, HEAP_START);
      globals.putLong(8, arrayStart);
      encoder.write(new DataSegment(0x5a0000, Memory.wrap(globals.array()), FieldList.pointersAt(0, 8)));
      encoder.write(new Eof());
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static ByteBuffer words(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
