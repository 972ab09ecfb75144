// The identification of enriched records: the same keys and values as events.jsonl, whichever
// way they were written (names from the syscall plan or spelled out, thread ids from the cache of
// the last thread or new).
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "decode/names.h"
#include "enrich/enricher.h"
#include "event_builder.h"

namespace capsule {
namespace {

using nlohmann::json;
using test::EventBuilder;

json record(const Enricher& enricher, const SyscallEvent& ev) {
  std::string line;
  enricher.append_enriched_json(ev, line);
  return json::parse(line);
}

TEST(RecordIdentification, ThreadsAlternateAndNamesComeFromAnyLookup) {
  Enricher enricher;
  const std::pair<int32_t, int32_t> threads[] = {{10, 10}, {10, 11}, {10, 11}, {12, 12}, {10, 10}};
  uint64_t seq = 0;
  for (const auto& [pid, tid] : threads) {
    for (const char* name : {"read", "no_such_call", "getpid"}) {
      SyscallEvent ev = EventBuilder(pid, name).tid(tid).ret(0);
      if (seq % 2 == 0) ev.nr = syscall_number(kArchX86_64, name);  // by number, or by name
      ev.seq = seq++;
      ev.ts_us = 1795455000000000 + static_cast<int64_t>(seq);
      enricher.process(ev);
      const json r = record(enricher, ev);
      EXPECT_EQ(r["seq"], ev.seq);
      EXPECT_EQ(r["pid"], pid);
      EXPECT_EQ(r["tid"], tid);
      EXPECT_EQ(r["syscall"], name);
      EXPECT_EQ(r["ret"], 0);
    }
  }
}

TEST(RecordIdentification, ARecordForAnotherEventThanTheLastProcessed) {
  Enricher enricher;
  SyscallEvent first = EventBuilder(10, "read").ret(3);
  first.ts_us = 1;
  enricher.process(first);
  SyscallEvent other = EventBuilder(10, "write").fail(9);  // not processed: no plan of its own
  other.ts_us = 1;
  const json r = record(enricher, other);
  EXPECT_EQ(r["syscall"], "write");
  EXPECT_EQ(r["ret"], -1);
  EXPECT_EQ(r["errno"], "EBADF");
}

}  // namespace
}  // namespace capsule
