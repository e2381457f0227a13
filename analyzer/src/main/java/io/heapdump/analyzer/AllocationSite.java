package io.heapdump.analyzer;

import io.heapdump.codec.ProfileFrame;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One memory profile bucket: an allocation stack with its allocation size and counts.
 *
 * @param bucket the bucket's address in the dump
 * @param size bytes per allocation
 * @param frames the stack, innermost first
 * @param allocs allocations the profiler counted
 * @param frees frees the profiler counted
 */
public record AllocationSite(long bucket, long size, List<ProfileFrame> frames, long allocs, long frees) {
  public AllocationSite {
    frames = List.copyOf(frames);
  }

  /** The stack's function names, innermost first, joined by {@code " <- "}. */
  public String stack() {
    return frames.stream().map(ProfileFrame::function).collect(Collectors.joining(" <- "));
  }
}
