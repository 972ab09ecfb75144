#include "store/copy_rows.h"

#include <charconv>

namespace capsule::store {

void CopyRows::separate() {
  if (fields_++ > 0) data_.push_back('\t');
}

CopyRows& CopyRows::raw(std::string_view value) {
  separate();
  data_.append(value);
  return *this;
}

CopyRows& CopyRows::text(std::string_view value) {
  separate();
  size_t plain = 0;  // start of the run of bytes that need no escape
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    // NUL cannot be stored in a text value: it becomes the four characters \x00, the spelling
    // capsule's streams use for bytes that cannot be shown (docs/FORMAT.md).
    const char* esc = c == '\\'  ? "\\\\"
                      : c == '\t' ? "\\t"
                      : c == '\n' ? "\\n"
                      : c == '\r' ? "\\r"
                      : c == '\0' ? "\\\\x00"
                                  : nullptr;
    if (esc == nullptr) continue;
    data_.append(value.substr(plain, i - plain));
    data_.append(esc);
    plain = i + 1;
  }
  data_.append(value.substr(plain));
  return *this;
}

CopyRows& CopyRows::number(int64_t value) {
  separate();
  char buf[24];
  data_.append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
  return *this;
}

void CopyRows::end_row() {
  data_.push_back('\n');
  ++rows_;
  fields_ = 0;
}

}  // namespace capsule::store
