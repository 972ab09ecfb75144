// Rows for COPY … FROM STDIN in PostgreSQL's text format: fields separated by a tab, rows ended
// by '\n', NULL as \N, and a backslash, tab, newline or carriage return in a value escaped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace capsule::store {

class CopyRows {
 public:
  CopyRows& text(std::string_view value);
  CopyRows& maybe(const std::optional<std::string>& value) { return value ? text(*value) : null(); }
  CopyRows& number(int64_t value);
  CopyRows& boolean(bool value) { return raw(value ? "t" : "f"); }
  CopyRows& null() { return raw("\\N"); }
  void end_row();

  const std::string& data() const { return data_; }
  size_t rows() const { return rows_; }
  void clear() {
    data_.clear();
    rows_ = 0;
    fields_ = 0;
  }

 private:
  CopyRows& raw(std::string_view value);
  void separate();
  std::string data_;
  size_t rows_ = 0;
  size_t fields_ = 0;  // in the current row
};

}  // namespace capsule::store
