package io.heapdump.writer.jvm;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.heapdump.codec.DumpVersion;
import io.heapdump.writer.DumpWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Go-format heap dumps of a JVM: HotSpot writes an HPROF file of the live objects, which is
 * transcoded in two streaming passes (memory grows with classes, threads and roots, not with
 * objects) into a go1.7 dump, then deleted. The mapping is in docs/jvm-mapping.md.
 *
 * <pre>{@code
 * JvmDumpSummary s = JvmDumper.dumpCurrentJvm(Path.of("jvm.dump"));
 * JvmDumpSummary t = JvmDumper.dumpProcess(4242, Path.of("other.dump"));
 * JvmDumpSummary u = JvmDumper.convertHprof(Path.of("heap.hprof"), Path.of("heap.dump"));
 * }</pre>
 *
 * <p>Outputs are written through a temporary file and renamed; on any failure no output file is
 * left and an existing one is untouched. The intermediate HPROF file is written beside the output
 * (it is usually larger than /tmp likes) and always deleted.
 */
public final class JvmDumper {
  private JvmDumper() {}

  /** Dumps the live objects of this JVM. */
  public static JvmDumpSummary dumpCurrentJvm(Path out) throws IOException {
    return dumpThrough(ManagementFactory.getPlatformMBeanServer(), out);
  }

  /**
   * Dumps the live objects of another HotSpot JVM on this machine, through the attach API and
   * the target's local JMX agent (public APIs only: no {@code --add-exports} or other flag is
   * needed here). The target must run as the same user and allow attach (no
   * {@code -XX:+DisableAttachMechanism}); for this JVM's own pid this is
   * {@link #dumpCurrentJvm}.
   *
   * @throws IOException with a message saying why when the process cannot be attached to
   */
  public static JvmDumpSummary dumpProcess(long pid, Path out) throws IOException {
    if (pid == ProcessHandle.current().pid()) {
      return dumpCurrentJvm(out);
    }
    String id = Long.toString(pid);
    // Attaching signals the target (SIGQUIT), which kills a process that is not a JVM.
    if (VirtualMachine.list().stream().noneMatch(d -> d.id().equals(id))) {
      throw new IOException("process " + pid + " is not a JVM this user can attach to (the attach "
          + "API does not list it; a JVM run with -XX:-UsePerfData is not listed either)");
    }
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(id);
    } catch (AttachNotSupportedException e) {
      throw new IOException("cannot attach to process " + pid + ": " + e.getMessage()
          + " (is it a HotSpot JVM run by this user, without -XX:+DisableAttachMechanism?)", e);
    } catch (IOException e) {
      throw new IOException("cannot attach to process " + pid + ": " + e.getMessage(), e);
    }
    try {
      String address = vm.startLocalManagementAgent();
      try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
        return dumpThrough(connector.getMBeanServerConnection(), out);
      }
    } finally {
      vm.detach();
    }
  }

  /** Converts an HPROF file (any JVM's, any time's) into a Go-format dump. */
  public static JvmDumpSummary convertHprof(Path hprof, Path out) throws IOException {
    return convert(hprof, out, JvmSnapshot.UNKNOWN, Duration.ZERO);
  }

  private static JvmDumpSummary dumpThrough(MBeanServerConnection connection, Path out)
      throws IOException {
    Path absolute = out.toAbsolutePath();
    Path hprof =
        Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".hprof");
    try {
      Files.delete(hprof); // HotSpot refuses to overwrite a file
      HotSpotDiagnosticMXBean diagnostics =
          ManagementFactory.getPlatformMXBean(connection, HotSpotDiagnosticMXBean.class);
      long start = System.nanoTime();
      try {
        diagnostics.dumpHeap(hprof.toString(), true);
      } catch (RuntimeException e) {
        // A remote JVM's failure arrives wrapped in JMX's runtime exceptions.
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        throw new IOException("the JVM could not write its heap dump to " + hprof + ": " + cause, e);
      }
      Duration heapDump = Duration.ofNanos(System.nanoTime() - start);
      // After the dump, so that the statistics include the full GC a live dump runs.
      JvmSnapshot jvm = JvmSnapshot.capture(connection);
      return convert(hprof, out, jvm, heapDump);
    } finally {
      Files.deleteIfExists(hprof);
    }
  }

  private static JvmDumpSummary convert(Path hprof, Path out, JvmSnapshot jvm, Duration heapDump)
      throws IOException {
    long start = System.nanoTime();
    try (HprofFile file = HprofFile.open(hprof)) {
      HprofIndex index = HprofIndex.read(file);
      DumpWriter writer = DumpWriter.create(out, DumpVersion.GO1_7);
      try {
        HprofConverter.convert(index, jvm, writer);
        writer.close();
      } catch (IOException | RuntimeException | Error e) {
        writer.abort();
        throw e;
      }
      return new JvmDumpSummary(out, index.objectCount(), index.classList.length,
          index.threads.size(), index.gcRoots, Files.size(out), Files.size(hprof), heapDump,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
