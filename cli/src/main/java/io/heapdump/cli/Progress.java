package io.heapdump.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on standard error for long phases. A phase's bar appears only once the phase has
 * run for a second, so quick commands print nothing, and never when progress is disabled
 * (standard error is not a terminal, or --quiet). A phase whose work reports no progress (an
 * analyzer computation) still shows its elapsed time.
 */
final class Progress {
  private static final long SHOW_AFTER_MILLIS = 1000;

  private final PrintStream err;
  private final boolean enabled;
  private ScheduledExecutorService timer;

  Progress(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /**
   * Starts a phase of {@code total} units ({@code bytes} true: shown in MiB).
   *
   * @param total the amount of work, or -1 when unknown
   */
  Phase start(String name, long total, boolean bytes) {
    return new Phase(name, total, bytes);
  }

  /** Runs work that reports no progress as a phase of its own. */
  <T> T during(String name, IoWork<T> work) throws IOException {
    Phase phase = start(name, -1, false);
    try {
      return work.run();
    } finally {
      phase.close();
    }
  }

  private synchronized ScheduledExecutorService timer() {
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heapdump-progress");
        t.setDaemon(true);
        return t;
      });
    }
    return timer;
  }

  /** One phase; close it when done. */
  final class Phase implements AutoCloseable {
    private final String name;
    private final long total;
    private final boolean bytes;
    private final long startNanos = System.nanoTime();
    private final ScheduledFuture<?> showLater;
    private volatile long done;
    private volatile ProgressBar bar;
    private boolean closed;

    private Phase(String name, long total, boolean bytes) {
      this.name = name;
      this.total = total;
      this.bytes = bytes;
      this.showLater =
          enabled ? timer().schedule(this::show, SHOW_AFTER_MILLIS, TimeUnit.MILLISECONDS) : null;
    }

    private synchronized void show() {
      if (closed) {
        return;
      }
      ProgressBarBuilder builder = new ProgressBarBuilder()
          .setTaskName(name)
          .setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new ConsoleProgressBarConsumer(err))
          .continuousUpdate()
          .clearDisplayOnFinish()
          // Elapsed time counts from the phase's start, not from when the bar appeared.
          .startsFrom(done, Duration.ofNanos(System.nanoTime() - startNanos));
      if (bytes) {
        builder.setUnit(" MiB", 1 << 20);
      }
      if (total < 0) {
        builder.hideEta();
      }
      ProgressBar b = builder.build();
      bar = b;
    }

    /** Reports that {@code done} units are done; cheap, call it as often as convenient. */
    void update(long done) {
      this.done = done;
      ProgressBar b = bar;
      if (b != null) {
        b.stepTo(done);
      }
    }

    @Override
    public synchronized void close() {
      closed = true;
      if (showLater != null) {
        showLater.cancel(false);
      }
      if (bar != null) {
        bar.close();
      }
    }
  }
}
