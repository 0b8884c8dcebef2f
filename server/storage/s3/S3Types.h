#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nestbox::server {

// Bytes [first, last] of an object, both included; no last = to the end.
struct S3ByteRange {
    std::int64_t first = 0;
    std::optional<std::int64_t> last;
};

struct S3ObjectInfo {
    std::string key;
    std::int64_t size = 0;
    std::string etag; // as S3 sends it, quotes stripped
    std::string lastModified;
};

// Integrity the server checks for an uploaded body: the hex SHA-256 goes out as the signed
// x-amz-content-sha256 (AWS and Ceph refuse a body that does not match), the MD5 as Content-MD5.
// Either may be empty; both empty sends UNSIGNED-PAYLOAD.
struct S3BodyIntegrity {
    std::string sha256Hex;
    std::string md5Base64;
};

struct S3PartInfo {
    int partNumber = 0;
    std::string etag;
    std::int64_t size = 0;
};

struct S3CompletedPart {
    int partNumber = 0;
    std::string etag;
};

// A multipart upload begun and neither completed nor aborted.
struct S3MultipartInfo {
    std::string key;
    std::string uploadId;
    std::string initiated; // ISO 8601, as S3 sends it
};

struct S3ListPage {
    std::vector<S3ObjectInfo> objects;
    std::vector<std::string> commonPrefixes;
    // Empty when this was the last page.
    std::string nextContinuationToken;
};

} // namespace nestbox::server
