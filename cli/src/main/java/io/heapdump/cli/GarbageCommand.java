package io.heapdump.cli;

import com.google.gson.JsonObject;
import io.heapdump.analyzer.HeapAnalysis;
import io.heapdump.analyzer.HeapGraph;
import io.heapdump.analyzer.Histogram;
import io.heapdump.analyzer.Reachability;
import java.io.PrintStream;
import java.util.List;

/** {@code heapdump garbage FILE}: how much of the heap no root reaches, and of what type. */
final class GarbageCommand implements Command {
  @Override
  public String name() {
    return "garbage";
  }

  @Override
  public String summary() {
    return "live versus unreachable objects and bytes, garbage by type";
  }

  @Override
  public String help() {
    return Command.helpText("garbage FILE [--limit N]",
        "Marks every object reachable from a GC root and reports how many objects and bytes are\n"
            + "live and how many are garbage: unreachable objects the GC had not freed yet (or\n"
            + "allocated since the last GC). Then groups the garbage by type.",
        "--limit N  type rows to show (default " + HistogramCommand.DEFAULT_TABLE_ROWS
            + " in a table, all in JSON)");
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("--limit");
  }

  @Override
  public int run(Arguments args, Terminal terminal) throws CliException {
    String file = args.positional("FILE").get(0);
    int limit = HistogramCommand.rowLimit(args, terminal);
    HeapAnalysis a = DumpFiles.analyze(file, terminal);
    Reachability reach = DumpFiles.phase(file, terminal, "Marking", a::reachability);
    Histogram byType = DumpFiles.phase(file, terminal, "Grouping by type", a::garbageByType);
    if (terminal.json()) {
      JsonObject o = new JsonObject();
      o.addProperty("file", file);
      addCounts(o, a.graph(), reach);
      o.add("garbageByType", HistogramCommand.json(byType, limit));
      terminal.printJson(o);
    } else {
      PrintStream out = terminal.out();
      printCounts(out, a.graph(), reach, "");
      if (reach.garbageCount() > 0) {
        out.println();
        out.println("Garbage by type:");
        HistogramCommand.print(out, byType, limit, "  ");
      }
    }
    return ExitCode.OK;
  }

  /** The live and garbage counts as JSON members of {@code o}; summary shares them. */
  static void addCounts(JsonObject o, HeapGraph graph, Reachability reach) {
    o.addProperty("objects", graph.objectCount());
    o.addProperty("bytes", graph.totalBytes());
    o.addProperty("liveObjects", reach.liveCount());
    o.addProperty("liveBytes", reach.liveBytes());
    o.addProperty("garbageObjects", reach.garbageCount());
    o.addProperty("garbageBytes", reach.garbageBytes());
  }

  /** The live and garbage table; summary shares it. */
  static void printCounts(PrintStream out, HeapGraph graph, Reachability reach, String indent) {
    long total = graph.totalBytes();
    Table t = Table.of("", ">objects", ">bytes", ">% bytes");
    t.row("live", Format.count(reach.liveCount()), Format.bytes(reach.liveBytes()),
        Format.percent(reach.liveBytes(), total));
    t.row("garbage", Format.count(reach.garbageCount()), Format.bytes(reach.garbageBytes()),
        Format.percent(reach.garbageBytes(), total));
    t.row("total", Format.count(graph.objectCount()), Format.bytes(total), "100.0%");
    t.print(out, indent);
  }
}
