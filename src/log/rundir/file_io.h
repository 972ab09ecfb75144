// Small POSIX file helpers shared by the log writers; internal to src/log. All of them report
// failure as LogWriteError carrying errno, so that "disk full" reaches the user as such.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "base/unique_fd.h"

namespace capsule::file_io {

// Creates path exclusively (O_EXCL: never reuses an existing file), mode exactly 0600.
UniqueFd create_private_file(const std::filesystem::path& path);

// Writes all of data, retrying partial writes and EINTR. On failure returns the errno and sets
// written to the bytes that did reach the file; returns 0 on success.
int write_all(int fd, std::string_view data, size_t& written);

// How write_file_atomically leaves a file. Synced: fsync of the file before the rename and of
// the directory after it, so the new content survives a crash of the machine. Unsynced: the
// rename alone, for files that say no more than the unsynced data beside them (a running run's
// manifest and live pointer: nothing of a run is synced before its end, and each fsync costs
// a disk flush, ≈ 0.2-0.4 ms here).
enum class Durability { Synced, Unsynced };

// Writes content to path via "<path>.tmp" + rename (mode 0600), so that a reader sees either the
// old or the new file, never half of one.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           Durability durability = Durability::Synced);

// Starts writing fd's dirty pages to disk without waiting (sync_file_range), so that the fsyncs
// that follow for several files overlap their writes instead of queueing one after another.
// Best effort: a failure shows in the fsync.
void start_writeback(int fd);

// fsync of a directory, making the names created in it durable. Best effort: returns errno.
int fsync_directory(const std::filesystem::path& dir);

[[noreturn]] void throw_write_error(const std::string& action, const std::filesystem::path& path,
                                    int err);

}  // namespace capsule::file_io
