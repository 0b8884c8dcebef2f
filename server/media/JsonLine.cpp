#include "JsonLine.h"

#include <cstdio>

namespace nestbox::media {

namespace {

// Length of the valid UTF-8 sequence at text[i], 0 if invalid: the parent's JSON parser must
// never choke on bytes a decoder echoed into an error message.
std::size_t utf8Length(std::string_view text, std::size_t i)
{
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = at(i);
    std::size_t length = 0;
    unsigned int min = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size())
        return 0;
    unsigned int code = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        if ((at(i + k) & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (at(i + k) & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return length;
}

} // namespace

std::string JsonLine::quote(std::string_view text)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
            const std::size_t length = utf8Length(text, i);
            if (length == 0) {
                out += "\\ufffd";
            } else {
                out.append(text.substr(i, length));
                i += length - 1;
            }
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (u < 0x20 || u == 0x7F) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

void JsonLine::key(std::string_view name)
{
    if (!_body.empty())
        _body += ',';
    _body += quote(name);
    _body += ':';
}

JsonLine& JsonLine::add(std::string_view name, std::string_view value)
{
    key(name);
    _body += quote(value);
    return *this;
}

JsonLine& JsonLine::add(std::string_view name, std::int64_t value)
{
    key(name);
    _body += std::to_string(value);
    return *this;
}

JsonLine& JsonLine::add(std::string_view name, bool value)
{
    key(name);
    _body += value ? "true" : "false";
    return *this;
}

JsonLine& JsonLine::addNull(std::string_view name)
{
    key(name);
    _body += "null";
    return *this;
}

JsonLine& JsonLine::addObject(std::string_view name, const JsonLine& object)
{
    key(name);
    _body += object.str();
    return *this;
}

std::string JsonLine::str() const
{
    return "{" + _body + "}";
}

} // namespace nestbox::media
