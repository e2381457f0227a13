package io.heapdump.analyzer;

import java.util.List;

/**
 * Goroutines with the same state and the same stack.
 *
 * @param state the common {@link GoroutineInfo#state()}
 * @param functions the common stack, innermost first
 * @param ids the goroutine ids, ascending
 */
public record GoroutineGroup(String state, List<String> functions, List<Long> ids) {
  public GoroutineGroup {
    functions = List.copyOf(functions);
    ids = List.copyOf(ids);
  }

  /** Number of goroutines in the group. */
  public int count() {
    return ids.size();
  }
}
