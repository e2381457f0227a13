package io.heapdump.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of {@link Main}: exit status, standard output and standard error. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, false);
    }
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Standard output as one JSON document. */
  JsonObject json() {
    return JsonParser.parseString(out).getAsJsonObject();
  }

  /** Standard output as JSON lines. */
  List<JsonElement> jsonLines() {
    return out.lines().map(JsonParser::parseString).toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stderr:\n" + err + "--- stdout (start):\n"
        + out.substring(0, Math.min(out.length(), 2000));
  }
}
