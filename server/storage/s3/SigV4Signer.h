#pragma once

#include "SigV4Request.h"

#include <chrono>
#include <string>
#include <string_view>

namespace nestbox::server {

// AWS Signature Version 4 (HMAC-SHA256): canonical request, string to sign, signing key, the
// Authorization header and query-string presigning. Immutable after construction, so one
// signer serves every thread.
class SigV4Signer {
public:
    using Clock = std::chrono::system_clock;

    static constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
    static constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
    static constexpr std::string_view kEmptySha256 =
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    SigV4Signer(std::string accessKey, std::string secretKey, std::string region, std::string service = "s3");

    // RFC 3986 percent-encoding of every byte but A-Z a-z 0-9 - _ . ~ (and '/' unless encodeSlash).
    static std::string uriEncode(std::string_view raw, bool encodeSlash);
    // The canonical URI of a decoded path. S3 signs keys as they are (normalize = false: a key may
    // hold "//" or ".."); other AWS services sign the path with dot segments and empty segments
    // removed (normalize = true).
    static std::string canonicalUri(std::string_view rawPath, bool normalize);
    // "20150830T123600Z"
    static std::string amzDate(Clock::time_point when);

    static std::string canonicalQuery(const SigV4Request& request);
    static std::string canonicalHeaders(const SigV4Request& request);
    static std::string signedHeaders(const SigV4Request& request);
    static std::string canonicalRequest(const SigV4Request& request);

    // "20150830/us-east-1/service/aws4_request"
    std::string scope(std::string_view amzDate) const;
    std::string stringToSign(std::string_view amzDate, const std::string& canonicalRequest) const;
    // Hex HMAC of the string to sign with the key derived for that day, region and service.
    std::string signature(std::string_view amzDate, const std::string& stringToSign) const;

    // Adds the X-Amz-Date header to `request` and returns the Authorization header's value.
    std::string sign(SigV4Request& request, Clock::time_point now) const;
    // Adds X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders and -Signature to the
    // query of `request` (presigned URL). The payload hash is signed as given.
    void presign(SigV4Request& request, Clock::time_point now, std::chrono::seconds expires) const;

    const std::string& accessKey() const { return _accessKey; }
    const std::string& region() const { return _region; }

private:
    std::string _accessKey;
    std::string _secretKey;
    std::string _region;
    std::string _service;
};

} // namespace nestbox::server
