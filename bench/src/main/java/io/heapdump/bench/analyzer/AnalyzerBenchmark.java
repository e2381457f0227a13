package io.heapdump.bench.analyzer;

import io.heapdump.analyzer.Dominators;
import io.heapdump.analyzer.HeapGraph;
import io.heapdump.analyzer.ObjectTypes;
import io.heapdump.analyzer.Reachability;
import io.heapdump.analyzer.RootPaths;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times the analyzer's core on whole dumps and reports bytes per object: loading the graph
 * (object index, edges, roots), dominators with retained sizes, and reachability; then, once,
 * type inference (a further read of the dump) and shortest root paths. Not JMH: each
 * phase runs once per round on a multi-second input, so rounds are timed with {@code nanoTime}
 * and the best and median of the rounds reported (the first round warms the JIT).
 *
 * <pre>
 * java -Xmx4g -cp bench/target/benchmarks.jar io.heapdump.bench.analyzer.AnalyzerBenchmark \
 *     [--rounds N] [--synthetic OBJECTS] DUMP...
 * </pre>
 * With {@code --synthetic}, each DUMP that does not exist yet is first written by
 * {@link SyntheticHeap} with that many objects.
 *
 * <p>Memory: "arrays" counts the bytes of the primitive arrays the analysis keeps (object index,
 * edges, roots excluded, dominators and retained sizes); "heap" is the used heap after a full GC
 * with the results held, minus the used heap before loading. The peak during the dominator
 * computation is higher (see bench/results/analyzer.md).
 */
public final class AnalyzerBenchmark {
  private AnalyzerBenchmark() {}

  public static void main(String[] args) throws IOException {
    int rounds = 5;
    int synthetic = -1;
    int i = 0;
    for (; i < args.length && args[i].startsWith("--"); i += 2) {
      if (i + 1 >= args.length) {
        usage("missing value after " + args[i]);
      }
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--synthetic" -> synthetic = Integer.parseInt(args[i + 1]);
        default -> usage("unknown option " + args[i]);
      }
    }
    if (i == args.length) {
      usage("no dump given");
    }
    for (; i < args.length; i++) {
      Path dump = Path.of(args[i]);
      if (synthetic > 0 && !Files.exists(dump)) {
        long t = System.nanoTime();
        SyntheticHeap.write(dump, synthetic);
        System.out.printf("wrote %s (%d objects requested) in %.1f s%n", dump, synthetic,
            (System.nanoTime() - t) / 1e9);
      }
      measure(dump, rounds);
    }
  }

  private static void usage(String problem) {
    System.err.println("AnalyzerBenchmark: " + problem);
    System.err.println("usage: AnalyzerBenchmark [--rounds N] [--synthetic OBJECTS] DUMP...");
    System.exit(2);
  }

  private static void measure(Path dump, int rounds) throws IOException {
    long[] load = new long[rounds];
    long[] dominators = new long[rounds];
    long[] reachability = new long[rounds];
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int r = 0; r < rounds; r++) {
      fullGc();
      long before = memory.getHeapMemoryUsage().getUsed();
      long t0 = System.nanoTime();
      HeapGraph graph = HeapGraph.load(dump);
      long t1 = System.nanoTime();
      Dominators d = Dominators.compute(graph);
      long t2 = System.nanoTime();
      Reachability live = Reachability.of(graph);
      long t3 = System.nanoTime();
      load[r] = t1 - t0;
      dominators[r] = t2 - t1;
      reachability[r] = t3 - t2;
      if (r == rounds - 1) {
        fullGc();
        long held = memory.getHeapMemoryUsage().getUsed() - before;
        int n = graph.objectCount();
        long arrays = graph.footprintBytes() + d.footprintBytes();
        System.out.printf("%s: %,d bytes, %,d objects, %,d edges (%.2f per object), %,d roots,"
                + " %,d live objects (%,d bytes), %,d garbage%n",
            dump, Files.size(dump), n, graph.edgeCount(), (double) graph.edgeCount() / n,
            graph.roots().count(), live.liveCount(), live.liveBytes(), live.garbageCount());
        System.out.printf("  memory held: arrays %.1f bytes/object, heap %.1f bytes/object%n",
            (double) arrays / n, (double) held / n);
        System.out.printf("  load graph    %s%n", summary(load, n));
        System.out.printf("  dominators    %s%n", summary(dominators, n));
        System.out.printf("  reachability  %s%n", summary(reachability, n));
        long[] total = new long[rounds];
        Arrays.setAll(total, k -> load[k] + dominators[k]);
        System.out.printf("  load+dominators %s%n", summary(total, n));
        long t4 = System.nanoTime();
        ObjectTypes types = ObjectTypes.infer(graph);
        long t5 = System.nanoTime();
        RootPaths.of(graph);
        long t6 = System.nanoTime();
        System.out.printf("  once: types %.3f s (%,d of %,d objects typed, %,d classes), root paths %.3f s%n",
            (t5 - t4) / 1e9, types.typedCount(), n, types.classCount(), (t6 - t5) / 1e9);
      }
      graph.close();
    }
  }

  private static String summary(long[] nanos, int objects) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    long best = sorted[0];
    long median = sorted[sorted.length / 2];
    return String.format("best %.3f s (%.0f ns/object), median %.3f s, rounds %d", best / 1e9,
        (double) best / objects, median / 1e9, nanos.length);
  }

  private static void fullGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
  }
}
