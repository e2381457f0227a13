package io.heapdump.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.heapdump.analyzer.Dominators;
import io.heapdump.analyzer.HeapAnalysis;
import io.heapdump.analyzer.HeapGraph;
import io.heapdump.analyzer.ObjectTypes;
import io.heapdump.analyzer.RootPath;
import io.heapdump.analyzer.RootPaths;
import java.io.PrintStream;
import java.util.List;

/** {@code heapdump top FILE}: the objects that retain the most memory. */
final class TopCommand implements Command {
  @Override
  public String name() {
    return "top";
  }

  @Override
  public String summary() {
    return "the objects that retain the most bytes (dominator tree)";
  }

  @Override
  public String help() {
    return Command.helpText("top FILE [--by retained] [--limit N]",
        "Builds the object graph and its dominator tree and lists the objects whose retained\n"
            + "size (the bytes that would be freed with them) is largest, with their type (or\n"
            + "layout when the dump does not tell) and the root that holds each one by the\n"
            + "shortest path.",
        "--by retained  rank by retained size (the only ranking for now)",
        "--limit N      how many objects to list (default 20)");
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("--by", "--limit");
  }

  /** The top retainers of an analysis, with what commands show of each. */
  record Retainers(HeapAnalysis analysis, ObjectTypes types, RootPaths paths, int[] objects) {
    static Retainers of(String file, Terminal terminal, HeapAnalysis a, int limit)
        throws CliException {
      ObjectTypes types = DumpFiles.phase(file, terminal, "Types", a::types);
      RootPaths paths = DumpFiles.phase(file, terminal, "Root paths", a::paths);
      return new Retainers(a, types, paths, a.dominators().topByRetained(limit));
    }

    JsonArray json() {
      HeapGraph graph = analysis.graph();
      Dominators d = analysis.dominators();
      JsonArray array = new JsonArray();
      for (int v : objects) {
        JsonObject entry = new JsonObject();
        entry.addProperty("address", Format.hex(graph.address(v)));
        entry.addProperty("size", graph.size(v));
        entry.addProperty("type", types.label(v));
        entry.addProperty("retained", d.retainedSize(v));
        RootPath path = paths.pathTo(v);
        entry.add("root", path == null ? null : RootJson.root(graph.roots(), path.root()));
        entry.addProperty("hops", path == null ? -1 : path.objects().length - 1);
        array.add(entry);
      }
      return array;
    }

    void print(PrintStream out, String indent) {
      HeapGraph graph = analysis.graph();
      Dominators d = analysis.dominators();
      long reachable = d.superRootRetained();
      Table table =
          Table.of(">#", "address", "type", ">size", ">retained", ">% live", "held by");
      for (int i = 0; i < objects.length; i++) {
        int v = objects[i];
        table.row(i + 1, Format.hex(graph.address(v)), types.label(v),
            Format.bytes(graph.size(v)), Format.bytes(d.retainedSize(v)),
            Format.percent(d.retainedSize(v), reachable), RootJson.heldBy(graph, paths.pathTo(v)));
      }
      table.print(out, indent);
    }
  }

  @Override
  public int run(Arguments args, Terminal terminal) throws CliException {
    String file = args.positional("FILE").get(0);
    args.choice("--by", List.of("retained"));
    int limit = args.positiveInt("--limit", 20);
    HeapAnalysis a = DumpFiles.analyze(file, terminal);
    Retainers top = Retainers.of(file, terminal, a, limit);
    Dominators d = a.dominators();
    if (terminal.json()) {
      JsonObject o = new JsonObject();
      o.addProperty("file", file);
      o.addProperty("by", "retained");
      o.addProperty("reachableObjects", d.reachableCount());
      o.addProperty("reachableBytes", d.superRootRetained());
      o.add("objects", top.json());
      terminal.printJson(o);
    } else {
      PrintStream out = terminal.out();
      out.println("Reachable: " + Format.count(d.reachableCount()) + " objects, "
          + Format.bytes(d.superRootRetained()));
      out.println();
      top.print(out, "");
    }
    return ExitCode.OK;
  }
}
