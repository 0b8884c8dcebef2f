#pragma once

#include <string>
#include <string_view>

namespace nestbox::server {

// One-shot digests the S3 client needs (SHA-256, HMAC-SHA-256, MD5) on OpenSSL, and the
// encodings S3 wants them in. Stateless; safe from any thread.
class S3Digest {
public:
    static std::string sha256(std::string_view data);                        // raw 32 bytes
    static std::string sha256Hex(std::string_view data);
    static std::string hmacSha256(std::string_view key, std::string_view data); // raw 32 bytes
    static std::string md5(std::string_view data);                           // raw 16 bytes
    static std::string hex(std::string_view raw);
    // Hex → raw bytes; throws std::invalid_argument on odd length or a non-hex digit.
    static std::string unhex(std::string_view hex);
    static std::string base64(std::string_view raw);
};

} // namespace nestbox::server
