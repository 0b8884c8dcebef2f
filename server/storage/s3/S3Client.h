#pragma once

#include "S3Config.h"
#include "S3Types.h"
#include "SigV4Signer.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace Poco::Net {
class HTTPResponse;
}

namespace nestbox::server {

class S3SessionPool;

// An S3 client for one bucket (Ceph RGW, MinIO, AWS S3, Aliyun OSS's S3 endpoint): SigV4,
// streaming bodies in bounded buffers (never a whole object in memory), multipart uploads and
// retries with full-jitter exponential backoff on 5xx, SlowDown, RequestTimeout and dropped
// connections. Failures surface as S3Error after the retries are spent.
//
// Retries and bodies: an upload is re-sent only when its stream is seekable (tellg() works): the
// stream is rewound to where it stood when the call began. A non-seekable body fails on the first
// transport error. A download that breaks mid-body resumes with a Range from the byte it reached,
// pinned to the first answer's ETag (If-Match), so `out` never receives a byte twice.
//
// Thread-safe: calls may run concurrently from any thread; each uses its own pooled session.
class S3Client {
public:
    explicit S3Client(S3Config config);
    ~S3Client();
    S3Client(const S3Client&) = delete;
    S3Client& operator=(const S3Client&) = delete;

    const S3Config& config() const { return _config; }

    // Creates the bucket; one this user already owns counts as created.
    void createBucket();

    // Streams exactly `length` bytes of `body`. `sha256Hex` (may be empty) is sent as the signed
    // x-amz-content-sha256, so the server refuses a body that does not match.
    void putObject(const std::string& key, std::istream& body, std::int64_t length, const std::string& sha256Hex = {});
    // Streams the object (or the range) into `out`; returns the bytes written. On failure `out`
    // may already hold a prefix of the object: the caller discards it.
    std::int64_t getObject(const std::string& key, std::ostream& out, std::optional<S3ByteRange> range = {});
    // Size and ETag, or nothing when there is no such key.
    std::optional<S3ObjectInfo> headObject(const std::string& key);
    // Deleting a missing key succeeds (S3 semantics).
    void deleteObject(const std::string& key);

    std::string createMultipart(const std::string& key);
    // Returns the part's ETag. Sending a part number again replaces that part.
    std::string uploadPart(const std::string& key, const std::string& uploadId, int partNumber, std::istream& body,
                           std::int64_t length, const S3BodyIntegrity& integrity = {});
    // Returns the object's ETag. A 200 answer carrying <Error> is a failure (S3Error). Ceph 16
    // answers an empty <ETag>: the object is HEADed for the real one.
    std::string completeMultipart(const std::string& key, const std::string& uploadId,
                                  const std::vector<S3CompletedPart>& parts);
    void abortMultipart(const std::string& key, const std::string& uploadId);
    // Every part uploaded so far (all pages).
    std::vector<S3PartInfo> listParts(const std::string& key, const std::string& uploadId);

    // Every multipart upload in progress under `prefix` (all pages).
    std::vector<S3MultipartInfo> listMultipartUploads(const std::string& prefix);

    S3ListPage listObjectsV2(const std::string& prefix, const std::string& continuationToken = {}, int maxKeys = 1000);

    // Server-side copy of a whole object within the bucket (CopyObject: up to 5 GiB). A 200 answer
    // carrying <Error> is a failure.
    void copyObject(const std::string& sourceKey, const std::string& destinationKey);

    // A GET URL anyone can fetch until it expires; ttl 0 takes config().presignTtl. `responseOverrides`
    // (signed): e.g. {"response-content-disposition", "attachment; …"}, {"response-content-type", …}.
    std::string presignGet(const std::string& key, std::chrono::seconds ttl = std::chrono::seconds{0},
                           const std::vector<std::pair<std::string, std::string>>& responseOverrides = {}) const;

    // Retries made since construction (tests and metrics).
    std::uint64_t retryCount() const { return _retries.load(); }

private:
    struct Call;
    using BodyHandler = std::function<void(const Poco::Net::HTTPResponse&, std::istream&)>;

    // Path (raw, not encoded) and Host header of `key` ("" = the bucket itself).
    std::string rawPath(const std::string& key) const;
    std::string hostHeader() const;
    void exchange(Call& call, const BodyHandler& onSuccess);
    // Runs `attempt` until it succeeds, fails for good, or the attempts are spent; `beforeRetry`
    // prepares the next try and returns false when it cannot be made (a body that cannot rewind).
    void retrying(const std::function<void(int)>& attempt, const std::function<bool()>& beforeRetry = {});
    std::string readSmallBody(std::istream& in) const;

    S3Config _config;
    SigV4Signer _signer;
    std::string _scheme;
    std::string _host; // connected to: the endpoint's host, or bucket.host for virtual-host style
    unsigned short _port = 0;
    std::unique_ptr<S3SessionPool> _pool;
    std::atomic<std::uint64_t> _retries{0};
};

} // namespace nestbox::server
