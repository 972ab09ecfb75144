// The hash chain: byte layout, stability, and sensitivity to every input.
#include <gtest/gtest.h>

#include <blake3.h>

#include "log/chain/chain.h"

namespace capsule {
namespace {

Hash32 blake3_of(const std::string& bytes) {
  blake3_hasher h;
  blake3_hasher_init(&h);
  blake3_hasher_update(&h, bytes.data(), bytes.size());
  Hash32 out;
  blake3_hasher_finalize(&h, out.data(), out.size());
  return out;
}

TEST(Chain, HexRoundTripAndBlake3Vector) {
  // The official BLAKE3 test vector for the empty input.
  EXPECT_EQ(to_hex(blake3_of("")),
            "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
  Hash32 h;
  ASSERT_TRUE(from_hex("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", h));
  EXPECT_EQ(h, blake3_of(""));
  EXPECT_FALSE(from_hex("AF1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", h));
  EXPECT_FALSE(from_hex("af13", h));
  EXPECT_FALSE(from_hex("zf1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", h));
}

// The construction spelled out byte by byte, as docs/FORMAT.md documents it.
TEST(Chain, MatchesTheDocumentedByteLayout) {
  const std::string run = "0f3c8a52-6d1e-4f7b-9a2c-1b2d3e4f5a6b";
  const std::string stream = "events";
  const Hash32 genesis =
      blake3_of(std::string("capsule.chain.v1\0genesis\0", 25) + run + std::string(1, '\0') + stream);
  Chain chain(run, stream);
  EXPECT_EQ(chain.head(), genesis);
  EXPECT_EQ(chain.count(), 0u);

  Hash32 prev = genesis;
  const std::string payloads[] = {"{\"seq\":0}", "", std::string(3000, 'x')};
  for (uint64_t i = 0; i < 3; ++i) {
    std::string record = std::string("capsule.chain.v1\0record\0", 24) + run + '\0' + stream + '\0';
    for (int b = 0; b < 8; ++b) record.push_back(static_cast<char>((i >> (8 * b)) & 0xFF));
    record.append(reinterpret_cast<const char*>(prev.data()), prev.size());
    record += payloads[i];
    prev = blake3_of(record);
    EXPECT_EQ(chain.append(payloads[i]), prev) << "record " << i;
  }
  EXPECT_EQ(chain.count(), 3u);
}

TEST(Chain, KnownSequenceHasAStableHead) {
  Chain chain("00000000-0000-4000-8000-000000000000", "syscalls");
  chain.append("1 00:00:00.000000 getpid() = 1");
  chain.append("1 00:00:00.000001 exit_group(0) = ?");
  chain.append("1 00:00:00.000002 +++ exited with 0 +++");
  // Pinned: a change here breaks every existing log. Change only with a format version bump.
  EXPECT_EQ(chain.head_hex(), "8073fdd7820dffdea224bb178f2e085b2b8373b07280f64e8c77ea871d6eb781");
}

TEST(Chain, EveryInputChangesTheHead) {
  auto head = [](std::string run, std::string stream, std::string a, std::string b) {
    Chain c(run, stream);
    c.append(a);
    c.append(b);
    return c.head_hex();
  };
  const std::string base = head("r", "s", "one", "two");
  EXPECT_NE(base, head("r2", "s", "one", "two"));
  EXPECT_NE(base, head("r", "s2", "one", "two"));
  EXPECT_NE(base, head("r", "s", "onE", "two"));
  EXPECT_NE(base, head("r", "s", "two", "one"));      // order
  EXPECT_NE(base, head("r", "s", "on", "etwo"));      // record boundaries
  EXPECT_NE(head("rs", "", "x", "y"), head("r", "s", "x", "y"));  // field boundaries
}

TEST(Chain, SplitPayloadEqualsWholePayload) {
  Chain a("r", "s");
  Chain b("r", "s");
  EXPECT_EQ(a.append("{\"seq\":0,\"x\":1}"), b.append("{\"seq\":0,\"x\":1", "}"));
}

}  // namespace
}  // namespace capsule
