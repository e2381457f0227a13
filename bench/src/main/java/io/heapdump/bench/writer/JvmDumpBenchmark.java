package io.heapdump.bench.writer;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.heapdump.writer.jvm.JvmDumpSummary;
import io.heapdump.writer.jvm.JvmDumper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HotSpot's HPROF dump alone versus the whole Go-format dump ({@link JvmDumper#dumpCurrentJvm},
 * which includes that HPROF dump) of the same JVM, holding about {@code objects} live objects.
 * Each is run {@code rounds} times, alternating; the first round shows a cold JVM (class loading,
 * interpreter, JIT), the medians of the others a warm one. Run it with a small {@code -Xmx} to show
 * that transcoding streams:
 *
 * <pre>
 * java -Xmx256m -cp bench/target/benchmarks.jar io.heapdump.bench.writer.JvmDumpBenchmark \
 *     1000000 5 /tmp
 * </pre>
 */
public final class JvmDumpBenchmark {
  private JvmDumpBenchmark() {}

  /** A small object graph node: with its label (String + byte[]) and scores, four objects. */
  static final class Item {
    final long id;
    final String label;
    final int[] scores;
    Item next;

    Item(long id, Item next) {
      this.id = id;
      this.label = "item-" + id;
      this.scores = new int[] {(int) id, (int) (id >>> 3)};
      this.next = next;
    }
  }

  public static void main(String[] args) throws IOException {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = Math.max(2, args.length > 1 ? Integer.parseInt(args[1]) : 6);
    Path dir = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
    List<Item> items = new ArrayList<>();
    Item previous = null;
    for (int i = 0; i < objects / 4; i++) {
      previous = new Item(i, previous);
      items.add(previous);
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.out.printf("heap: %d items (~%d objects), %.1f MB used after GC, -Xmx %.0f MB%n",
        items.size(), 4L * items.size(), memory.getHeapMemoryUsage().getUsed() / 1e6,
        Runtime.getRuntime().maxMemory() / 1e6);

    HotSpotDiagnosticMXBean diagnostics =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Path hprof = dir.resolve("jvm-dump-benchmark.hprof");
    Path out = dir.resolve("jvm-dump-benchmark.dump");
    double[] hprofSeconds = new double[rounds];
    double[] wholeSeconds = new double[rounds];
    double[] conversionSeconds = new double[rounds];
    JvmDumpSummary last = null;
    long allocated = 0;
    for (int round = 0; round < rounds; round++) {
      Files.deleteIfExists(hprof);
      long start = System.nanoTime();
      diagnostics.dumpHeap(hprof.toString(), true);
      hprofSeconds[round] = (System.nanoTime() - start) / 1e9;
      Files.delete(hprof);

      // Like the HPROF file above, the Go dump goes to a fresh file: replacing last round's would
      // add the file system's freeing of its ~50 MB to the timing.
      Files.deleteIfExists(out);
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      start = System.nanoTime();
      last = JvmDumper.dumpCurrentJvm(out);
      wholeSeconds[round] = (System.nanoTime() - start) / 1e9;
      allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
      conversionSeconds[round] = last.conversionTime().toNanos() / 1e9;
      System.out.printf("round %d: hprof %.3f s, whole Go dump %.3f s (of which conversion %.3f s)%n",
          round + 1, hprofSeconds[round], wholeSeconds[round], conversionSeconds[round]);
    }
    Files.deleteIfExists(out);
    System.out.printf("objects %d, classes %d, threads %d, HPROF %.1f MB, Go dump %.1f MB%n",
        last.objects(), last.classes(), last.threads(), last.hprofBytes() / 1e6,
        last.bytesWritten() / 1e6);
    System.out.printf("cold (round 1): hprof %.3f s, whole Go dump %.3f s, ratio %.2f%n",
        hprofSeconds[0], wholeSeconds[0], wholeSeconds[0] / hprofSeconds[0]);
    double[] warmHprof = Arrays.copyOfRange(hprofSeconds, 1, rounds);
    double[] warmWhole = Arrays.copyOfRange(wholeSeconds, 1, rounds);
    System.out.printf("warm median (rounds 2..%d): hprof %.3f s, whole Go dump %.3f s, "
            + "conversion %.3f s, ratio %.2f%n", rounds, median(warmHprof), median(warmWhole),
        median(Arrays.copyOfRange(conversionSeconds, 1, rounds)),
        median(warmWhole) / median(warmHprof));
    System.out.printf("allocated by the dumping thread in the last round: %.1f MB "
        + "(short-lived: per-record buffers)%n", allocated / 1e6);
    System.out.println("items still live: " + items.size());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
