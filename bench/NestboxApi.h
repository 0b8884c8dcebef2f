#pragma once

#include "HttpConnection.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

struct ServerLimits {
    std::uint64_t maxFileSize = 0;
    std::uint64_t chunkSizeMin = 0;
    std::uint64_t chunkSizeMax = 0;
    std::uint64_t chunkSizeDefault = 0;
    std::uint64_t maxChunks = 0;
    std::string version;
};

struct RemoteFile {
    std::string id;
    std::uint64_t size = 0;
    std::string sha256;
};

// The three answers of POST /api/v1/uploads (API.md "Uploads" step 1).
struct UploadStart {
    int status = 0;
    std::string state; // receiving | proof_required | complete
    bool instant = false;
    std::string uploadId;
    std::uint64_t chunkSize = 0;
    std::uint64_t chunkCount = 0;
    RemoteFile file;                                               // when complete
    std::string nonceBase64;                                       // when proof_required
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;   // [offset, length] when proof_required
};

struct ListPage {
    std::size_t itemCount = 0;
    std::string nextCursor; // empty at the end
};

// The Nestbox HTTP API v1 as the bench uses it, over one keep-alive connection. Every call checks the
// status API.md promises and throws BenchError("METHOD path: expected …, got …") otherwise.
// One object per thread.
class NestboxApi {
public:
    NestboxApi(const std::string& host, std::uint16_t port, const std::string& token = {});

    HttpConnection& http() { return _http; }
    void setToken(const std::string& token) { _http.setToken(token); }

    ServerLimits serverInfo();
    void signup(const std::string& username, const std::string& password);
    std::string login(const std::string& username, const std::string& password); // returns and keeps the token

    UploadStart startUpload(const std::string& name, std::uint64_t size, const std::string& sha256,
                            std::uint64_t chunkSizeHint = 0, const std::string& modifiedAt = {});
    // Streams [offset, offset+length) of the open file `fd` as chunk `index`.
    void putChunk(const std::string& uploadId, std::uint64_t index, int fd, std::uint64_t offset,
                  std::uint64_t length, const std::string& chunkSha256);
    RemoteFile complete(const std::string& uploadId);
    RemoteFile proof(const std::string& uploadId, const std::string& proofHex);
    void deleteFile(const std::string& fileId);
    ListPage listFiles(const std::string& query); // query without '?', e.g. "limit=200&cursor=…"
    void me();

    static void expect(const HttpResponse& response, std::initializer_list<int> statuses, const std::string& what);
    static RemoteFile parseFile(const std::string& body, const std::string& what);

private:
    HttpConnection _http;
};

// proof = hex(SHA-256(nonce_bytes ‖ bytes of each range, in order)), ranges read from `fd`.
std::string computeProof(const std::string& nonceBase64,
                         const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges, int fd);

// RFC 3339 UTC for seconds since the epoch, e.g. "2021-03-04T05:06:07Z".
std::string rfc3339(std::int64_t epochSeconds);

// Percent-encodes everything but RFC 3986 unreserved characters (for cursors in a query string).
std::string percentEncode(const std::string& text);
