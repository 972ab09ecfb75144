// The actions.jsonl record, and verify's fast read of its count.
#include <gtest/gtest.h>

#include <cerrno>

#include "aggregate/action_json.h"
#include "log/verify/verify_actions.h"

namespace capsule {
namespace {

Action sample() {
  Action a;
  a.kind = ActionKind::Read;
  a.pid = 812;
  a.exe = "/usr/bin/python3";
  a.target = "/etc/\"passwd\"";
  a.start_us = 1'795'714'200'000'000;  // 2026-11-26T17:30:00Z
  a.end_us = a.start_us + 123'456;
  a.events = 3;
  a.bytes = 2841;
  a.failed = 1;
  a.errors = {{EINTR, 1}};
  a.first_seq = 10;
  a.last_seq = 14;
  a.seqs = {10, 12, 14};
  return a;
}

TEST(ActionJson, ExactLine) {
  std::string out;
  append_action_json(sample(), out);
  EXPECT_EQ(out,
            "{\"kind\":\"Read\",\"events\":3,\"pid\":812,\"exe\":\"/usr/bin/python3\","
            "\"target\":\"/etc/\\\"passwd\\\"\",\"start\":\"2026-11-26T17:30:00.000000Z\","
            "\"end\":\"2026-11-26T17:30:00.123456Z\",\"bytes\":2841,\"failed\":1,"
            "\"errors\":{\"EINTR\":1},\"first_seq\":10,\"last_seq\":14,\"seqs\":[10,12,14]}");
}

TEST(ActionJson, ContiguousAndByteLessActionsOmitThoseKeys) {
  Action a = sample();
  a.kind = ActionKind::Stat;
  a.failed = 0;
  a.errors.clear();
  a.seqs.clear();
  std::string out;
  append_action_json(a, out);
  EXPECT_EQ(out.find("\"bytes\""), std::string::npos);
  EXPECT_EQ(out.find("\"errors\""), std::string::npos);
  EXPECT_EQ(out.find("\"seqs\""), std::string::npos);
  EXPECT_NE(out.find("\"first_seq\":10,\"last_seq\":14}"), std::string::npos);
}

TEST(ActionJson, VerifyReadsTheCountWithoutParsing) {
  Action a = sample();
  a.target = "\",\"events\":99,\"";  // a hostile path cannot fake the key
  std::string out;
  append_action_json(a, out);
  EXPECT_EQ(action_line_event_count(out), 3u);
  EXPECT_EQ(action_line_event_count("{\"kind\":\"Read\"}"), std::nullopt);
  EXPECT_EQ(action_line_event_count("{\"kind\":\"Read\",\"events\":x}"), std::nullopt);
}

}  // namespace
}  // namespace capsule
