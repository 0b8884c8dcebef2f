#pragma once

#include <cstddef>
#include <string_view>

namespace nestbox {

// Well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view text) noexcept;

// Number of code points in well-formed UTF-8.
std::size_t utf8Length(std::string_view text) noexcept;

// A file name is a label only, never a path: 1–255 bytes of UTF-8, no '/', '\\', NUL or other
// control characters (C0, DEL, C1), and not "." or "..".
bool isValidFileName(std::string_view name) noexcept;

// 3–32 characters of [A-Za-z0-9_.-].
bool isValidUsername(std::string_view username) noexcept;

// At least 8 characters, at most 1024 bytes, well-formed UTF-8.
bool isAcceptablePassword(std::string_view password) noexcept;

inline constexpr std::size_t kMaxFileNameBytes = 255;
inline constexpr std::size_t kMinPasswordChars = 8;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

} // namespace nestbox
