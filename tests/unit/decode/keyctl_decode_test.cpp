// add_key, request_key and keyctl as strace 6.1 writes them (tests/helpers/corpus/keys.c's lines).
#include <gtest/gtest.h>
#include <linux/keyctl.h>

#include <cerrno>

#include "decoder_test_util.h"
#include "strace_spelling.h"

namespace capsule::testing {
namespace {

constexpr uint64_t kProcessKeyring = static_cast<uint32_t>(KEY_SPEC_PROCESS_KEYRING);

TEST(KeyctlDecode, AddKeyAndRequestKeyNameTheSpecialKeyrings) {
  FakeMemory mem;
  const uint64_t type = mem.map_cstr(0x10000, "user");
  const uint64_t desc = mem.map_cstr(0x11000, "capsule:corpus");
  const uint64_t payload = mem.map(0x12000, "payload");
  expect_strace_spelling(decode_call(mem, "add_key", {type, desc, payload, 7, kProcessKeyring}, 537421635),
                         "add_key(\"user\", \"capsule:corpus\", \"payload\", 7, KEY_SPEC_PROCESS_KEYRING) = 537421635");
  expect_strace_spelling(decode_call(mem, "request_key", {type, desc, 0, kProcessKeyring}, -ENOKEY),
                         "request_key(\"user\", \"capsule:corpus\", NULL, KEY_SPEC_PROCESS_KEYRING) = -1 ENOKEY "
                         "(Required key not available)");
  expect_strace_spelling(decode_call(mem, "add_key", {type, desc, payload, 7, 1234}, 5),
                         "add_key(\"user\", \"capsule:corpus\", \"payload\", 7, 1234) = 5");
}

TEST(KeyctlDecode, EachCommandShowsItsOwnArguments) {
  FakeMemory mem;
  const uint64_t type = mem.map_cstr(0x10000, "user");
  const uint64_t desc = mem.map_cstr(0x11000, "capsule:corpus");
  const uint64_t read = mem.map(0x12000, "payload");
  const uint64_t described = mem.map(0x13000, std::string("user;0;0;3f010000;capsule:corpus", 33));
  expect_strace_spelling(decode_call(mem, "keyctl", {KEYCTL_GET_KEYRING_ID, kProcessKeyring, 1, 0, 0}, 337933511),
                         "keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 1) = 337933511");
  expect_strace_spelling(decode_call(mem, "keyctl", {KEYCTL_READ, 537421635, read, 128, 0}, 7),
                         "keyctl(KEYCTL_READ, 537421635, \"payload\", 128) = 7");
  expect_strace_spelling(decode_call(mem, "keyctl", {KEYCTL_READ, 537421635, read, 128, 0}, -EKEYREVOKED),
                         "keyctl(KEYCTL_READ, 537421635, 0x12000, 128) = -1 EKEYREVOKED (Key has been revoked)");
  // The description's NUL is among the bytes it returned: strace shows them all, in hex.
  expect_strace_spelling(decode_call(mem, "keyctl", {KEYCTL_DESCRIBE, 537421635, described, 128, 0}, 33),
                         "keyctl(KEYCTL_DESCRIBE, 537421635, \"\\x75\\x73\\x65\\x72\\x3b\\x30\\x3b\\x30\\x3b\\x33\\x66"
                         "\\x30\\x31\\x30\\x30\\x30\\x30\\x3b\\x63\\x61\\x70\\x73\\x75\\x6c\\x65\\x3a\\x63\\x6f\\x72"
                         "\\x70\\x75\\x73\\x00\", 128) = 33");
  expect_strace_spelling(decode_call(mem, "keyctl", {KEYCTL_SETPERM, 537421635, 0x3f010000, 0, 0}),
                         "keyctl(KEYCTL_SETPERM, 537421635, KEY_POS_VIEW|KEY_POS_READ|KEY_POS_WRITE|KEY_POS_SEARCH|"
                         "KEY_POS_LINK|KEY_POS_SETATTR|KEY_USR_VIEW) = 0");
  expect_strace_spelling(decode_call(mem, "keyctl", {KEYCTL_SEARCH, 337933511, type, desc, 0}, 537421635),
                         "keyctl(KEYCTL_SEARCH, 337933511, \"user\", \"capsule:corpus\", 0) = 537421635");
  expect_strace_spelling(decode_call(mem, "keyctl", {KEYCTL_REVOKE, 537421635, 0, 0, 0}), "keyctl(KEYCTL_REVOKE, 537421635) = 0");
  expect_strace_spelling(decode_call(mem, "keyctl", {KEYCTL_SESSION_TO_PARENT, 0, 0, 0, 0}), "keyctl(KEYCTL_SESSION_TO_PARENT) = 0");
  // A command strace does not treat apart: four hex words.
  expect_strace_spelling(decode_call(mem, "keyctl", {KEYCTL_WATCH_KEY, 1, 2, 3, 4}, -EINVAL),
                         "keyctl(KEYCTL_WATCH_KEY, 0x1, 0x2, 0x3, 0x4) = -1 EINVAL (Invalid argument)");
}

}  // namespace
}  // namespace capsule::testing
