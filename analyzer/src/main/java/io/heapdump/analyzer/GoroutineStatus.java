package io.heapdump.analyzer;

/** Names of the Go runtime's goroutine status codes ({@code runtime/runtime2.go}). */
final class GoroutineStatus {
  /** Set on top of a status while the GC scans the stack. */
  private static final long SCAN = 0x1000;
  private static final String[] NAMES = {
    "idle", "runnable", "running", "syscall", "waiting", "moribund", "dead", "enqueue",
    "copystack", "preempted"
  };

  private GoroutineStatus() {}

  static String name(long status) {
    long base = status & ~SCAN;
    String name = base >= 0 && base < NAMES.length ? NAMES[(int) base] : "status " + base;
    return (status & SCAN) != 0 ? name + " (scan)" : name;
  }

  static boolean isWaiting(long status) {
    return (status & ~SCAN) == 4;
  }
}
