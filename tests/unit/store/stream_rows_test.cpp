// The store's rows made from stream lines (src/store/stream_rows.h): the exact COPY text of each
// table's row, the days collected for the partitions, and the lines refused.
#include "store/stream_rows.h"

#include <gtest/gtest.h>

namespace capsule::store {
namespace {

const std::string kRowsRun = "0b6c3c1e-0000-4000-8000-000000000001";

TEST(StreamRows, ARefusedCallGivesEventDenialAndProcessRows) {
  const std::string e =
      R"({"seq":7,"ts":"2026-11-23T17:30:00.123456Z","pid":1234,"tid":1235,"syscall":"unlink","nr":10,)"
      R"("args":{"arg0":"/x\ty"},"ret":-1,"errno":"ENOENT","denied":true,"denied_by":"policy","dur_us":12})";
  const std::string x =
      R"({"seq":7,"ts":"2026-11-23T17:30:00.123456Z","pid":1234,"tid":1235,"syscall":"unlink","ret":-1,)"
      R"("ctx_id":3,"ctx":{"exe":"/usr/bin/rm","cwd":"/"},"ctx_full":{"exe":"/usr/bin/rm","argv":["rm","/x"],)"
      R"("ppid":1,"uid":0,"euid":0},"fds":[{"fd":4,"kind":"file","path":"/fd/path"},)"
      R"({"fd":3,"kind":"socket","remote":"127.0.0.1:80"}],"resources":[{"class":"file"},{"path":"/x\ty","class":"file"}]})";
  EventRows rows;
  rows.add(kRowsRun, e, x);
  const std::string ts = "2026-11-23T17:30:00.123456Z";
  EXPECT_EQ(rows.events.data(), kRowsRun + "\t7\t" + ts +
                                    "\t1234\t1235\tsyscall\tunlink\t-1\tENOENT\tt\t/usr/bin/rm\t/x\\ty\t127.0.0.1:80\t12\t"
                                    R"({"arg0":"/x\\ty"})"
                                    "\n");
  EXPECT_EQ(rows.denials.data(), kRowsRun + "\t7\t" + ts + "\t1234\t/usr/bin/rm\tunlink\tENOENT\tpolicy\n");
  EXPECT_EQ(rows.processes.data(),
            kRowsRun + "\t3\t1234\t1\t7\t" + ts + "\t/usr/bin/rm\t[\"rm\",\"/x\"]\t0\t0\t" +
                R"({"exe":"/usr/bin/rm","argv":["rm","/x"],"ppid":1,"uid":0,"euid":0})" + "\n");
  EXPECT_EQ(rows.event_days, (std::set<std::string>{"2026-11-23"}));
  EXPECT_EQ(rows.denial_days, (std::set<std::string>{"2026-11-23"}));
}

TEST(StreamRows, AnExitKeepsItsOtherKeysAndTheFdPathStandsInForAPath) {
  EventRows rows;
  rows.add(kRowsRun,
           R"({"seq":8,"ts":"2026-11-24T00:00:00.000001Z","pid":9,"tid":9,"type":"exit","killed_by":"SIGSEGV","core_dumped":true})",
           R"({"seq":8,"ctx":null})");
  rows.add(kRowsRun, R"({"seq":9,"ts":"2026-11-25T00:00:00.000001Z","pid":9,"tid":9,"syscall":"read","args":null})",
           R"({"seq":9,"fds":[{"fd":0,"path":"/dev/null"}]})");
  EXPECT_EQ(rows.events.data(),
            kRowsRun + "\t8\t2026-11-24T00:00:00.000001Z\t9\t9\texit\t\\N\t\\N\t\\N\tf\t\\N\t\\N\t\\N\t\\N\t" +
                R"({"killed_by":"SIGSEGV","core_dumped":true})" + "\n" + kRowsRun +
                "\t9\t2026-11-25T00:00:00.000001Z\t9\t9\tsyscall\tread\t\\N\t\\N\tf\t\\N\t/dev/null\t\\N\t\\N\t\\N\n");
  EXPECT_EQ(rows.events.rows(), 2u);
  EXPECT_EQ(rows.denials.rows(), 0u);
  EXPECT_EQ(rows.processes.rows(), 0u);
  EXPECT_EQ(rows.event_days, (std::set<std::string>{"2026-11-24", "2026-11-25"}));
  rows.clear();
  EXPECT_EQ(rows.events.data(), "");
  EXPECT_TRUE(rows.event_days.empty());
}

TEST(StreamRows, WithoutEnrichedLinesTheEnrichedColumnsAreNull) {
  EventRows rows;
  rows.add(kRowsRun, R"({"seq":0,"ts":"2026-11-23T00:00:00Z","pid":1,"tid":1,"syscall":"getpid","ret":1})", "");
  EXPECT_EQ(rows.events.data(),
            kRowsRun + "\t0\t2026-11-23T00:00:00Z\t1\t1\tsyscall\tgetpid\t1\t\\N\tf\t\\N\t\\N\t\\N\t\\N\t\\N\n");
}

TEST(StreamRows, BadLinesAreRefused) {
  EventRows rows;
  const std::string ok = R"({"seq":1,"ts":"2026-11-23T00:00:00Z","pid":1,"tid":1,"syscall":"getpid"})";
  EXPECT_THROW(rows.add(kRowsRun, "not json", ""), StreamError);
  EXPECT_THROW(rows.add(kRowsRun, ok, R"({"seq":2})"), StreamError);  // not the same seq
  EXPECT_THROW(rows.add(kRowsRun, R"({"ts":"2026-11-23T00:00:00Z"})", ""), StreamError);
  EXPECT_THROW(rows.add(kRowsRun, R"({"seq":-1,"ts":"2026-11-23T00:00:00Z"})", ""), StreamError);
  EXPECT_THROW(rows.add(kRowsRun, R"({"seq":1,"ts":"yesterday"})", ""), StreamError);
  EXPECT_THROW(rows.add(kRowsRun, R"({"seq":1})", ""), StreamError);
}

TEST(StreamRows, ActionAndFindingRows) {
  ActionRows actions;
  actions.add(kRowsRun, 4,
              R"({"kind":"Connect","pid":5,"exe":"/usr/bin/curl","target":"127.0.0.1:80",)"
              R"("start":"2026-11-23T01:00:00Z","end":"2026-11-23T01:00:01Z","events":2,"bytes":0,"failed":0,)"
              R"("first_seq":10,"last_seq":11})");
  EXPECT_EQ(actions.actions.data(), kRowsRun +
                                        "\t4\tConnect\t5\t/usr/bin/curl\t127.0.0.1:80\t2026-11-23T01:00:00Z\t"
                                        "2026-11-23T01:00:01Z\t2\t0\t0\t10\t11\n");
  EXPECT_EQ(actions.days, (std::set<std::string>{"2026-11-23"}));

  FindingRows findings;
  findings.add(kRowsRun,
               R"({"finding":0,"ts":"2026-11-23T02:00:00Z","rule":"reverse-shell","severity":"high","pid":5,)"
               R"("exe":"/bin/sh","argv":["sh","-i"],"description":"a \"shell\"","evidence":[3,"x",9]})");
  EXPECT_EQ(findings.findings.data(), kRowsRun +
                                          "\t0\t2026-11-23T02:00:00Z\treverse-shell\thigh\t5\t/bin/sh\t"
                                          "[\"sh\",\"-i\"]\ta \"shell\"\t{3,9}\n");
  EXPECT_THROW(findings.add(kRowsRun, R"({"finding":1,"rule":"r"})"), StreamError);
}

}  // namespace
}  // namespace capsule::store
