#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nestbox::media {

// Builds the one-line JSON object nestbox-thumbnailer prints, without a JSON library (the
// thumbnailer links libvips only). Keys and values are escaped; output is one line.
class JsonLine {
public:
    JsonLine& add(std::string_view key, std::string_view value);
    JsonLine& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
    JsonLine& add(std::string_view key, std::int64_t value);
    JsonLine& add(std::string_view key, bool value);
    JsonLine& addNull(std::string_view key);
    // A nested object already rendered by another JsonLine.
    JsonLine& addObject(std::string_view key, const JsonLine& object);
    std::string str() const;

    static std::string quote(std::string_view text);

private:
    void key(std::string_view name);
    std::string _body;
};

} // namespace nestbox::media
