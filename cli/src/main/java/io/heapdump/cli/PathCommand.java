package io.heapdump.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.heapdump.analyzer.HeapAnalysis;
import io.heapdump.analyzer.HeapGraph;
import io.heapdump.analyzer.PathDescriber;
import io.heapdump.analyzer.PathStep;
import io.heapdump.analyzer.RootPath;
import java.io.PrintStream;
import java.util.List;

/** {@code heapdump path FILE ADDRESS}: why an object is alive. */
final class PathCommand implements Command {
  @Override
  public String name() {
    return "path";
  }

  @Override
  public String summary() {
    return "the shortest path from a GC root to the object at an address";
  }

  @Override
  public String help() {
    return Command.helpText("path FILE ADDRESS",
        "Finds the object that contains ADDRESS (hex with 0x, or decimal; any byte of the object)\n"
            + "and prints a shortest chain of pointers from a GC root to it: the root (a global,\n"
            + "a goroutine's stack frame, a finalizer...), then every object on the way with the\n"
            + "offset of the pointer that leads to it and its type or layout.\n\n"
            + "Exit status: 0 a path was found, 1 no object contains the address or no root\n"
            + "reaches it (garbage).");
  }

  @Override
  public int run(Arguments args, Terminal terminal) throws CliException {
    List<String> positional = args.positional("FILE", "ADDRESS");
    String file = positional.get(0);
    long address = parseAddress(positional.get(1));
    HeapAnalysis a = DumpFiles.analyze(file, terminal);
    HeapGraph graph = a.graph();
    int v = graph.indexOf(address);
    RootPath path = v < 0 ? null : DumpFiles.phase(file, terminal, "Root paths", a::paths).pathTo(v);
    List<PathStep> steps = path == null ? List.of() : DumpFiles.phase(file, terminal,
        "Describing path", () -> PathDescriber.describe(graph, path, a.types()));
    if (terminal.json()) {
      terminal.printJson(json(file, graph, address, v, path, steps));
    } else {
      print(terminal.out(), graph, address, v, path, steps);
    }
    return path == null ? ExitCode.FINDING : ExitCode.OK;
  }

  /** An address as {@code 0x...} hex or decimal. */
  static long parseAddress(String s) throws CliException {
    try {
      return s.startsWith("0x") || s.startsWith("0X")
          ? Long.parseUnsignedLong(s.substring(2), 16)
          : Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      throw CliException.usage("not an address: \"" + s + "\" (use 0x... hex or decimal)");
    }
  }

  private static JsonObject json(String file, HeapGraph graph, long address, int v,
      RootPath path, List<PathStep> steps) {
    JsonObject o = new JsonObject();
    o.addProperty("file", file);
    o.addProperty("address", Format.hex(address));
    if (v < 0) {
      o.add("object", null);
    } else {
      JsonObject object = new JsonObject();
      object.addProperty("address", Format.hex(graph.address(v)));
      object.addProperty("size", graph.size(v));
      object.addProperty("offset", address - graph.address(v));
      o.add("object", object);
    }
    o.addProperty("reachable", path != null);
    o.add("root", path == null ? null : RootJson.root(graph.roots(), path.root()));
    JsonArray array = new JsonArray();
    for (PathStep step : steps) {
      JsonObject s = new JsonObject();
      s.addProperty("address", Format.hex(step.address()));
      s.addProperty("size", step.size());
      s.addProperty("type", step.type());
      s.addProperty("fieldOffset", step.fieldOffset());
      s.addProperty("pointer", Format.hex(step.pointer()));
      array.add(s);
    }
    o.add("path", array);
    return o;
  }

  private static void print(PrintStream out, HeapGraph graph, long address, int v,
      RootPath path, List<PathStep> steps) {
    if (v < 0) {
      out.println("No object contains " + Format.hex(address) + ".");
      return;
    }
    long offset = address - graph.address(v);
    out.println(Format.hex(address) + (offset == 0 ? " is the start of" : " is byte " + offset
        + " of") + " object " + Format.hex(graph.address(v)) + " (" + Format.bytes(graph.size(v))
        + ").");
    if (path == null) {
      out.println("No root reaches it: it is garbage the GC has not freed yet.");
      return;
    }
    out.println("Held by " + graph.roots().describe(path.root()) + ":");
    for (PathStep step : steps) {
      out.println("  " + step.describe());
    }
  }
}
