package io.heapdump.bench.reader;

import io.heapdump.codec.DumpRecord;
import io.heapdump.reader.DumpReader;
import io.heapdump.reader.ObjectIndex;
import io.heapdump.reader.ReadOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading one dump file four ways: the raw bytes (the baseline), every record decoded, a scan
 * that skips memory contents, and an {@link ObjectIndex} build. Divide the file size (printed at
 * setup) by the time per operation for MB/s.
 *
 * <p>Inputs: {@code bigheap} is the dump of {@code gosrc/cmd/bigheap} (1M objects, about 96 MB)
 * at the path in {@code -Dheapdump.bench.bigheap} (default {@code bench/target/bigheap.dump});
 * {@code synthetic10m} is a 10-million-object dump from {@link SyntheticDump}, written to
 * {@code bench/target/synthetic-10m.dump} on first use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Xms4g"})
public class ReaderBenchmark {
  @Param({"bigheap", "synthetic10m"})
  public String input;

  private Path path;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    if (input.equals("bigheap")) {
      path = Path.of(System.getProperty("heapdump.bench.bigheap", "bench/target/bigheap.dump"));
      if (!Files.isRegularFile(path)) {
        throw new IOException(path + " is missing: run (cd gosrc && go run ./cmd/bigheap -out "
            + path.toAbsolutePath() + ") or set -Dheapdump.bench.bigheap");
      }
    } else {
      path = Path.of(System.getProperty("heapdump.bench.synthetic", "bench/target/synthetic-10m.dump"));
      if (!Files.isRegularFile(path)) {
        Files.createDirectories(path.toAbsolutePath().getParent());
        SyntheticDump.write(path, 10_000_000);
      }
    }
    try (ObjectIndex index = ObjectIndex.build(path)) {
      System.out.printf("%n%s: %s, %d bytes, %d objects, index %d bytes/object%n", input, path,
          Files.size(path), index.size(), index.memoryBytes() / Math.max(1, index.size()));
    }
  }

  /** Baseline: every byte of the file read into a reused buffer and folded into a checksum. */
  @Benchmark
  public long rawRead() throws IOException {
    long sum = 0;
    try (FileChannel channel = FileChannel.open(path)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      while (channel.read(buffer) > 0) {
        buffer.flip();
        while (buffer.remaining() >= Long.BYTES) {
          sum ^= buffer.getLong();
        }
        while (buffer.hasRemaining()) {
          sum ^= buffer.get();
        }
        buffer.clear();
      }
    }
    return sum;
  }

  /** Every record decoded, contents as views of the mapped file. */
  @Benchmark
  public long fullDecode(Blackhole blackhole) throws IOException {
    return readAll(ReadOptions.defaults(), blackhole);
  }

  /** Every record decoded except memory contents, which are stepped over. */
  @Benchmark
  public long skipScan(Blackhole blackhole) throws IOException {
    return readAll(ReadOptions.defaults().skipContents(true), blackhole);
  }

  /** The object index: one skipping pass, then the sort by address. */
  @Benchmark
  public int indexBuild() throws IOException {
    try (ObjectIndex index = ObjectIndex.build(path)) {
      return index.size();
    }
  }

  private long readAll(ReadOptions options, Blackhole blackhole) throws IOException {
    long records = 0;
    try (DumpReader reader = DumpReader.open(path, options)) {
      for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
        blackhole.consume(r);
        records++;
      }
    }
    return records;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.gc(); // unmap the windows of the last reads before the next input
  }
}
