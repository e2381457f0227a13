package io.heapdump.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Help and usage errors: exit statuses a script can rely on. */
class UsageTest {
  static List<String> commands() {
    return Main.commandNames();
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandHasHelp(String command) {
    for (String flag : List.of("--help", "-h")) {
      CliRun run = CliRun.of(command, flag);

      assertEquals(0, run.exitCode(), run::toString);
      assertTrue(run.out().startsWith("Usage: heapdump " + command), run::toString);
      assertTrue(run.out().contains("--json"), run::toString);
      assertEquals("", run.err());
    }
    CliRun viaHelp = CliRun.of("help", command);
    assertEquals(0, viaHelp.exitCode());
    assertEquals(CliRun.of(command, "--help").out(), viaHelp.out());
  }

  @Test
  void globalHelpListsEveryCommand() {
    for (String flag : List.of("--help", "-h", "help")) {
      CliRun run = CliRun.of(flag);

      assertEquals(0, run.exitCode(), run::toString);
      for (String command : commands()) {
        assertTrue(run.out().contains("\n  " + command + " "), command);
      }
    }
  }

  @Test
  void noArgumentsIsAUsageError() {
    CliRun run = CliRun.of();

    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("Usage: heapdump"), run::toString);
    assertEquals("", run.out());
  }

  @Test
  void usageErrorsExit2WithAMessage() {
    List<List<String>> wrong = List.of(
        List.of("frobnicate", "x.dump"),
        List.of("info"),
        List.of("info", "a.dump", "b.dump"),
        List.of("info", "--colour", "a.dump"),
        List.of("info", "--json=yes", "a.dump"),
        List.of("records", "--contents", "all", "a.dump"),
        List.of("records", "--only", "Nonsense", "a.dump"),
        List.of("records", "a.dump", "--contents"),
        List.of("help", "frobnicate"));
    for (List<String> args : wrong) {
      CliRun run = CliRun.of(args.toArray(String[]::new));

      assertEquals(2, run.exitCode(), () -> args + ": " + run);
      assertTrue(run.err().startsWith("heapdump: "), () -> args + ": " + run);
      assertEquals("", run.out(), args::toString);
    }
  }

  @Test
  void helpWinsOverOtherArguments() {
    CliRun run = CliRun.of("verify", "--bogus", "--help");

    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("Usage: heapdump verify"));
  }
}
