package io.heapdump.cli;

import com.google.gson.JsonObject;
import io.heapdump.writer.jvm.JvmDumpSummary;
import io.heapdump.writer.jvm.JvmDumper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@code heapdump jvm}: a Go-format dump of a JVM heap, to analyse with the other commands. */
final class JvmCommand implements Command {
  @Override
  public String name() {
    return "jvm";
  }

  @Override
  public String summary() {
    return "write a Go-format dump of a running JVM (--pid) or an HPROF file (--hprof)";
  }

  @Override
  public String help() {
    return Command.helpText("jvm [--pid PID | --hprof FILE] -o OUT",
        "Writes the live objects of a Java heap as a Go heap dump (go1.7 format), so that every\n"
            + "other command can analyse it: classes become types, threads goroutines, GC roots\n"
            + "roots (mapping in docs/jvm-mapping.md). With --pid, the JVM of that process (same\n"
            + "user, attach allowed) writes an HPROF file beside OUT that is converted, then\n"
            + "deleted. With --hprof, an existing HPROF file is converted. With neither, this\n"
            + "tool's own JVM is dumped. OUT is written to a temporary name, then renamed.",
        "--pid PID      dump the HotSpot JVM with this process id",
        "--hprof FILE   convert this HPROF heap dump",
        "-o, --output OUT  the Go-format dump to write (required)");
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("--pid", "--hprof", "-o", "--output");
  }

  @Override
  public int run(Arguments args, Terminal terminal) throws CliException {
    args.positional();
    if (args.has("-o") && args.has("--output")) {
      throw CliException.usage("give the output once, with -o or --output");
    }
    String out = args.value("-o", args.value("--output", null));
    if (out == null) {
      throw CliException.usage("missing -o OUT, the dump to write");
    }
    if (args.has("--pid") && args.has("--hprof")) {
      throw CliException.usage("give --pid or --hprof, not both");
    }
    Path output = Path.of(out);
    JvmDumpSummary summary;
    if (args.has("--hprof")) {
      String hprof = args.value("--hprof", null);
      Path input = DumpFiles.existing(hprof);
      summary = DumpFiles.phase(hprof, terminal, "Converting " + input.getFileName(),
          () -> JvmDumper.convertHprof(input, output));
    } else if (args.has("--pid")) {
      long pid = args.longValue("--pid", -1);
      summary = DumpFiles.phase("jvm", terminal, "Dumping process " + pid,
          () -> JvmDumper.dumpProcess(pid, output));
    } else {
      summary = DumpFiles.phase("jvm", terminal, "Dumping this JVM",
          () -> JvmDumper.dumpCurrentJvm(output));
    }
    if (terminal.json()) {
      JsonObject o = new JsonObject();
      o.addProperty("output", summary.output().toString());
      o.addProperty("objects", summary.objects());
      o.addProperty("classes", summary.classes());
      o.addProperty("threads", summary.threads());
      o.addProperty("gcRoots", summary.gcRoots());
      o.addProperty("bytesWritten", summary.bytesWritten());
      o.addProperty("hprofBytes", summary.hprofBytes());
      o.addProperty("heapDumpMillis", summary.heapDumpTime().toMillis());
      o.addProperty("conversionMillis", summary.conversionTime().toMillis());
      terminal.printJson(o);
    } else {
      terminal.out().println("Wrote " + summary.output() + ": " + Format.count(summary.objects())
          + " objects, " + Format.count(summary.classes()) + " classes, "
          + Format.count(summary.threads()) + " threads, " + Format.bytes(summary.bytesWritten())
          + " (HPROF " + Format.bytes(summary.hprofBytes()) + ") in "
          + seconds(summary.totalTime()));
    }
    return ExitCode.OK;
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
