package io.heapdump.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.heapdump.analyzer.HeapAnalysis;
import io.heapdump.analyzer.Histogram;
import java.io.PrintStream;
import java.util.List;

/** {@code heapdump histogram FILE}: objects grouped by type, size class or allocation site. */
final class HistogramCommand implements Command {
  /** The groupings of --by, first the default. */
  static final List<String> GROUPINGS = List.of("type", "size", "site");

  /** Rows a table shows when --limit is not given (JSON shows every row). */
  static final int DEFAULT_TABLE_ROWS = 25;

  @Override
  public String name() {
    return "histogram";
  }

  @Override
  public String summary() {
    return "live objects and bytes grouped by type, size class or allocation site";
  }

  @Override
  public String help() {
    return Command.helpText("histogram FILE [--by type|size|site] [--all] [--limit N]",
        "Groups the live (reachable) objects and counts objects and bytes per group, largest\n"
            + "first. Types come from what the dump tells (interfaces, itabs); objects of unknown\n"
            + "type are grouped by layout (\"size 32, ptrs at 0,8\"). Sites are allocation stacks\n"
            + "of the memory profiler's samples; unsampled objects form one group.",
        "--by KEY   type (default), size (size class) or site (allocation stack)",
        "--all      count unreachable objects too",
        "--limit N  rows to show (default " + DEFAULT_TABLE_ROWS + " in a table, all in JSON)");
  }

  @Override
  public List<String> flags() {
    return List.of("--all");
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("--by", "--limit");
  }

  @Override
  public int run(Arguments args, Terminal terminal) throws CliException {
    String file = args.positional("FILE").get(0);
    String by = args.choice("--by", GROUPINGS);
    int limit = rowLimit(args, terminal);
    HeapAnalysis a = DumpFiles.analyze(file, terminal);
    Histogram h = of(file, terminal, a, by, args.flag("--all"));
    if (terminal.json()) {
      JsonObject o = new JsonObject();
      o.addProperty("file", file);
      o.addProperty("by", by);
      o.addProperty("objects", args.flag("--all") ? "all" : "live");
      o.addProperty("totalCount", h.totalCount());
      o.addProperty("totalBytes", h.totalBytes());
      o.addProperty("groups", h.rows().size());
      o.add("rows", json(h, limit));
      terminal.printJson(o);
    } else {
      PrintStream out = terminal.out();
      out.println((args.flag("--all") ? "All" : "Live") + " objects by " + by + ": "
          + Format.count(h.totalCount()) + " objects, " + Format.bytes(h.totalBytes()) + " in "
          + Format.count(h.rows().size()) + " groups");
      out.println();
      print(out, h, limit, "");
    }
    return ExitCode.OK;
  }

  /** The --limit of a command listing rows: as given, else a table's default, else no limit. */
  static int rowLimit(Arguments args, Terminal terminal) throws CliException {
    return args.positiveInt("--limit", terminal.json() ? Integer.MAX_VALUE : DEFAULT_TABLE_ROWS);
  }

  /** The histogram of live (or all) objects grouped by {@code by}, as a progress phase. */
  static Histogram of(String file, Terminal terminal, HeapAnalysis a, String by, boolean all)
      throws CliException {
    return DumpFiles.phase(file, terminal, "Grouping by " + by, () -> switch (by) {
      case "type" -> all ? Histogram.byType(a.graph(), a.types(), null) : a.liveByType();
      case "size" -> all ? Histogram.bySizeClass(a.graph(), null) : a.liveBySizeClass();
      case "site" -> all ? Histogram.bySite(a.graph(), a.sites(), null) : a.liveBySite();
      default -> throw new IllegalArgumentException("unknown grouping " + by);
    });
  }

  /** The first {@code limit} rows as [{key, count, bytes}]. */
  static JsonArray json(Histogram h, int limit) {
    JsonArray rows = new JsonArray();
    for (Histogram.Row r : h.rows().subList(0, Math.min(limit, h.rows().size()))) {
      JsonObject row = new JsonObject();
      row.addProperty("key", r.key());
      row.addProperty("count", r.count());
      row.addProperty("bytes", r.bytes());
      rows.add(row);
    }
    return rows;
  }

  /** The first {@code limit} rows as a table, and how many were left out. */
  static void print(PrintStream out, Histogram h, int limit, String indent) {
    Table t = Table.of(">objects", ">bytes", ">% bytes", "key");
    List<Histogram.Row> rows = h.rows();
    for (Histogram.Row r : rows.subList(0, Math.min(limit, rows.size()))) {
      t.row(Format.count(r.count()), Format.bytes(r.bytes()),
          Format.percent(r.bytes(), h.totalBytes()), r.key());
    }
    t.print(out, indent);
    if (rows.size() > limit) {
      out.println(indent + "... " + Format.count(rows.size() - limit) + " more groups (--limit)");
    }
  }
}
