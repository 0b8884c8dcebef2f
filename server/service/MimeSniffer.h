#pragma once

#include <string>
#include <string_view>

namespace nestbox::server {

struct MimeType {
    std::string mime;
    std::string kind; // image | video | other
};

// The type of a file from its first bytes (magic numbers), never from its name. Unknown
// content is application/octet-stream.
MimeType sniffMime(std::string_view head);

} // namespace nestbox::server
