package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 6 in go1.7 dumps (Go 1.7 to today).
 *
 * @param bigEndian whether the dumped memory is big-endian
 * @param pointerSize pointer size in bytes
 * @param heapStart lowest heap address (the arenas' bounding box since Go 1.11)
 * @param heapEnd end of the heap, exclusive
 * @param goarch the GOARCH string
 * @param buildVersion the Go version that built the program since Go 1.17 (e.g. {@code go1.19.8});
 *     GOEXPERIMENT before
 * @param cpuCount number of CPUs
 */
public record Params(
    boolean bigEndian, long pointerSize, long heapStart, long heapEnd, String goarch,
    String buildVersion, long cpuCount) implements DumpParams {

  static final RecordLayout<Params> LAYOUT = RecordLayout.of(
      TAG, Params.class, DumpVersion.GO1_7, DumpVersion.GO1_7,
      new Params(false, 0, 0, 0, "", "", 0),
      (w, r) -> new Params(
          w.bool(r.bigEndian), w.uvarint(r.pointerSize), w.uvarint(r.heapStart),
          w.uvarint(r.heapEnd), w.string(r.goarch), w.string(r.buildVersion),
          w.uvarint(r.cpuCount)));

  public Params {
    Preconditions.checkNotNull(goarch, "goarch");
    Preconditions.checkNotNull(buildVersion, "buildVersion");
  }

  @Override
  public String architecture() {
    return goarch;
  }
}
