// S3Client against a real single-node Ceph RGW (tests/services/ceph.sh, the nestbox_ceph fixture):
// objects small and large streamed both ways, ranges, multipart (re-sent part, missing part,
// abort, ranges across part boundaries, multipart uploads in progress listed), integrity refusals,
// listing with continuation, server-side copy, presigned GET (with signed response overrides), and retries across a closed port and an RGW restart.
#include "S3Client.h"
#include "S3Digest.h"
#include "S3Error.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <QtTest>

#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

using namespace nestbox::server;

namespace {

constexpr std::int64_t kMiB = 1024 * 1024;

// Deterministic bytes: the byte at `pos` of pattern `seed`. Lets tests stream tens of MiB both
// ways and check every byte without holding any of them.
char patternByte(std::uint64_t seed, std::int64_t pos)
{
    std::uint64_t x = (static_cast<std::uint64_t>(pos) >> 3) ^ (seed * 0x9E3779B97F4A7C15ull);
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 31;
    return static_cast<char>(x >> ((pos & 7) * 8));
}

// An input stream over a pattern, seekable or not (a non-seekable one cannot be re-sent).
class PatternBuf : public std::streambuf {
public:
    PatternBuf(std::uint64_t seed, std::int64_t length, bool seekable)
        : _seed(seed), _length(length), _seekable(seekable), _buf(64 * 1024)
    {
    }

protected:
    int_type underflow() override
    {
        _pos += egptr() - eback();
        if (_pos >= _length)
            return traits_type::eof();
        const auto n = static_cast<std::size_t>(std::min<std::int64_t>(_length - _pos, static_cast<std::int64_t>(_buf.size())));
        for (std::size_t i = 0; i < n; ++i)
            _buf[i] = patternByte(_seed, _pos + static_cast<std::int64_t>(i));
        setg(_buf.data(), _buf.data(), _buf.data() + n);
        return traits_type::to_int_type(_buf[0]);
    }
    pos_type seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode) override
    {
        if (!_seekable)
            return pos_type(off_type(-1));
        const std::int64_t here = _pos + (gptr() - eback());
        const std::int64_t target = dir == std::ios_base::beg ? off : dir == std::ios_base::cur ? here + off : _length + off;
        if (target < 0 || target > _length)
            return pos_type(off_type(-1));
        _pos = target;
        setg(_buf.data(), _buf.data(), _buf.data());
        return pos_type(target);
    }
    pos_type seekpos(pos_type pos, std::ios_base::openmode mode) override { return seekoff(off_type(pos), std::ios_base::beg, mode); }

private:
    std::uint64_t _seed;
    std::int64_t _length;
    bool _seekable;
    std::vector<char> _buf;
    std::int64_t _pos = 0;
};

class PatternStream : public std::istream {
public:
    PatternStream(std::uint64_t seed, std::int64_t length, bool seekable = true)
        : std::istream(nullptr), _buf(seed, length, seekable)
    {
        rdbuf(&_buf);
    }

private:
    PatternBuf _buf;
};

class Sha256 {
public:
    Sha256() : _ctx(EVP_MD_CTX_new()) { EVP_DigestInit_ex(_ctx, EVP_sha256(), nullptr); }
    ~Sha256() { EVP_MD_CTX_free(_ctx); }
    void update(const char* data, std::size_t n) { EVP_DigestUpdate(_ctx, data, n); }
    void updatePattern(std::uint64_t seed, std::int64_t length)
    {
        PatternStream in(seed, length);
        std::vector<char> buf(256 * 1024);
        while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
            update(buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    std::string hex()
    {
        unsigned char out[32];
        unsigned int len = 0;
        EVP_DigestFinal_ex(_ctx, out, &len);
        return S3Digest::hex(std::string(reinterpret_cast<char*>(out), len));
    }

private:
    EVP_MD_CTX* _ctx;
};

std::string patternSha256(std::uint64_t seed, std::int64_t length)
{
    Sha256 h;
    h.updatePattern(seed, length);
    return h.hex();
}

// An output stream that hashes and counts what it receives; `onFirstWrite` may stall the reader.
class HashSinkBuf : public std::streambuf {
public:
    std::function<void()> onFirstWrite;
    std::int64_t count = 0;
    Sha256 sha;

protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override
    {
        if (count == 0 && onFirstWrite)
            onFirstWrite();
        sha.update(s, static_cast<std::size_t>(n));
        count += n;
        return n;
    }
    int_type overflow(int_type c) override
    {
        if (c != traits_type::eof()) {
            const char ch = traits_type::to_char_type(c);
            xsputn(&ch, 1);
        }
        return traits_type::not_eof(c);
    }
};

std::map<std::string, std::string> readEnvFile(const QString& path)
{
    std::map<std::string, std::string> env;
    std::ifstream in(path.toStdString());
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos)
            env[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return env;
}

std::string getString(S3Client& client, const std::string& key, std::optional<S3ByteRange> range = {})
{
    std::ostringstream out;
    client.getObject(key, out, range);
    return out.str();
}

void putString(S3Client& client, const std::string& key, const std::string& body)
{
    std::istringstream in(body);
    client.putObject(key, in, static_cast<std::int64_t>(body.size()), S3Digest::sha256Hex(body));
}

std::string patternString(std::uint64_t seed, std::int64_t first, std::int64_t length)
{
    std::string s;
    for (std::int64_t i = 0; i < length; ++i)
        s.push_back(patternByte(seed, first + i));
    return s;
}

int runScript(const std::string& script, const std::string& action, const std::string& envFile)
{
    return std::system(("'" + script + "' " + action + " '" + envFile + "'").c_str());
}

} // namespace

class TestS3Client : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const QString envPath = qEnvironmentVariable("NESTBOX_CEPH_ENV");
        QVERIFY2(!envPath.isEmpty(), "NESTBOX_CEPH_ENV is not set: run through ctest (fixture nestbox_ceph)");
        _envFile = envPath.toStdString();
        _script = qEnvironmentVariable("NESTBOX_CEPH_SCRIPT").toStdString();
        const auto env = readEnvFile(envPath);
        QVERIFY2(env.count("CEPH_S3_ENDPOINT") && !env.at("CEPH_S3_ENDPOINT").empty(), "no Ceph RGW in the env file");
        _config.endpoint = env.at("CEPH_S3_ENDPOINT");
        _config.region = env.at("CEPH_S3_REGION");
        _config.accessKey = env.at("CEPH_S3_ACCESS_KEY");
        _config.secretKey = env.at("CEPH_S3_SECRET_KEY");
        _config.bucket = "nestbox-test-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000007);
        _config.pathStyle = true;
        _client = std::make_unique<S3Client>(_config);
        _client->createBucket();
        _client->createBucket(); // a bucket we own already counts as created
    }

    void smallObjectRoundTrip()
    {
        putString(*_client, "small/hello.txt", "hello, nest");
        const auto info = _client->headObject("small/hello.txt");
        QVERIFY(info);
        QCOMPARE(info->size, std::int64_t(11));
        QCOMPARE(info->etag, S3Digest::hex(S3Digest::md5("hello, nest")));
        QCOMPARE(getString(*_client, "small/hello.txt"), std::string("hello, nest"));
        // odd characters in keys survive signing and addressing
        const std::string odd = "small/a b+c&d=é/..//x~y.txt";
        putString(*_client, odd, "odd");
        QCOMPARE(getString(*_client, odd), std::string("odd"));
        _client->deleteObject("small/hello.txt");
        QVERIFY(!_client->headObject("small/hello.txt"));
        _client->deleteObject("small/hello.txt"); // deleting again is fine
        try {
            getString(*_client, "small/hello.txt");
            QFAIL("GET of a deleted key succeeded");
        } catch (const S3Error& e) {
            QCOMPARE(e.status(), 404);
            QCOMPARE(e.code(), std::string("NoSuchKey"));
            QVERIFY(!e.retryable());
        }
        putString(*_client, "small/empty", "");
        QCOMPARE(_client->headObject("small/empty")->size, std::int64_t(0));
        QCOMPARE(getString(*_client, "small/empty"), std::string());
    }

    void largeObjectStreams()
    {
        const std::int64_t size = 24 * kMiB + 12345;
        const std::string sha = patternSha256(7, size);
        PatternStream in(7, size);
        _client->putObject("large/24m", in, size, sha);
        QCOMPARE(_client->headObject("large/24m")->size, size);
        HashSinkBuf sink;
        std::ostream out(&sink);
        QCOMPARE(_client->getObject("large/24m", out), size);
        QCOMPARE(sink.count, size);
        QCOMPARE(sink.sha.hex(), sha);
    }

    void ranges()
    {
        const std::int64_t size = 24 * kMiB + 12345;
        QCOMPARE(getString(*_client, "large/24m", S3ByteRange{1000, 1999}), patternString(7, 1000, 1000));
        QCOMPARE(getString(*_client, "large/24m", S3ByteRange{size - 100, std::nullopt}), patternString(7, size - 100, 100));
        QCOMPARE(getString(*_client, "large/24m", S3ByteRange{size - 1, size + 50}), patternString(7, size - 1, 1));
        try {
            getString(*_client, "large/24m", S3ByteRange{size + 10, std::nullopt});
            QFAIL("a range past the end succeeded");
        } catch (const S3Error& e) {
            QCOMPARE(e.status(), 416);
            QVERIFY(!e.retryable());
        }
    }

    void putRefusedWhenHashIsWrong()
    {
        std::istringstream in("the real body");
        try {
            _client->putObject("integrity/put", in, 13, S3Digest::sha256Hex("another body"));
            QFAIL("a body not matching x-amz-content-sha256 was stored");
        } catch (const S3Error& e) {
            qInfo("wrong x-amz-content-sha256 on PUT: %s", e.what());
            QCOMPARE(e.status(), 400);
            QVERIFY(!e.retryable());
        }
        QVERIFY(!_client->headObject("integrity/put"));
    }

    void multipartWithResentPart()
    {
        const std::string key = "multi/resent";
        const std::int64_t p1 = 5 * kMiB, p2 = 5 * kMiB, p3 = kMiB + 7;
        const std::string uploadId = _client->createMultipart(key);
        QVERIFY(!uploadId.empty());
        auto upload = [&](int number, std::uint64_t seed, std::int64_t length) {
            PatternStream in(seed, length);
            Sha256 sha;
            sha.updatePattern(seed, length);
            return _client->uploadPart(key, uploadId, number, in, length, {sha.hex(), {}});
        };
        const std::string e1 = upload(1, 11, p1);
        const std::string e2old = upload(2, 12, p2);
        const std::string e3 = upload(3, 13, p3);
        const std::string e2 = upload(2, 22, p2); // same number again: the last one wins
        QVERIFY(e2 != e2old);
        const auto parts = _client->listParts(key, uploadId);
        QCOMPARE(parts.size(), std::size_t(3));
        QCOMPARE(parts[1].partNumber, 2);
        QCOMPARE(parts[1].etag, e2);
        QCOMPARE(parts[2].size, p3);
        const std::string etag = _client->completeMultipart(key, uploadId, {{1, e1}, {2, e2}, {3, e3}});
        QVERIFY2(etag.size() > 2 && etag.ends_with("-3"), etag.c_str());
        QCOMPARE(_client->headObject(key)->size, p1 + p2 + p3);

        Sha256 expected;
        expected.updatePattern(11, p1);
        expected.updatePattern(22, p2);
        expected.updatePattern(13, p3);
        HashSinkBuf sink;
        std::ostream out(&sink);
        _client->getObject(key, out);
        QCOMPARE(sink.sha.hex(), expected.hex());

        // ranges across the part boundaries
        QCOMPARE(getString(*_client, key, S3ByteRange{p1 - 100, p1 + 99}),
                 patternString(11, p1 - 100, 100) + patternString(22, 0, 100));
        QCOMPARE(getString(*_client, key, S3ByteRange{p1 + p2 - 3, p1 + p2 + 2}),
                 patternString(22, p2 - 3, 3) + patternString(13, 0, 3));
        QCOMPARE(getString(*_client, key, S3ByteRange{p1 - 1, p1 + p2}),
                 patternString(11, p1 - 1, 1) + patternString(22, 0, p2) + patternString(13, 0, 1));
    }

    void multipartMissingPartFails()
    {
        const std::string key = "multi/missing";
        const std::string uploadId = _client->createMultipart(key);
        PatternStream a(31, 5 * kMiB), c(33, kMiB);
        const std::string e1 = _client->uploadPart(key, uploadId, 1, a, 5 * kMiB);
        const std::string e3 = _client->uploadPart(key, uploadId, 3, c, kMiB);
        try {
            _client->completeMultipart(key, uploadId, {{1, e1}, {2, e1}, {3, e3}});
            QFAIL("completing with a part never uploaded succeeded");
        } catch (const S3Error& e) {
            qInfo("complete with a missing part: %s", e.what());
            QCOMPARE(e.code(), std::string("InvalidPart"));
            QVERIFY(!e.retryable());
        }
        QVERIFY(!_client->headObject(key));
        _client->abortMultipart(key, uploadId);
    }

    void multipartAbort()
    {
        const std::string key = "multi/aborted";
        const std::string uploadId = _client->createMultipart(key);
        PatternStream a(41, 5 * kMiB);
        _client->uploadPart(key, uploadId, 1, a, 5 * kMiB);
        QCOMPARE(_client->listParts(key, uploadId).size(), std::size_t(1));
        _client->abortMultipart(key, uploadId);
        try {
            const auto parts = _client->listParts(key, uploadId);
            QVERIFY(parts.empty());
        } catch (const S3Error& e) {
            // AWS says NoSuchUpload; Ceph 16.2 says NoSuchKey. Both are a 404 the caller can read.
            qInfo("listParts after abort: %s", e.what());
            QCOMPARE(e.status(), 404);
            QVERIFY(e.code() == "NoSuchUpload" || e.code() == "NoSuchKey");
            QVERIFY(!e.retryable());
        }
        QVERIFY(!_client->headObject(key));
        try {
            PatternStream b(42, kMiB);
            _client->uploadPart(key, uploadId, 2, b, kMiB);
            QFAIL("a part was accepted after the abort");
        } catch (const S3Error& e) {
            qInfo("uploadPart after abort: %s", e.what());
            QCOMPARE(e.status(), 404);
        }
    }

    void partIntegrityRefused()
    {
        const std::string key = "multi/integrity";
        const std::string uploadId = _client->createMultipart(key);
        const std::string body = patternString(51, 0, 256 * 1024);
        {
            std::istringstream in(body);
            try {
                _client->uploadPart(key, uploadId, 1, in, static_cast<std::int64_t>(body.size()),
                                    {S3Digest::sha256Hex("not this"), {}});
                QFAIL("a part with a wrong SHA-256 was accepted");
            } catch (const S3Error& e) {
                qInfo("part with a wrong x-amz-content-sha256: %s", e.what());
                QCOMPARE(e.status(), 400);
                QVERIFY(!e.retryable());
            }
        }
        {
            std::istringstream in(body);
            try {
                _client->uploadPart(key, uploadId, 1, in, static_cast<std::int64_t>(body.size()),
                                    {{}, S3Digest::base64(S3Digest::md5("not this"))});
                QFAIL("a part with a wrong Content-MD5 was accepted");
            } catch (const S3Error& e) {
                qInfo("part with a wrong Content-MD5: %s", e.what());
                QCOMPARE(e.code(), std::string("BadDigest"));
                QVERIFY(!e.retryable());
            }
        }
        QVERIFY(_client->listParts(key, uploadId).empty());
        std::istringstream in(body);
        const std::string etag = _client->uploadPart(key, uploadId, 1, in, static_cast<std::int64_t>(body.size()),
                                                     {S3Digest::sha256Hex(body), S3Digest::base64(S3Digest::md5(body))});
        QCOMPARE(etag, S3Digest::hex(S3Digest::md5(body)));
        _client->completeMultipart(key, uploadId, {{1, etag}});
        QCOMPARE(getString(*_client, key), body);
    }

    void listWithContinuation()
    {
        std::vector<std::string> keys;
        for (int i = 0; i < 7; ++i) {
            keys.push_back("list/k" + std::to_string(i));
            putString(*_client, keys.back(), "v" + std::to_string(i));
        }
        putString(*_client, "listing-not-this", "x");
        std::vector<std::string> seen;
        std::string token;
        int pages = 0;
        do {
            const auto page = _client->listObjectsV2("list/", token, 3);
            ++pages;
            QVERIFY(page.objects.size() <= 3);
            for (const auto& o : page.objects) {
                seen.push_back(o.key);
                QCOMPARE(o.size, std::int64_t(2));
            }
            token = page.nextContinuationToken;
        } while (!token.empty() && pages < 10);
        QCOMPARE(pages, 3);
        QCOMPARE(seen, keys);
        QVERIFY(_client->listObjectsV2("nothing-here/").objects.empty());
    }

    void concurrentCallsShareOneClient()
    {
        std::vector<std::thread> threads;
        std::atomic<int> failures{0};
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                try {
                    for (int i = 0; i < 5; ++i) {
                        const std::string key = "threads/" + std::to_string(t) + "-" + std::to_string(i);
                        const std::int64_t size = 300 * 1024 + t * 1000 + i;
                        PatternStream in(static_cast<std::uint64_t>(100 + t * 10 + i), size);
                        _client->putObject(key, in, size);
                        HashSinkBuf sink;
                        std::ostream out(&sink);
                        _client->getObject(key, out);
                        if (sink.sha.hex() != patternSha256(static_cast<std::uint64_t>(100 + t * 10 + i), size))
                            ++failures;
                    }
                } catch (const std::exception& e) {
                    qWarning("thread %d: %s", t, e.what());
                    ++failures;
                }
            });
        }
        for (auto& th : threads)
            th.join();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(_client->listObjectsV2("threads/").objects.size(), std::size_t(20));
    }

    void presignedGet()
    {
        putString(*_client, "shared/photo.jpg", "not really a jpeg");
        const std::string url = _client->presignGet("shared/photo.jpg", std::chrono::seconds(60));
        const auto fetch = [](const std::string& u, std::string& body) {
            const Poco::URI uri(u);
            Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
            session.sendRequest(request);
            Poco::Net::HTTPResponse response;
            std::istream& in = session.receiveResponse(response);
            body.clear();
            Poco::StreamCopier::copyToString(in, body);
            return static_cast<int>(response.getStatus());
        };
        std::string body;
        QCOMPARE(fetch(url, body), 200);
        QCOMPARE(body, std::string("not really a jpeg"));
        std::string tampered = url;
        tampered.replace(tampered.find("photo.jpg"), 9, "photo.jpX");
        QCOMPARE(fetch(tampered, body), 403);
    }

    void presignedGetWithResponseOverrides()
    {
        putString(*_client, "shared/override.bin", "body of the override test");
        const std::string url = _client->presignGet(
            "shared/override.bin", std::chrono::seconds(60),
            {{"response-content-disposition", "attachment; filename*=UTF-8''a%20b.jpg"},
             {"response-content-type", "image/jpeg"}});
        const Poco::URI uri(url);
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        std::string body;
        Poco::StreamCopier::copyToString(in, body);
        QCOMPARE(static_cast<int>(response.getStatus()), 200);
        QCOMPARE(body, std::string("body of the override test"));
        QCOMPARE(response.get("Content-Disposition", ""), std::string("attachment; filename*=UTF-8''a%20b.jpg"));
        QCOMPARE(response.getContentType(), std::string("image/jpeg"));
    }

    void copyObjectServerSide()
    {
        const std::int64_t size = 6 * kMiB + 5;
        PatternStream in(41, size);
        _client->putObject("copy/source", in, size);
        _client->copyObject("copy/source", "copy/target");
        const auto info = _client->headObject("copy/target");
        QVERIFY(info);
        QCOMPARE(info->size, size);
        QCOMPARE(getString(*_client, "copy/target", S3ByteRange{size - 1000, size - 1}), patternString(41, size - 1000, 1000));
        try {
            _client->copyObject("copy/no-such-source", "copy/other");
            QFAIL("a copy of a missing object succeeded");
        } catch (const S3Error& e) {
            QCOMPARE(e.status(), 404);
        }
        QVERIFY(!_client->headObject("copy/other"));
    }

    void listMultipartUploadsInProgress()
    {
        const std::string a = _client->createMultipart("pending/a");
        const std::string b = _client->createMultipart("pending/b");
        const std::string other = _client->createMultipart("elsewhere/c");
        auto uploads = _client->listMultipartUploads("pending/");
        std::map<std::string, std::string> byId;
        for (const auto& u : uploads) {
            byId[u.uploadId] = u.key;
            QVERIFY2(!u.initiated.empty(), u.key.c_str());
        }
        QCOMPARE(byId.size(), std::size_t(2));
        QCOMPARE(byId[a], std::string("pending/a"));
        QCOMPARE(byId[b], std::string("pending/b"));
        _client->abortMultipart("pending/a", a);
        uploads = _client->listMultipartUploads("pending/");
        QCOMPARE(uploads.size(), std::size_t(1));
        QCOMPARE(uploads.front().uploadId, b);
        _client->abortMultipart("pending/b", b);
        _client->abortMultipart("elsewhere/c", other);
        QVERIFY(_client->listMultipartUploads("pending/").empty());
    }

    void virtualHostAddressing()
    {
        S3Config vhost = _config;
        vhost.pathStyle = false;
        vhost.endpoint = "https://s3.example.com";
        S3Client client(vhost);
        const std::string url = client.presignGet("a b.jpg");
        QVERIFY2(url.starts_with("https://" + vhost.bucket + ".s3.example.com/a%20b.jpg?X-Amz-Algorithm="), url.c_str());
    }

    void closedPortIsRetryableAndBounded()
    {
        S3Config dead = _config;
        dead.endpoint = "http://127.0.0.1:1";
        dead.maxAttempts = 4;
        dead.backoffBase = std::chrono::milliseconds(50);
        dead.backoffCap = std::chrono::milliseconds(150);
        S3Client client(dead);
        const auto t0 = std::chrono::steady_clock::now();
        try {
            client.headObject("x");
            QFAIL("a closed port answered");
        } catch (const S3Error& e) {
            QCOMPARE(e.status(), 0);
            QCOMPARE(e.code(), std::string("NetworkError"));
            QVERIFY(e.retryable());
        }
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
        QCOMPARE(client.retryCount(), std::uint64_t(3));
        // steps 50, 100, 150 ms: at least half of each is waited
        QVERIFY2(ms >= 150 && ms < 15000, std::to_string(ms).c_str()); // upper bound: no runaway backoff, even on a loaded machine
    }

    void retriesAcrossRgwRestart()
    {
        QVERIFY(!_script.empty());
        S3Config patient = _config;
        patient.maxAttempts = 12;
        patient.backoffBase = std::chrono::milliseconds(200);
        patient.backoffCap = std::chrono::milliseconds(2000);
        S3Client client(patient);
        putString(client, "restart/warm", "keep-alive session in the pool");

        QCOMPARE(runScript(_script, "stop-rgw", _envFile), 0);
        // a body that cannot rewind is not re-sent: it fails at once, marked retryable
        {
            PatternStream once(61, 1000, false);
            try {
                client.putObject("restart/once", once, 1000);
                QFAIL("PUT succeeded with RGW down");
            } catch (const S3Error& e) {
                QVERIFY(e.retryable());
            }
            QCOMPARE(client.retryCount(), std::uint64_t(0));
        }
        std::thread restart([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            runScript(_script, "start-rgw", _envFile);
        });
        const std::int64_t size = 3 * kMiB;
        PatternStream in(62, size);
        try {
            client.putObject("restart/put", in, size, patternSha256(62, size));
        } catch (const S3Error& e) {
            restart.join();
            QFAIL(e.what());
        }
        restart.join();
        QVERIFY(client.retryCount() > 0);
        qInfo("PUT succeeded after %llu retries while RGW restarted", static_cast<unsigned long long>(client.retryCount()));
        HashSinkBuf sink;
        std::ostream out(&sink);
        client.getObject("restart/put", out);
        QCOMPARE(sink.sha.hex(), patternSha256(62, size));
    }

    void downloadResumesAfterDroppedConnection()
    {
        QVERIFY(!_script.empty());
        const std::int64_t size = 48 * kMiB;
        PatternStream in(71, size);
        _client->putObject("resume/48m", in, size);
        S3Config patient = _config;
        patient.maxAttempts = 12;
        patient.backoffBase = std::chrono::milliseconds(200);
        patient.backoffCap = std::chrono::milliseconds(2000);
        S3Client client(patient);
        HashSinkBuf sink;
        // the reader stalls on its first bytes while RGW restarts, so the connection under the
        // download is cut with most of the body still unsent
        sink.onFirstWrite = [&] {
            runScript(_script, "stop-rgw", _envFile);
            runScript(_script, "start-rgw", _envFile);
        };
        std::ostream out(&sink);
        QCOMPARE(client.getObject("resume/48m", out), size);
        QCOMPARE(sink.count, size);
        QCOMPARE(sink.sha.hex(), patternSha256(71, size));
        QVERIFY(client.retryCount() > 0);
        qInfo("GET resumed after %llu retries", static_cast<unsigned long long>(client.retryCount()));
    }

private:
    S3Config _config;
    std::unique_ptr<S3Client> _client;
    std::string _envFile;
    std::string _script;
};

QTEST_GUILESS_MAIN(TestS3Client)
#include "tst_s3client.moc"
