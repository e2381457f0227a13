package io.heapdump.writer.jvm;

import io.heapdump.codec.MemStats;
import java.io.IOException;
import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.util.Locale;
import javax.management.MBeanServerConnection;

/**
 * What the Go dump's params and memstats records say about the dumped JVM, read from its
 * platform MXBeans (this JVM's, or another's through JMX). A converted HPROF file has no MXBeans:
 * {@link #UNKNOWN} leaves every statistic 0.
 *
 * @param goarch GOARCH-style name of {@code os.arch} ("amd64", "arm64", ...), "unknown" if unknown
 * @param javaVersion the JVM's {@code java.version}, for the build version
 * @param cpuCount available processors, 0 if unknown
 * @param heapUsed bytes of heap in use
 * @param heapCommitted bytes of heap committed
 * @param nonHeapCommitted bytes of non-heap memory committed (metaspace, code cache)
 * @param gcCount collections of every collector together
 * @param gcTimeMillis accumulated collection time of every collector, milliseconds
 * @param lastGcEndMillis wall-clock end of the latest collection, ms since the epoch; 0 if none
 * @param lastGcDurationMillis duration of the latest collection, ms; 0 if none
 */
record JvmSnapshot(
    String goarch, String javaVersion, long cpuCount, long heapUsed, long heapCommitted,
    long nonHeapCommitted, long gcCount, long gcTimeMillis, long lastGcEndMillis,
    long lastGcDurationMillis) {

  static final JvmSnapshot UNKNOWN = new JvmSnapshot("unknown", "unknown", 0, 0, 0, 0, 0, 0, 0, 0);

  /** Reads the MXBeans behind {@code connection} (the platform server for this JVM). */
  static JvmSnapshot capture(MBeanServerConnection connection) throws IOException {
    RuntimeMXBean runtime = ManagementFactory.getPlatformMXBean(connection, RuntimeMXBean.class);
    OperatingSystemMXBean os =
        ManagementFactory.getPlatformMXBean(connection, OperatingSystemMXBean.class);
    MemoryMXBean memory = ManagementFactory.getPlatformMXBean(connection, MemoryMXBean.class);
    MemoryUsage heap = memory.getHeapMemoryUsage();
    long count = 0;
    long time = 0;
    long lastEnd = 0;
    long lastDuration = 0;
    for (GarbageCollectorMXBean gc :
        ManagementFactory.getPlatformMXBeans(connection, GarbageCollectorMXBean.class)) {
      count += Math.max(0, gc.getCollectionCount());
      time += Math.max(0, gc.getCollectionTime());
      GcInfo last = gc.getLastGcInfo();
      if (last != null && runtime.getStartTime() + last.getEndTime() > lastEnd) {
        lastEnd = runtime.getStartTime() + last.getEndTime();
        lastDuration = last.getDuration();
      }
    }
    String version =
        runtime.getSystemProperties().getOrDefault("java.version", runtime.getSpecVersion());
    return new JvmSnapshot(goarch(os.getArch()), version, os.getAvailableProcessors(),
        heap.getUsed(), heap.getCommitted(), memory.getNonHeapMemoryUsage().getCommitted(),
        count, time, lastEnd, lastDuration);
  }

  /** The GOARCH name of a Java {@code os.arch}. */
  static String goarch(String osArch) {
    switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64":
      case "x86_64":
        return "amd64";
      case "aarch64":
      case "arm64":
        return "arm64";
      case "x86":
      case "i386":
      case "i486":
      case "i586":
      case "i686":
        return "386";
      case "arm":
      case "arm32":
        return "arm";
      case "ppc64le":
        return "ppc64le";
      case "ppc64":
        return "ppc64";
      case "s390x":
        return "s390x";
      case "riscv64":
        return "riscv64";
      default:
        return osArch;
    }
  }

  /**
   * The memstats record: heap figures from the memory MXBean, GC count and time from the
   * collectors, {@code heapObjects} from the dump itself; 0 where the JVM has no equivalent.
   */
  MemStats memStats(long heapObjects) {
    long[] v = new long[MemStats.VALUE_COUNT];
    v[0] = heapUsed; // Alloc
    v[2] = heapCommitted + nonHeapCommitted; // Sys
    v[6] = heapUsed; // HeapAlloc
    v[7] = heapCommitted; // HeapSys
    v[8] = Math.max(0, heapCommitted - heapUsed); // HeapIdle
    v[9] = heapUsed; // HeapInuse
    v[11] = heapObjects; // HeapObjects
    v[22] = lastGcEndMillis * 1_000_000; // LastGC, wall-clock ns
    v[23] = gcTimeMillis * 1_000_000; // PauseTotalNs
    if (gcCount > 0) {
      v[24 + (int) ((gcCount + MemStats.PAUSE_HISTORY - 1) % MemStats.PAUSE_HISTORY)] =
          lastGcDurationMillis * 1_000_000; // PauseNs of the latest GC, as Go indexes it
    }
    v[MemStats.VALUE_COUNT - 1] = gcCount; // NumGC
    return MemStats.ofValues(v);
  }
}
