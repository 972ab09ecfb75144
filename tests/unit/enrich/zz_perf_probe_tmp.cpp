#include <chrono>
#include <cstdio>
#include <gtest/gtest.h>
#include "enrich/enricher.h"
#include "event_builder.h"
namespace capsule {
TEST(PerfProbe, Throughput) {
  Enricher e; e.seed(test::sample_snapshot(100));
  SyscallEvent open = test::EventBuilder(100, "openat").sym("dirfd","AT_FDCWD").str("pathname","/usr/lib/x86_64-linux-gnu/libc.so.6").sym("flags","O_RDONLY").ret_fd(3);
  e.process(open);
  SyscallEvent ev = test::EventBuilder(100, "read").fd("fd", 3).num("count", 10).ret(10);
  const int N = 2000000;
  auto t0 = std::chrono::steady_clock::now();
  std::string out;
  for (int i = 0; i < N; ++i) { ev.fd_refs.clear(); ev.seq = i; e.process(ev); }
  auto t1 = std::chrono::steady_clock::now();
  for (int i = 0; i < N/10; ++i) { ev.fd_refs.clear(); ev.seq = i; e.process(ev); out.clear(); e.append_enriched_json(ev, out);}
  auto t2 = std::chrono::steady_clock::now();
  std::printf("process: %.1f ns/event; process+json: %.1f ns/event (%zu bytes)\n",
    std::chrono::duration<double, std::nano>(t1-t0).count()/N, std::chrono::duration<double, std::nano>(t2-t1).count()/(N/10), out.size());
}
}
