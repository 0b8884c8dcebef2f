#include "nestbox/Base64.h"

#include <openssl/evp.h>

namespace nestbox {

std::string base64Encode(std::string_view bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(bytes.data()),
                                        static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

std::optional<std::string> base64Decode(std::string_view text)
{
    if (text.size() % 4 != 0)
        return std::nullopt;
    for (char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '+' || c == '/' || c == '=';
        if (!ok)
            return std::nullopt;
    }
    std::string out(3 * text.size() / 4, '\0');
    const int decoded = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(text.data()),
                                        static_cast<int>(text.size()));
    if (decoded < 0)
        return std::nullopt;
    // EVP_DecodeBlock counts padding as zero bytes; drop them.
    std::size_t length = static_cast<std::size_t>(decoded);
    if (!text.empty() && text.back() == '=')
        --length;
    if (text.size() >= 2 && text[text.size() - 2] == '=')
        --length;
    out.resize(length);
    if (base64Encode(out) != text)
        return std::nullopt;
    return out;
}

} // namespace nestbox
