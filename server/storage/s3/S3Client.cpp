#include "S3Client.h"

#include "S3Digest.h"
#include "S3Error.h"
#include "S3SessionPool.h"
#include "S3XmlReader.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>

#include <algorithm>
#include <mutex>
#include <random>
#include <thread>

namespace nestbox::server {

namespace {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

// Bodies move through buffers of this size: memory per call stays fixed whatever the object size.
constexpr std::size_t kBufferBytes = 256 * 1024;
// Error and listing documents are small; anything bigger is not one.
constexpr std::size_t kMaxXmlBytes = 4 * 1024 * 1024;

void initializeSslOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

std::string codeForStatus(int status)
{
    switch (status) {
    case 403: return "AccessDenied";
    case 404: return "NotFound";
    case 412: return "PreconditionFailed";
    case 416: return "InvalidRange";
    case 503: return "ServiceUnavailable";
    default: return "HTTP" + std::to_string(status);
    }
}

std::string xmlEscape(const std::string& s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

std::string rangeHeader(std::int64_t first, std::optional<std::int64_t> last)
{
    return "bytes=" + std::to_string(first) + "-" + (last ? std::to_string(*last) : std::string());
}

// Thrown inside one exchange when the connection broke; turned into a retryable S3Error.
struct TransportFailure {
    std::string what;
};

} // namespace

struct S3Client::Call {
    Call(std::string method_, std::string key_)
        : method(std::move(method_))
        , key(std::move(key_))
    {
    }

    std::string method;
    std::string key;     // "" = the bucket itself
    std::vector<std::pair<std::string, std::string>> query;
    std::vector<std::pair<std::string, std::string>> headers; // signed
    std::istream* body = nullptr;
    std::int64_t length = 0;
    const std::string* stringBody = nullptr;
    std::string payloadHash = std::string(SigV4Signer::kEmptySha256);
};

S3Client::S3Client(S3Config config)
    : _config(std::move(config))
    , _signer(_config.accessKey, _config.secretKey, _config.region, "s3")
{
    const Poco::URI endpoint(_config.endpoint);
    _scheme = endpoint.getScheme();
    if ((_scheme != "http" && _scheme != "https") || endpoint.getHost().empty())
        throw std::invalid_argument("S3 endpoint must be http(s)://host[:port]: " + _config.endpoint);
    if (_config.bucket.empty())
        throw std::invalid_argument("S3 bucket name is empty");
    _host = _config.pathStyle ? endpoint.getHost() : _config.bucket + "." + endpoint.getHost();
    _port = endpoint.getPort();
    Poco::Net::Context::Ptr context;
    if (_scheme == "https") {
        initializeSslOnce();
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", _config.caFile,
                                         _config.verifyTls ? Poco::Net::Context::VERIFY_RELAXED
                                                           : Poco::Net::Context::VERIFY_NONE,
                                         9, _config.caFile.empty());
    }
    _pool = std::make_unique<S3SessionPool>(_host, _port, _scheme == "https", context,
                                            static_cast<std::size_t>(std::max(1, _config.maxIdleSessions)),
                                            _config.connectTimeout, _config.ioTimeout);
}

S3Client::~S3Client() = default;

std::string S3Client::rawPath(const std::string& key) const
{
    if (_config.pathStyle)
        return key.empty() ? "/" + _config.bucket : "/" + _config.bucket + "/" + key;
    return "/" + key;
}

std::string S3Client::hostHeader() const
{
    const bool defaultPort = (_scheme == "http" && _port == 80) || (_scheme == "https" && _port == 443);
    return defaultPort ? _host : _host + ":" + std::to_string(_port);
}

std::string S3Client::readSmallBody(std::istream& in) const
{
    std::string out;
    char buf[8192];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        out.append(buf, static_cast<std::size_t>(in.gcount()));
        if (out.size() > kMaxXmlBytes)
            throw S3Error(0, "MalformedResponse", "response body larger than expected", false);
    }
    if (in.bad())
        throw TransportFailure{"connection lost while reading the response"};
    return out;
}

void S3Client::exchange(Call& call, const BodyHandler& onSuccess)
{
    SigV4Request signable;
    signable.method = call.method;
    signable.canonicalUri = SigV4Signer::canonicalUri(rawPath(call.key), false);
    signable.query = call.query;
    signable.headers = call.headers;
    signable.headers.emplace_back("Host", hostHeader());
    signable.headers.emplace_back("x-amz-content-sha256", call.payloadHash);
    signable.payloadHash = call.payloadHash;
    const std::string authorization = _signer.sign(signable, SigV4Signer::Clock::now());

    std::string uri = signable.canonicalUri;
    const std::string query = SigV4Signer::canonicalQuery(signable);
    if (!query.empty())
        uri.append("?").append(query);
    HTTPRequest request(call.method, uri, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : signable.headers)
        request.set(name, value);
    request.set("Authorization", authorization);
    const bool sendsBody = call.body || call.stringBody || call.method == HTTPRequest::HTTP_PUT
                           || call.method == HTTPRequest::HTTP_POST;
    const std::int64_t length = call.stringBody ? static_cast<std::int64_t>(call.stringBody->size()) : call.length;
    if (sendsBody)
        request.setContentLength64(length);
    request.setKeepAlive(true);

    auto session = _pool->acquire();
    HTTPResponse response;
    try {
        std::istream* in = nullptr;
        bool sendBroke = false;
        try {
            std::ostream& os = session->sendRequest(request);
            if (call.stringBody) {
                os.write(call.stringBody->data(), static_cast<std::streamsize>(call.stringBody->size()));
            } else if (call.body) {
                // The request stream sends in 4 KiB pieces (Poco's HTTP buffer): push the headers
                // through it, then hand the body to the socket in large blocks (PUT ~1.5x faster).
                os.flush();
                auto& socket = session->socket();
                std::vector<char> buf(kBufferBytes);
                std::int64_t left = length;
                while (left > 0 && os) {
                    const auto want = static_cast<std::streamsize>(std::min<std::int64_t>(left, kBufferBytes));
                    call.body->read(buf.data(), want);
                    const std::streamsize got = call.body->gcount();
                    if (got <= 0)
                        throw S3Error(0, "IncompleteBody",
                                      "the body stream ended " + std::to_string(left) + " bytes early", false);
                    for (std::streamsize sent = 0; sent < got;) {
                        const int n = socket.sendBytes(buf.data() + sent, static_cast<int>(got - sent));
                        if (n <= 0)
                            throw Poco::IOException("the connection stopped taking the body");
                        sent += n;
                    }
                    left -= got;
                }
            }
            os.flush();
            sendBroke = !os;
        } catch (const Poco::Exception&) {
            sendBroke = true;
        }
        // A server that refuses a request may answer and close before reading the body: read
        // its answer when there is one, it says more than the broken pipe does.
        try {
            in = &session->receiveResponse(response);
        } catch (const Poco::Exception& e) {
            throw TransportFailure{e.displayText()};
        }
        const int status = response.getStatus();
        if (status >= 200 && status < 300 && !sendBroke) {
            if (onSuccess)
                onSuccess(response, *in);
            readSmallBody(*in); // the rest, so the connection can carry the next request
            _pool->release(std::move(session));
            return;
        }
        if (sendBroke && status < 300)
            throw TransportFailure{"connection lost while sending the body"};
        const std::string body = call.method == HTTPRequest::HTTP_HEAD ? std::string() : readSmallBody(*in);
        const auto error = S3XmlReader::error(body);
        const std::string code = error && !error->code.empty() ? error->code : codeForStatus(status);
        const std::string message = error && !error->message.empty() ? error->message : response.getReason();
        if (!sendBroke)
            _pool->release(std::move(session));
        throw S3Error(status, code, message, S3Error::isRetryable(status, code), error ? error->requestId : "");
    } catch (const TransportFailure& failure) {
        throw S3Error(0, "NetworkError", call.method + " " + call.key + ": " + failure.what, true);
    } catch (const Poco::Exception& e) {
        throw S3Error(0, "NetworkError", call.method + " " + call.key + ": " + e.displayText(), true);
    }
}

void S3Client::retrying(const std::function<void(int)>& attempt, const std::function<bool()>& beforeRetry)
{
    thread_local std::mt19937_64 random{std::random_device{}()};
    for (int n = 0;; ++n) {
        try {
            attempt(n);
            return;
        } catch (const S3Error& e) {
            if (!e.retryable() || n + 1 >= _config.maxAttempts)
                throw;
            if (beforeRetry && !beforeRetry())
                throw;
        }
        // Exponential with "equal jitter": half the step is fixed so a retry really waits, half
        // random so clients that failed together do not come back together.
        const auto base = _config.backoffBase.count();
        const auto step = std::min<std::int64_t>(_config.backoffCap.count(), base << std::min(n, 20));
        std::uniform_int_distribution<std::int64_t> jitter(0, step / 2);
        std::this_thread::sleep_for(std::chrono::milliseconds(step - step / 2 + jitter(random)));
        ++_retries;
    }
}

void S3Client::createBucket()
{
    std::string body;
    if (_config.region != "us-east-1")
        body = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>"
               + xmlEscape(_config.region) + "</LocationConstraint></CreateBucketConfiguration>";
    retrying([&](int) {
        Call call(HTTPRequest::HTTP_PUT, "");
        call.stringBody = &body;
        call.payloadHash = S3Digest::sha256Hex(body);
        try {
            exchange(call, {});
        } catch (const S3Error& e) {
            if (e.code() != "BucketAlreadyOwnedByYou")
                throw;
        }
    });
}

void S3Client::putObject(const std::string& key, std::istream& body, std::int64_t length, const std::string& sha256Hex)
{
    const std::streampos start = body.tellg();
    retrying(
        [&](int) {
            Call call(HTTPRequest::HTTP_PUT, key);
            call.body = &body;
            call.length = length;
            call.payloadHash = sha256Hex.empty() ? std::string(SigV4Signer::kUnsignedPayload) : sha256Hex;
            exchange(call, {});
        },
        [&] {
            if (start == std::streampos(-1))
                return false;
            body.clear();
            body.seekg(start);
            return !body.fail();
        });
}

std::int64_t S3Client::getObject(const std::string& key, std::ostream& out, std::optional<S3ByteRange> range)
{
    std::int64_t written = 0;
    std::string etag;
    retrying(
        [&](int) {
            Call call(HTTPRequest::HTTP_GET, key);
            const bool ranged = range || written > 0;
            if (ranged)
                call.headers.emplace_back("Range", rangeHeader((range ? range->first : 0) + written,
                                                               range ? range->last : std::nullopt));
            // A resumed read must continue the same object, not one replaced meanwhile.
            if (!etag.empty())
                call.headers.emplace_back("If-Match", "\"" + etag + "\"");
            exchange(call, [&](const HTTPResponse& response, std::istream& in) {
                if (ranged && response.getStatus() != HTTPResponse::HTTP_PARTIAL_CONTENT)
                    throw S3Error(response.getStatus(), "RangeIgnored", "asked for a range, got the whole object", false);
                if (etag.empty())
                    etag = S3XmlReader::unquote(response.get("ETag", ""));
                const std::int64_t expected = response.hasContentLength() ? response.getContentLength64() : -1;
                std::int64_t got = 0;
                std::vector<char> buf(kBufferBytes);
                while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
                    out.write(buf.data(), in.gcount());
                    if (!out)
                        throw S3Error(0, "OutputFailed", "could not write the downloaded bytes", false);
                    got += in.gcount();
                    written += in.gcount();
                }
                if (in.bad() || (expected >= 0 && got != expected))
                    throw TransportFailure{"connection lost after " + std::to_string(got) + " of "
                                           + std::to_string(expected) + " bytes"};
            });
        },
        [] { return true; });
    return written;
}

std::optional<S3ObjectInfo> S3Client::headObject(const std::string& key)
{
    std::optional<S3ObjectInfo> info;
    retrying([&](int) {
        Call call(HTTPRequest::HTTP_HEAD, key);
        try {
            exchange(call, [&](const HTTPResponse& response, std::istream&) {
                info = S3ObjectInfo{key, response.getContentLength64(), S3XmlReader::unquote(response.get("ETag", "")),
                                    response.get("Last-Modified", "")};
            });
        } catch (const S3Error& e) {
            if (e.status() != 404)
                throw;
            info.reset();
        }
    });
    return info;
}

void S3Client::deleteObject(const std::string& key)
{
    retrying([&](int) {
        Call call(HTTPRequest::HTTP_DELETE, key);
        try {
            exchange(call, {});
        } catch (const S3Error& e) {
            if (e.status() != 404)
                throw;
        }
    });
}

std::string S3Client::createMultipart(const std::string& key)
{
    std::string uploadId;
    retrying([&](int) {
        Call call(HTTPRequest::HTTP_POST, key);
        call.query.emplace_back("uploads", "");
        exchange(call, [&](const HTTPResponse&, std::istream& in) { uploadId = S3XmlReader::uploadId(readSmallBody(in)); });
    });
    return uploadId;
}

std::string S3Client::uploadPart(const std::string& key, const std::string& uploadId, int partNumber,
                                 std::istream& body, std::int64_t length, const S3BodyIntegrity& integrity)
{
    const std::streampos start = body.tellg();
    std::string etag;
    retrying(
        [&](int) {
            Call call(HTTPRequest::HTTP_PUT, key);
            call.query = {{"partNumber", std::to_string(partNumber)}, {"uploadId", uploadId}};
            call.body = &body;
            call.length = length;
            call.payloadHash = integrity.sha256Hex.empty() ? std::string(SigV4Signer::kUnsignedPayload)
                                                           : integrity.sha256Hex;
            if (!integrity.md5Base64.empty())
                call.headers.emplace_back("Content-MD5", integrity.md5Base64);
            exchange(call, [&](const HTTPResponse& response, std::istream&) {
                etag = S3XmlReader::unquote(response.get("ETag", ""));
            });
        },
        [&] {
            if (start == std::streampos(-1))
                return false;
            body.clear();
            body.seekg(start);
            return !body.fail();
        });
    if (etag.empty())
        throw S3Error(0, "MalformedResponse", "UploadPart answered without an ETag", false);
    return etag;
}

std::string S3Client::completeMultipart(const std::string& key, const std::string& uploadId,
                                        const std::vector<S3CompletedPart>& parts)
{
    std::string body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    for (const auto& part : parts)
        body += "<Part><PartNumber>" + std::to_string(part.partNumber) + "</PartNumber><ETag>\"" + xmlEscape(part.etag)
                + "\"</ETag></Part>";
    body += "</CompleteMultipartUpload>";
    std::string etag;
    bool done = false;
    retrying([&](int attempt) {
        Call call(HTTPRequest::HTTP_POST, key);
        call.query.emplace_back("uploadId", uploadId);
        call.headers.emplace_back("Content-Type", "application/xml");
        call.stringBody = &body;
        call.payloadHash = S3Digest::sha256Hex(body);
        try {
            exchange(call, [&](const HTTPResponse& response, std::istream& in) {
                // S3 may answer 200 at once and report a failure in the body later (keeping
                // the connection alive with whitespace meanwhile): the body decides.
                const std::string xml = readSmallBody(in);
                if (const auto error = S3XmlReader::error(xml))
                    throw S3Error(response.getStatus(), error->code, error->message,
                                  S3Error::isRetryable(0, error->code), error->requestId);
                etag = S3XmlReader::completedEtag(xml);
                done = true;
            });
        } catch (const S3Error& e) {
            // An earlier attempt may have completed the upload and lost only its answer.
            if (attempt > 0 && e.status() == 404 && headObject(key)) {
                done = true;
                return;
            }
            throw;
        }
    });
    if (etag.empty() && done) {
        // Ceph 16.2 answers <ETag></ETag>; the object itself has the real "<md5>-<parts>" one.
        const auto info = headObject(key);
        if (!info)
            throw S3Error(404, "NoSuchKey", "completed object " + key + " is not there", false);
        etag = info->etag;
    }
    return etag;
}

void S3Client::abortMultipart(const std::string& key, const std::string& uploadId)
{
    retrying([&](int attempt) {
        Call call(HTTPRequest::HTTP_DELETE, key);
        call.query.emplace_back("uploadId", uploadId);
        try {
            exchange(call, {});
        } catch (const S3Error& e) {
            // 404 on a retry: an earlier attempt did it (NoSuchUpload; Ceph 16 says NoSuchKey)
            if (!(attempt > 0 && e.status() == 404))
                throw;
        }
    });
}

std::vector<S3PartInfo> S3Client::listParts(const std::string& key, const std::string& uploadId)
{
    std::vector<S3PartInfo> parts;
    int marker = 0;
    for (;;) {
        S3XmlReader::PartsPage page;
        retrying([&](int) {
            Call call(HTTPRequest::HTTP_GET, key);
            call.query.emplace_back("uploadId", uploadId);
            if (marker > 0)
                call.query.emplace_back("part-number-marker", std::to_string(marker));
            exchange(call, [&](const HTTPResponse&, std::istream& in) { page = S3XmlReader::listParts(readSmallBody(in)); });
        });
        parts.insert(parts.end(), page.parts.begin(), page.parts.end());
        if (!page.truncated || page.nextPartNumberMarker <= marker)
            break;
        marker = page.nextPartNumberMarker;
    }
    return parts;
}

std::vector<S3MultipartInfo> S3Client::listMultipartUploads(const std::string& prefix)
{
    std::vector<S3MultipartInfo> uploads;
    std::string keyMarker;
    std::string idMarker;
    for (;;) {
        S3XmlReader::UploadsPage page;
        retrying([&](int) {
            Call call(HTTPRequest::HTTP_GET, "");
            call.query = {{"uploads", ""}, {"prefix", prefix}};
            if (!keyMarker.empty())
                call.query.emplace_back("key-marker", keyMarker);
            if (!idMarker.empty())
                call.query.emplace_back("upload-id-marker", idMarker);
            exchange(call, [&](const HTTPResponse&, std::istream& in) {
                page = S3XmlReader::listMultipartUploads(readSmallBody(in));
            });
        });
        uploads.insert(uploads.end(), page.uploads.begin(), page.uploads.end());
        if (!page.truncated || (page.nextKeyMarker == keyMarker && page.nextUploadIdMarker == idMarker))
            break;
        keyMarker = page.nextKeyMarker;
        idMarker = page.nextUploadIdMarker;
    }
    return uploads;
}

S3ListPage S3Client::listObjectsV2(const std::string& prefix, const std::string& continuationToken, int maxKeys)
{
    S3ListPage page;
    retrying([&](int) {
        Call call(HTTPRequest::HTTP_GET, "");
        call.query = {{"list-type", "2"}, {"max-keys", std::to_string(maxKeys)}, {"prefix", prefix}};
        if (!continuationToken.empty())
            call.query.emplace_back("continuation-token", continuationToken);
        exchange(call, [&](const HTTPResponse&, std::istream& in) { page = S3XmlReader::listObjectsV2(readSmallBody(in)); });
    });
    return page;
}

void S3Client::copyObject(const std::string& sourceKey, const std::string& destinationKey)
{
    const std::string source = SigV4Signer::uriEncode("/" + _config.bucket + "/" + sourceKey, false);
    retrying([&](int) {
        Call call(HTTPRequest::HTTP_PUT, destinationKey);
        call.headers.emplace_back("x-amz-copy-source", source);
        exchange(call, [&](const HTTPResponse& response, std::istream& in) {
            // Like CompleteMultipartUpload, a copy may answer 200 and fail in the body.
            const std::string xml = readSmallBody(in);
            if (const auto error = S3XmlReader::error(xml))
                throw S3Error(response.getStatus(), error->code, error->message, S3Error::isRetryable(0, error->code),
                              error->requestId);
        });
    });
}

std::string S3Client::presignGet(const std::string& key, std::chrono::seconds ttl,
                                 const std::vector<std::pair<std::string, std::string>>& responseOverrides) const
{
    SigV4Request request;
    request.method = HTTPRequest::HTTP_GET;
    request.query = responseOverrides;
    request.canonicalUri = SigV4Signer::canonicalUri(rawPath(key), false);
    request.headers.emplace_back("Host", hostHeader());
    request.payloadHash = SigV4Signer::kUnsignedPayload;
    _signer.presign(request, SigV4Signer::Clock::now(), ttl.count() > 0 ? ttl : _config.presignTtl);
    return _scheme + "://" + hostHeader() + request.canonicalUri + "?" + SigV4Signer::canonicalQuery(request);
}

} // namespace nestbox::server
