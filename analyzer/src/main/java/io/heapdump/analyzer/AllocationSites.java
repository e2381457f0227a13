package io.heapdump.analyzer;

import io.heapdump.codec.AllocSample;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.MemProfileBucket;
import io.heapdump.reader.DumpReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Allocation sites of objects: the dump's allocation samples name an object and a memory profile
 * bucket, the bucket names the allocation stack. Only objects the profiler sampled have a site.
 */
public final class AllocationSites {
  private final List<AllocationSite> sites;
  private final int[] siteOf;

  private AllocationSites(List<AllocationSite> sites, int[] siteOf) {
    this.sites = sites;
    this.siteOf = siteOf;
  }

  /** Reads buckets and samples from the graph's dump (one pass, contents skipped). */
  public static AllocationSites load(HeapGraph graph) throws IOException {
    List<AllocationSite> sites = new ArrayList<>();
    Map<Long, Integer> siteByBucket = new HashMap<>();
    LongList samples = new LongList(64); // object, bucket pairs
    try (DumpReader reader = DumpReader.open(graph.source()).skipContents(true)) {
      for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
        if (r instanceof MemProfileBucket b) {
          siteByBucket.putIfAbsent(b.address(), sites.size());
          sites.add(new AllocationSite(b.address(), b.size(), b.frames(), b.allocs(), b.frees()));
        } else if (r instanceof AllocSample s) {
          samples.add(s.object());
          samples.add(s.bucket());
        }
      }
    }
    int[] siteOf = new int[graph.objectCount()];
    Arrays.fill(siteOf, -1);
    for (int i = 0; i < samples.size(); i += 2) {
      int v = graph.indexOfStart(samples.get(i));
      Integer site = siteByBucket.get(samples.get(i + 1));
      if (v >= 0 && site != null) {
        siteOf[v] = site;
      }
    }
    return new AllocationSites(List.copyOf(sites), siteOf);
  }

  /** Every bucket of the dump, in dump order. */
  public List<AllocationSite> sites() {
    return sites;
  }

  /** The index in {@link #sites()} of object {@code v}'s allocation site, or -1 if not sampled. */
  public int siteOf(int v) {
    return siteOf[v];
  }

  /** The allocation site of object {@code v}, or null. */
  public AllocationSite site(int v) {
    return siteOf[v] < 0 ? null : sites.get(siteOf[v]);
  }

  /** Number of objects with a known allocation site. */
  public int sampledCount() {
    int sampled = 0;
    for (int s : siteOf) {
      if (s >= 0) {
        sampled++;
      }
    }
    return sampled;
  }
}
