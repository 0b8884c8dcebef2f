#include "NestboxApi.h"

#include "BenchError.h"
#include "Json.h"
#include "Sha256.h"

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Object.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <istream>
#include <ostream>
#include <sstream>

namespace {

std::uint64_t toU64(std::int64_t value, const std::string& what)
{
    if (value < 0)
        throw BenchError(what + ": negative value " + std::to_string(value));
    return static_cast<std::uint64_t>(value);
}

void preadAll(int fd, char* buffer, std::size_t length, std::uint64_t offset)
{
    std::size_t done = 0;
    while (done < length) {
        const ssize_t n = ::pread(fd, buffer + done, length - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw BenchError(std::string("pread failed: ") + (n == 0 ? "unexpected end of file" : std::strerror(errno)));
        done += static_cast<std::size_t>(n);
    }
}

} // namespace

NestboxApi::NestboxApi(const std::string& host, std::uint16_t port, const std::string& token) : _http(host, port)
{
    _http.setToken(token);
}

void NestboxApi::expect(const HttpResponse& response, std::initializer_list<int> statuses, const std::string& what)
{
    for (int status : statuses)
        if (response.status == status)
            return;
    std::string expected;
    for (int status : statuses)
        expected += (expected.empty() ? "" : " or ") + std::to_string(status);
    throw BenchError(what + ": expected " + expected + ", got " + std::to_string(response.status) + " " +
                     response.body.substr(0, 400));
}

RemoteFile NestboxApi::parseFile(const std::string& body, const std::string& what)
{
    auto root = json::parseObject(body, what);
    auto file = root->has("file") ? json::object(root, "file", what) : root;
    RemoteFile out;
    out.id = json::string(file, "id", what);
    out.size = toU64(json::integer(file, "size", what), what);
    out.sha256 = json::string(file, "sha256", what);
    return out;
}

ServerLimits NestboxApi::serverInfo()
{
    const std::string what = "GET /api/v1/server";
    auto response = _http.request("GET", "/api/v1/server");
    expect(response, {200}, what);
    auto root = json::parseObject(response.body, what);
    auto limits = json::object(root, "limits", what);
    ServerLimits out;
    out.maxFileSize = toU64(json::integer(limits, "max_file_size", what), what);
    out.chunkSizeMin = toU64(json::integer(limits, "chunk_size_min", what), what);
    out.chunkSizeMax = toU64(json::integer(limits, "chunk_size_max", what), what);
    out.chunkSizeDefault = toU64(json::integer(limits, "chunk_size_default", what), what);
    out.maxChunks = toU64(json::integer(limits, "max_chunks", what), what);
    out.version = root->has("version") ? root->optValue<std::string>("version", "?") : "?";
    return out;
}

void NestboxApi::signup(const std::string& username, const std::string& password)
{
    Poco::JSON::Object body;
    body.set("username", username);
    body.set("password", password);
    expect(_http.request("POST", "/api/v1/auth/signup", json::stringify(body)), {201}, "POST /api/v1/auth/signup");
}

std::string NestboxApi::login(const std::string& username, const std::string& password)
{
    const std::string what = "POST /api/v1/auth/login";
    Poco::JSON::Object body;
    body.set("username", username);
    body.set("password", password);
    body.set("device", "nestbox-bench");
    auto response = _http.request("POST", "/api/v1/auth/login", json::stringify(body));
    expect(response, {200}, what);
    const std::string token = json::string(json::parseObject(response.body, what), "token", what);
    _http.setToken(token);
    return token;
}

UploadStart NestboxApi::startUpload(const std::string& name, std::uint64_t size, const std::string& sha256,
                                    std::uint64_t chunkSizeHint, const std::string& modifiedAt)
{
    const std::string what = "POST /api/v1/uploads";
    Poco::JSON::Object body;
    body.set("name", name);
    body.set("size", static_cast<Poco::UInt64>(size));
    body.set("sha256", sha256);
    if (chunkSizeHint)
        body.set("chunk_size", static_cast<Poco::UInt64>(chunkSizeHint));
    if (!modifiedAt.empty())
        body.set("modified_at", modifiedAt);
    auto response = _http.request("POST", "/api/v1/uploads", json::stringify(body));
    expect(response, {200, 201}, what);

    UploadStart out;
    out.status = response.status;
    auto root = json::parseObject(response.body, what);
    out.state = json::string(root, "state", what);
    if (out.state == "complete") {
        out.instant = root->optValue<bool>("instant", false);
        out.file = parseFile(response.body, what);
        return out;
    }
    auto upload = json::object(root, "upload", what);
    out.uploadId = json::string(upload, "id", what);
    out.chunkSize = toU64(json::integer(upload, "chunk_size", what), what);
    out.chunkCount = toU64(json::integer(upload, "chunk_count", what), what);
    if (out.state == "proof_required") {
        auto challenge = json::object(root, "challenge", what);
        out.nonceBase64 = json::string(challenge, "nonce", what);
        auto ranges = json::array(challenge, "ranges", what);
        for (std::size_t i = 0; i < ranges->size(); ++i) {
            auto pair = ranges->getArray(static_cast<unsigned>(i));
            if (!pair || pair->size() != 2)
                throw BenchError(what + ": challenge range " + std::to_string(i) + " is not [offset, length]");
            const auto offset = pair->getElement<Poco::Int64>(0);
            const auto length = pair->getElement<Poco::Int64>(1);
            out.ranges.emplace_back(toU64(offset, what), toU64(length, what));
        }
    } else if (out.state != "receiving") {
        throw BenchError(what + ": unknown state \"" + out.state + "\"");
    }
    return out;
}

void NestboxApi::putChunk(const std::string& uploadId, std::uint64_t index, int fd, std::uint64_t offset,
                          std::uint64_t length, const std::string& chunkSha256)
{
    const std::string target = "/api/v1/uploads/" + uploadId + "/chunks/" + std::to_string(index);
    thread_local std::vector<char> buffer(1 << 20);
    auto writer = [&](const HttpConnection::BodySink& send) {
        std::uint64_t done = 0;
        while (done < length) {
            const auto piece = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), length - done));
            preadAll(fd, buffer.data(), piece, offset + done);
            send(buffer.data(), piece);
            done += piece;
        }
    };
    auto response = _http.requestStreamed("PUT", target, length, writer, {{"X-Nestbox-Chunk-SHA256", chunkSha256}});
    expect(response, {204}, "PUT " + target);
}

RemoteFile NestboxApi::complete(const std::string& uploadId)
{
    const std::string target = "/api/v1/uploads/" + uploadId + "/complete";
    auto response = _http.request("POST", target);
    expect(response, {201}, "POST " + target);
    return parseFile(response.body, "POST " + target);
}

RemoteFile NestboxApi::proof(const std::string& uploadId, const std::string& proofHex)
{
    const std::string target = "/api/v1/uploads/" + uploadId + "/proof";
    Poco::JSON::Object body;
    body.set("proof", proofHex);
    auto response = _http.request("POST", target, json::stringify(body));
    expect(response, {201}, "POST " + target);
    return parseFile(response.body, "POST " + target);
}

void NestboxApi::deleteFile(const std::string& fileId)
{
    const std::string target = "/api/v1/files/" + fileId;
    expect(_http.request("DELETE", target), {204}, "DELETE " + target);
}

ListPage NestboxApi::listFiles(const std::string& query)
{
    const std::string target = "/api/v1/files?" + query;
    auto response = _http.request("GET", target);
    expect(response, {200}, "GET " + target);
    auto root = json::parseObject(response.body, "GET " + target);
    ListPage page;
    page.itemCount = json::array(root, "items", "GET " + target)->size();
    if (!json::isNull(root, "next_cursor"))
        page.nextCursor = json::string(root, "next_cursor", "GET " + target);
    return page;
}

void NestboxApi::me()
{
    expect(_http.request("GET", "/api/v1/me"), {200}, "GET /api/v1/me");
}

std::string computeProof(const std::string& nonceBase64,
                         const std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges, int fd)
{
    std::istringstream encoded(nonceBase64);
    Poco::Base64Decoder decoder(encoded);
    std::string nonce((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
    if (nonce.size() < 16)
        throw BenchError("challenge nonce decodes to " + std::to_string(nonce.size()) + " bytes, API.md says >= 16");

    Sha256 hasher;
    hasher.update(nonce.data(), nonce.size());
    std::vector<char> buffer;
    for (const auto& [offset, length] : ranges) {
        std::uint64_t done = 0;
        while (done < length) {
            const auto piece = static_cast<std::size_t>(std::min<std::uint64_t>(length - done, 1 << 20));
            buffer.resize(piece);
            preadAll(fd, buffer.data(), piece, offset + done);
            hasher.update(buffer.data(), piece);
            done += piece;
        }
    }
    return hasher.hexDigest();
}

std::string rfc3339(std::int64_t epochSeconds)
{
    const auto t = static_cast<std::time_t>(epochSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::string percentEncode(const std::string& text)
{
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0x0f]);
        }
    }
    return out;
}
