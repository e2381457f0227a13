package io.heapdump.writer.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.heapdump.codec.Finalizer;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.OsThread;
import io.heapdump.codec.OtherRoot;
import io.heapdump.codec.QueuedFinalizer;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.TypeRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmDumperTest {
  @TempDir Path dir;

  /** An object only a local variable of the test method holds. */
  static final class LocalMarker {}

  /** An object with a finalizer, to find as a Finalizer record. */
  static final class Finalizable {
    static volatile int finalized;

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    protected void finalize() {
      finalized++; // an empty finalize() is never registered
    }
  }

  /** Holds up the JVM's finalizer thread, so that later finalizers stay queued. */
  static final class FinalizerBlocker {
    static final CountDownLatch RUNNING = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    protected void finalize() throws InterruptedException {
      RUNNING.countDown();
      RELEASE.await();
    }
  }

  /** An unreachable object whose finalizer waits to run. */
  static final class Unreachable {
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    protected void finalize() {
      Finalizable.finalized++;
    }
  }

  @Test
  void dumpOfThisJvmMatchesWhatTheJvmReports() throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    LocalMarker marker = new LocalMarker();
    Finalizable finalizable = new Finalizable();
    JvmDumper.dumpCurrentJvm(dir.resolve("warm-up.dump")); // loads the converter's classes
    Path out = dir.resolve("jvm.dump");
    long threadsBefore;
    long threadsAfter;
    long classesBefore;
    long classesAfter;
    JvmDumpSummary summary;
    // A thread that starts or ends during the dump (a process reaper left idle by another test
    // times out, say) makes the counts disagree: dump again until no thread came or went.
    int attempts = 0;
    do {
      threadsBefore = threads.getThreadCount();
      classesBefore = classes.getLoadedClassCount();
      summary = JvmDumper.dumpCurrentJvm(out);
      threadsAfter = threads.getThreadCount();
      classesAfter = classes.getLoadedClassCount();
    } while (threadsBefore != threadsAfter && ++attempts < 5);
    DumpContents dump = DumpContents.read(out);

    assertEquals(threadsBefore, threadsAfter, "threads kept starting or ending during the dump");
    assertEquals(threadsBefore, dump.routines.size(), "one goroutine per live thread");
    assertEquals(summary.threads(), dump.routines.size());
    // HPROF has array classes, which the loaded class count leaves out. HotSpot's dumper skips
    // classes loaded but not yet linked (a handful in a test JVM): allow 1% fewer types.
    long nonArrayTypes = dump.types.values().stream().filter(t -> !t.name().startsWith("[")).count();
    assertTrue(classesBefore * 99 / 100 <= nonArrayTypes && nonArrayTypes <= classesAfter,
        nonArrayTypes + " non-array types, " + classesBefore + ".." + classesAfter + " loaded classes");
    assertEquals(summary.classes(), dump.types.size());
    assertEquals(summary.objects(), dump.objects.size());
    assertEquals(Files.size(out), summary.bytesWritten());

    assertTrue(dump.params.bigEndian());
    long[] addresses = dump.objects.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    for (DumpContents.Obj o : dump.objects.values()) {
      assertTrue(dump.params.heapStart() <= o.address()
          && o.address() + o.contents().length <= dump.params.heapEnd(), "object inside the heap");
      assertNotNull(dump.typeOf(o), "header word of 0x" + Long.toHexString(o.address()));
      for (long at : o.fields().pointerOffsets(dump.format.pointerSize())) {
        long p = dump.word(o.contents(), at);
        assertTrue(p == 0 || Arrays.binarySearch(addresses, p) >= 0,
            "pointer 0x" + Long.toHexString(p) + " is not an object start");
      }
    }
    assertEquals(dump.objects.size(), dump.memStats.heapObjects());
    assertTrue(dump.memStats.numGC() >= 1, "a live dump runs a full GC");

    DumpContents.Routine self = dump.routines.stream()
        .filter(r -> r.goroutine().id() == Thread.currentThread().getId()).findFirst().orElseThrow();
    assertEquals(Goroutine.STATUS_RUNNABLE, self.goroutine().status());
    assertEquals("RUNNABLE", self.goroutine().waitReason());
    long markerAddress = addressOfOnly(dump, LocalMarker.class.getName());
    StackFrame testFrame = self.frames().stream()
        .filter(f -> f.functionName().equals(getClass().getName() + ".dumpOfThisJvmMatchesWhatTheJvmReports"))
        .findFirst().orElseThrow();
    assertTrue(pointers(testFrame, dump).contains(markerAddress), "the test frame holds the marker");
    for (int d = 1; d < self.frames().size(); d++) {
      assertEquals(self.frames().get(d - 1).sp(), self.frames().get(d).childSp());
      assertTrue(self.frames().get(d).sp() > self.frames().get(d - 1).sp());
    }
    assertTrue(dump.others.stream().anyMatch(
        r -> r instanceof OsThread t && t.address() == self.goroutine().threadAddress()));
    assertTrue(dump.others.stream().anyMatch(
        r -> r instanceof OtherRoot root && root.description().equals("sticky class")));

    long finalizableAddress = addressOfOnly(dump, Finalizable.class.getName());
    assertTrue(dump.others.stream().anyMatch(
        r -> r instanceof Finalizer f && f.object() == finalizableAddress));
    assertFalse(dump.others.stream().anyMatch(
        r -> r instanceof QueuedFinalizer f && f.object() == finalizableAddress));
    java.lang.ref.Reference.reachabilityFence(marker);
    java.lang.ref.Reference.reachabilityFence(finalizable);
  }

  @Test
  void unreachableObjectsWithFinalizersAreQueuedFinalizers() throws Exception {
    new FinalizerBlocker();
    while (!FinalizerBlocker.RUNNING.await(100, TimeUnit.MILLISECONDS)) {
      System.gc();
    }
    try {
      new Unreachable();
      // The GC finds it unreachable; the reference handler then queues its finalizer, soon.
      for (int attempt = 0; attempt < 20; attempt++) {
        System.gc();
        Path out = dir.resolve("queued.dump");
        JvmDumper.dumpCurrentJvm(out);
        DumpContents dump = DumpContents.read(out);
        long address = addressOfOnly(dump, Unreachable.class.getName());
        if (dump.others.stream().anyMatch(r -> r instanceof QueuedFinalizer f && f.object() == address)) {
          assertFalse(dump.others.stream().anyMatch(r -> r instanceof Finalizer f && f.object() == address));
          return;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("the unreachable object never showed up as a queued finalizer");
    } finally {
      FinalizerBlocker.RELEASE.countDown();
    }
  }

  @Test
  void convertsAnHprofFileAndLeavesIt() throws IOException {
    Path hprof = dir.resolve("heap.hprof");
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .dumpHeap(hprof.toString(), true);
    long hprofSize = Files.size(hprof);
    Path out = dir.resolve("heap.dump");
    JvmDumpSummary summary = JvmDumper.convertHprof(hprof, out);
    assertEquals(hprofSize, summary.hprofBytes());
    assertTrue(Files.exists(hprof));
    DumpContents dump = DumpContents.read(out);
    assertEquals(summary.objects(), dump.objects.size());
    assertEquals("unknown", dump.params.architecture());
    assertEquals(0, dump.memStats.numGC(), "a file has no MXBeans");
  }

  @Test
  void aFileThatIsNotHprofGivesAClearErrorAndNoOutput() throws IOException {
    Path notHprof = dir.resolve("notes.txt");
    Files.writeString(notHprof, "JAVA PROFILE? no, a grocery list\n".repeat(10));
    Path out = dir.resolve("out.dump");
    IOException e = assertThrows(IOException.class, () -> JvmDumper.convertHprof(notHprof, out));
    assertTrue(e.getMessage().contains(notHprof.toString()), e.getMessage());
    assertEquals(List.of(notHprof), listDir());
  }

  @Test
  void dumpsAnotherJvmByPid() throws Exception {
    checkDumpOfChild(Path.of(System.getProperty("java.home")));
  }

  /**
   * Since JDK 19 a thread's status lives in its Thread$FieldHolder. Runs when a newer JDK is
   * installed beside this one (as /usr/lib/jvm/* on Debian), else is skipped.
   */
  @Test
  void dumpsAJvmOfANewerJdkWithItsThreadStates() throws Exception {
    Path newer = newerJdk();
    Assumptions.assumeTrue(newer != null, "no JDK 19 or later beside " + System.getProperty("java.home"));
    checkDumpOfChild(newer);
  }

  private void checkDumpOfChild(Path javaHome) throws Exception {
    String java = javaHome.resolve("bin").resolve("java").toString();
    Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        DumpTarget.class.getName()).redirectErrorStream(true).start();
    try {
      BufferedReader lines = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("ready", lines.readLine());
      Path out = dir.resolve("child.dump");
      JvmDumpSummary summary = JvmDumper.dumpProcess(child.pid(), out);
      DumpContents dump = DumpContents.read(out);
      assertEquals(summary.threads(), dump.routines.size());
      addressOfOnly(dump, DumpTarget.Marker.class.getName());
      DumpContents.Routine main = dump.routines.stream()
          .filter(r -> r.frames().stream()
              .anyMatch(f -> f.functionName().equals(DumpTarget.class.getName() + ".main")))
          .findFirst().orElseThrow();
      assertEquals("TIMED_WAITING", main.goroutine().waitReason(), "main sleeps");
      assertEquals(Goroutine.STATUS_WAITING, main.goroutine().status());
      assertTrue(dump.memStats.numGC() >= 1, "memstats come from the target's MXBeans");
      assertEquals(List.of(out), listDir(), "the intermediate HPROF file is gone");
    } finally {
      child.destroy();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A JDK of version 19 or later in the directory that holds this one, or null. */
  private static Path newerJdk() throws IOException {
    Path jvms = Path.of(System.getProperty("java.home")).toRealPath().getParent();
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes.filter(h -> Files.isExecutable(h.resolve("bin").resolve("java")))
          .filter(h -> featureVersion(h) >= 19).findFirst().orElse(null);
    }
  }

  /** The feature version in a JDK's release file, or 0. */
  private static int featureVersion(Path javaHome) {
    try {
      for (String line : Files.readAllLines(javaHome.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(v.split("[.+-]")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  @Test
  void aProcessThatCannotBeAttachedGivesAClearError() throws IOException {
    Path out = dir.resolve("none.dump");
    IOException e =
        assertThrows(IOException.class, () -> JvmDumper.dumpProcess(Integer.MAX_VALUE - 1, out));
    assertTrue(e.getMessage().startsWith("process " + (Integer.MAX_VALUE - 1) + " is not a JVM"),
        e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void aProcessThatIsNotAJvmIsLeftAlive() throws Exception {
    // Attaching sends SIGQUIT, which would kill a process that is not a JVM.
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      Path out = dir.resolve("sleep.dump");
      IOException e = assertThrows(IOException.class,
          () -> JvmDumper.dumpProcess(sleeper.pid(), out));
      assertTrue(e.getMessage().contains("is not a JVM"), e.getMessage());
      Thread.sleep(200);
      assertTrue(sleeper.isAlive(), "the process must survive");
      assertFalse(Files.exists(out));
    } finally {
      sleeper.destroyForcibly();
    }
  }

  private static long addressOfOnly(DumpContents dump, String className) {
    TypeRecord type = dump.types.values().stream().filter(t -> t.name().equals(className))
        .findFirst().orElseThrow(() -> new AssertionError("no type " + className));
    List<DumpContents.Obj> found = dump.objects.values().stream()
        .filter(o -> dump.word(o.contents(), 0) == type.address()).toList();
    assertEquals(1, found.size(), "instances of " + className);
    return found.get(0).address();
  }

  private static List<Long> pointers(StackFrame f, DumpContents dump) {
    byte[] words = f.contents().toByteArray();
    return Arrays.stream(f.fields().pointerOffsets(dump.format.pointerSize()))
        .mapToObj(at -> dump.word(words, at)).toList();
  }

  private List<Path> listDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

}
