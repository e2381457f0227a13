package io.heapdump.analyzer;

import java.util.List;

/**
 * One goroutine of a dump, with its stack.
 *
 * @param id the goroutine id
 * @param address the g's address
 * @param status the runtime's status code (1 runnable, 3 syscall, 4 waiting, ...)
 * @param system whether the runtime started it for itself
 * @param waitReason why it waits, in the runtime's words (empty if it does not)
 * @param waitSince the runtime's nanotime when it started waiting, 0 if unknown
 * @param threadAddress the m it runs on, 0 if none
 * @param functions the stack's function names, innermost first
 */
public record GoroutineInfo(
    long id, long address, long status, boolean system, String waitReason, long waitSince,
    long threadAddress, List<String> functions) {
  public GoroutineInfo {
    functions = List.copyOf(functions);
  }

  /** The status code's name: {@code runnable}, {@code syscall}, {@code waiting}, ... */
  public String statusName() {
    return GoroutineStatus.name(status);
  }

  /**
   * What the goroutine is doing for people: the wait reason of a waiting goroutine (e.g.
   * {@code chan receive}), else the status name.
   */
  public String state() {
    return GoroutineStatus.isWaiting(status) && !waitReason.isEmpty() ? waitReason : statusName();
  }

  /**
   * How long it had waited when the newest wait began: {@code latestWaitSince - waitSince}, a lower
   * bound of its wait at dump time (the dump holds no clock reading to compare with), or -1 when
   * it is not waiting or the time is unknown.
   */
  public long waitedAtLeastNanos(long latestWaitSince) {
    return waitSince == 0 || !GoroutineStatus.isWaiting(status) ? -1 : latestWaitSince - waitSince;
  }
}
