#pragma once

#include <string>
#include <utility>
#include <vector>

namespace nestbox::server {

// What AWS Signature V4 signs of one HTTP request. Every header listed is signed, so list only
// headers that no proxy rewrites (host, x-amz-*, range, content-md5, content-type).
struct SigV4Request {
    std::string method;
    // The path exactly as sent on the wire, already URI-encoded (SigV4Signer::canonicalUri).
    std::string canonicalUri = "/";
    // Decoded names and values; the signer encodes and sorts them.
    std::vector<std::pair<std::string, std::string>> query;
    // Names in any case; repeated names are joined with ',' in this order.
    std::vector<std::pair<std::string, std::string>> headers;
    // Hex SHA-256 of the body, or "UNSIGNED-PAYLOAD".
    std::string payloadHash;
};

} // namespace nestbox::server
