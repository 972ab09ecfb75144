// An ioctl request no table names, as strace spells it from its encoded fields (asm-generic
// ioctl.h: number, type, size, direction): _IOC(_IOC_READ, 0x54, 0xff, 0x4). The native decoder
// writes it (ioctl.cpp) and the strace parser reads it back to the request's value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace capsule {

std::string ioc_request_text(uint32_t request);
// The request "_IOC(dir, type, nr, size)" encodes; nullopt for any other text.
std::optional<uint32_t> ioc_request_value(std::string_view text);

}  // namespace capsule
