// Path arithmetic, resource classes and the fd table on their own.
#include <gtest/gtest.h>

#include "enrich/fd_table.h"
#include "enrich/path_text.h"
#include "enrich/resource_class.h"

namespace capsule {
namespace {

TEST(PathText, Normalize) {
  EXPECT_EQ(normalize_path("/a/./b//../c/"), "/a/c");
  EXPECT_EQ(normalize_path("/../.."), "/");
  EXPECT_EQ(normalize_path("a/../../b"), "../b");
  EXPECT_EQ(normalize_path("./"), ".");
  EXPECT_EQ(resolve_path("/home/u", "../v/x"), "/home/v/x");
  EXPECT_EQ(resolve_path("/home/u", "/etc/../etc/passwd"), "/etc/passwd");
  EXPECT_EQ(resolve_path("", "rel/x"), "rel/x");  // unknown base: stays relative
}

TEST(PathText, NormalPathsAreRecognised) {
  for (const char* p : {"/", "/a", "/a/b.c", "a", "a/b", "..a", "/a/.b"}) {
    EXPECT_TRUE(is_normal_path(p)) << p;
    EXPECT_EQ(normalize_path(p), p);
  }
  for (const char* p : {"//", "/a/", "/a//b", "/a/./b", "/a/..", "./a", "a/..", ".", "..", "/."}) {
    EXPECT_FALSE(is_normal_path(p)) << p;
  }
}

TEST(PathText, ResolveIntoReusedString) {
  struct Case {
    const char* base;
    const char* path;
    const char* resolved;
  };
  const Case cases[] = {{"/home/u", "x/y", "/home/u/x/y"},    {"/", "etc", "/etc"},
                        {"/home/u", "../v/./x", "/home/v/x"}, {"/home/u", "/abs//p/", "/abs/p"},
                        {"", "rel/../x", "x"},                {"/home/u", "", ""}};
  std::string out = "previous, longer content";
  for (const Case& c : cases) {
    resolve_path(c.base, c.path, out);
    EXPECT_EQ(out, c.resolved) << c.base << " + " << c.path;
  }
  // Always normal, like the allocating form's answers.
  for (const char* base : {"", "/", "/home/u", "/home/u/"}) {
    for (const char* path : {"", "a", "./a", "../a", "/a/../b", "a//b/", ".", "/"}) {
      resolve_path(base, path, out);
      EXPECT_EQ(out, normalize_path(out)) << base << " + " << path;
    }
  }
}

TEST(ResourceClass, FromPathsAndRefs) {
  EXPECT_EQ(classify_path("/proc/self/maps"), ResourceClass::Procfs);
  EXPECT_EQ(classify_path("/process"), ResourceClass::File);
  EXPECT_EQ(classify_path("/dev/null"), ResourceClass::Devfs);
  EXPECT_EQ(classify_path("/dev/shm/sem.x"), ResourceClass::SharedMem);
  EXPECT_EQ(classify_path("/sys/kernel/mm"), ResourceClass::Sysfs);
  EXPECT_EQ(classify_ref("socket:[123]"), ResourceClass::Socket);
  EXPECT_EQ(classify_ref("TCPv6:[[::1]:80]"), ResourceClass::Socket);
  EXPECT_EQ(classify_ref("pipe:[9]"), ResourceClass::Pipe);
  EXPECT_EQ(classify_ref("anon_inode:[eventfd]"), ResourceClass::Anonymous);
  EXPECT_EQ(classify_ref("/memfd:x (deleted)"), ResourceClass::SharedMem);
  EXPECT_EQ(classify_ref("net:[4026531840]"), ResourceClass::Anonymous);
  EXPECT_EQ(resource_class_name(ResourceClass::SharedMem), "shm");
  EXPECT_EQ(resource_class_name(ResourceClass::Directory), "directory");
}

TEST(FdTable, DenseSparseAndCloexec) {
  FdTable t;
  FdEntry a;
  a.ref = "/a";
  FdEntry b;
  b.ref = "/b";
  b.cloexec = true;
  t.set(3, a);
  t.set(100000, b);
  EXPECT_EQ(t.size(), 2u);
  ASSERT_NE(t.find(100000), nullptr);
  EXPECT_EQ(t.find(100000)->ref, "/b");
  EXPECT_EQ(t.find(4), nullptr);
  EXPECT_EQ(t.find(-1), nullptr);
  t.set(3, b);  // reuse of a number replaces
  EXPECT_EQ(t.size(), 2u);
  t.drop_cloexec();
  EXPECT_EQ(t.size(), 0u);
  t.set(1, a);
  t.set(7, a);
  t.set(5000, a);
  std::vector<int64_t> order;
  t.for_each([&](int64_t fd, const FdEntry&) { order.push_back(fd); });
  EXPECT_EQ(order, (std::vector<int64_t>{1, 7, 5000}));
  t.erase_range(2, 0xFFFFFFFFll);
  EXPECT_EQ(t.size(), 1u);
  EXPECT_FALSE(t.erase(7));
  EXPECT_TRUE(t.erase(1));
}

}  // namespace
}  // namespace capsule
