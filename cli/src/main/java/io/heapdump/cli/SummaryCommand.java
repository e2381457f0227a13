package io.heapdump.cli;

import com.google.gson.JsonObject;
import io.heapdump.analyzer.Goroutines;
import io.heapdump.analyzer.HeapAnalysis;
import io.heapdump.analyzer.HeapGraph;
import io.heapdump.analyzer.Histogram;
import io.heapdump.analyzer.Reachability;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Params;
import java.io.PrintStream;
import java.util.List;

/** {@code heapdump summary FILE}: the few things a person wants to know first. */
final class SummaryCommand implements Command {
  @Override
  public String name() {
    return "summary";
  }

  @Override
  public String summary() {
    return "the first look: version, objects and bytes, live vs garbage, top retainers, goroutines";
  }

  @Override
  public String help() {
    return Command.helpText("summary FILE [--limit N]",
        "Prints what to look at first: the dump's version and platform, its objects and bytes,\n"
            + "how much is live and how much garbage, the objects that retain the most, the\n"
            + "largest types and the goroutine groups. The other commands go deeper into each.",
        "--limit N  entries per section (default 5)");
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("--limit");
  }

  @Override
  public int run(Arguments args, Terminal terminal) throws CliException {
    String file = args.positional("FILE").get(0);
    int limit = args.positiveInt("--limit", 5);
    DumpVersion version = DumpFiles.version(file);
    HeapAnalysis a = DumpFiles.analyze(file, terminal);
    Reachability reach = DumpFiles.phase(file, terminal, "Marking", a::reachability);
    TopCommand.Retainers top = TopCommand.Retainers.of(file, terminal, a, limit);
    Histogram types = DumpFiles.phase(file, terminal, "Grouping by type", a::liveByType);
    Goroutines goroutines = DumpFiles.phase(file, terminal, "Reading goroutines", a::goroutines);
    HeapGraph graph = a.graph();
    DumpParams params = graph.params();
    if (terminal.json()) {
      JsonObject o = new JsonObject();
      o.addProperty("file", file);
      o.addProperty("version", Format.version(version));
      o.addProperty("goVersion", params instanceof Params p ? p.buildVersion() : null);
      o.addProperty("arch", params.architecture());
      o.addProperty("pointerSize", params.pointerSize());
      GarbageCommand.addCounts(o, graph, reach);
      o.add("topRetainers", top.json());
      o.add("topTypes", HistogramCommand.json(types, limit));
      o.addProperty("goroutines", goroutines.all().size());
      o.add("goroutineGroups", GoroutinesCommand.groupsJson(goroutines.groups(), limit));
      terminal.printJson(o);
    } else {
      PrintStream out = terminal.out();
      out.println(file + ": " + Format.version(version) + " heap dump"
          + (params instanceof Params p && !p.buildVersion().isEmpty()
              ? " written by " + p.buildVersion() : "")
          + ", " + params.architecture() + ", " + params.pointerSize() + "-byte pointers");
      out.println();
      out.println("Heap: " + Format.count(graph.objectCount()) + " objects, "
          + Format.bytes(graph.totalBytes()));
      GarbageCommand.printCounts(out, graph, reach, "  ");
      out.println();
      out.println("Top retainers:");
      top.print(out, "  ");
      out.println();
      out.println("Largest live types:");
      HistogramCommand.print(out, types, limit, "  ");
      out.println();
      out.println("Goroutines: " + Format.count(goroutines.all().size()) + " in "
          + Format.count(goroutines.groups().size()) + " groups (same state and stack)");
      GoroutinesCommand.printGroups(out, goroutines.groups(), limit, "  ");
    }
    return ExitCode.OK;
  }
}
