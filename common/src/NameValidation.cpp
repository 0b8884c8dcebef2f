#include "nestbox/NameValidation.h"

#include <cstdint>

namespace nestbox {

namespace {

// Decodes one code point at text[i]; returns its byte length, 0 when malformed.
std::size_t decodeOne(std::string_view text, std::size_t i, char32_t& cp) noexcept
{
    const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
    const std::uint8_t b0 = byte(i);
    std::size_t length = 0;
    char32_t minimum = 0;
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    } else if ((b0 & 0xE0) == 0xC0) {
        length = 2; cp = b0 & 0x1F; minimum = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        length = 3; cp = b0 & 0x0F; minimum = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        length = 4; cp = b0 & 0x07; minimum = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const std::uint8_t b = byte(i + k);
        if ((b & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return length;
}

} // namespace

bool isValidUtf8(std::string_view text) noexcept
{
    char32_t cp = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = decodeOne(text, i, cp);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

std::size_t utf8Length(std::string_view text) noexcept
{
    std::size_t count = 0;
    for (char c : text)
        if ((static_cast<std::uint8_t>(c) & 0xC0) != 0x80)
            ++count;
    return count;
}

bool isValidFileName(std::string_view name) noexcept
{
    if (name.empty() || name.size() > kMaxFileNameBytes || name == "." || name == "..")
        return false;
    char32_t cp = 0;
    for (std::size_t i = 0; i < name.size();) {
        const std::size_t n = decodeOne(name, i, cp);
        if (n == 0)
            return false;
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == U'/' || cp == U'\\')
            return false;
        i += n;
    }
    return true;
}

bool isValidUsername(std::string_view username) noexcept
{
    if (username.size() < 3 || username.size() > 32)
        return false;
    for (char c : username) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '_' || c == '.' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

bool isAcceptablePassword(std::string_view password) noexcept
{
    return password.size() <= kMaxPasswordBytes && isValidUtf8(password)
        && utf8Length(password) >= kMinPasswordChars;
}

} // namespace nestbox
