package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 6 in go1.4, go1.5 and go1.6 dumps: the architecture is a character.
 *
 * @param bigEndian whether the dumped memory is big-endian
 * @param pointerSize pointer size in bytes
 * @param heapStart lowest heap address
 * @param heapEnd end of the heap, exclusive
 * @param architectureChar the architecture character ('6' amd64, '8' 386, '5' arm, '9' ppc64)
 * @param goExperiment the GOEXPERIMENT string
 * @param cpuCount number of CPUs
 */
public record ParamsGo14(
    boolean bigEndian, long pointerSize, long heapStart, long heapEnd, long architectureChar,
    String goExperiment, long cpuCount) implements DumpParams {

  static final RecordLayout<ParamsGo14> LAYOUT = RecordLayout.of(
      TAG, ParamsGo14.class, DumpVersion.GO1_4, DumpVersion.GO1_6,
      new ParamsGo14(false, 0, 0, 0, 0, "", 0),
      (w, r) -> new ParamsGo14(
          w.bool(r.bigEndian), w.uvarint(r.pointerSize), w.uvarint(r.heapStart),
          w.uvarint(r.heapEnd), w.uvarint(r.architectureChar), w.string(r.goExperiment),
          w.uvarint(r.cpuCount)));

  public ParamsGo14 {
    Preconditions.checkNotNull(goExperiment, "goExperiment");
  }

  @Override
  public String architecture() {
    return DumpParams.architectureOfChar(architectureChar);
  }
}
