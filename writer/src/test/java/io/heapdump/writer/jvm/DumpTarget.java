package io.heapdump.writer.jvm;

/** A JVM for {@link JvmDumperTest} to dump by pid: says "ready", then waits to be killed. */
public final class DumpTarget {
  /** One instance, held by main's frame. */
  static final class Marker {}

  public static void main(String[] args) throws InterruptedException {
    Marker marker = new Marker();
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(60_000);
    java.lang.ref.Reference.reachabilityFence(marker);
  }
}
