// nestbox-bench-tiered: upload throughput of one file (1 GiB; --quick 128 MiB) to a nestboxd with an
// S3 bucket on Ceph RGW, in tiered mode (--mode=tiered: until the file is visible — complete answered
// — and until the transfer job has put it in the bucket and freed the local copy) or in direct mode
// (--mode=direct: chunks go straight into multipart parts; visible = in the bucket, after the
// whole-file read-back check that `complete` makes, timed on its own). Next to it, measured in the
// same run through the server's S3 client: the raw RGW PUT rate of the same bytes (one streamed PUT
// signed with their SHA-256) and the raw RGW GET rate (what the direct mode's read-back costs).
// Prints figures and the verdict (target: upload until visible >= 70 % of raw RGW PUT).
//
//   nestbox-bench-tiered --api=http://127.0.0.1:PORT --ceph-env=FILE --bucket=NAME --data-dir=DIR
//                        [--mode=tiered|direct] [--quick] [--size=MiB] [--chunk=MiB] [--parallel=N] [--file=PATH]
#include "../EnvFile.h"
#include "S3Client.h"
#include "S3Digest.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <openssl/evp.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace nestbox::server;
using Clock = std::chrono::steady_clock;

namespace {

std::string hexDigest(EVP_MD_CTX* ctx)
{
    unsigned char md[32];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    return S3Digest::hex(std::string(reinterpret_cast<char*>(md), len));
}

std::string sha256Of(const char* data, std::size_t n)
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    EVP_DigestUpdate(ctx, data, n);
    return hexDigest(ctx);
}

std::string writeTestFile(const std::string& path, std::int64_t bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    std::mt19937_64 random(std::random_device{}());
    std::vector<std::uint64_t> block(1 << 17);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    for (std::int64_t done = 0; done < bytes;) {
        for (auto& w : block)
            w = random();
        const auto n = static_cast<std::size_t>(std::min<std::int64_t>(bytes - done, 1 << 20));
        out.write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(n));
        EVP_DigestUpdate(ctx, block.data(), n);
        done += static_cast<std::int64_t>(n);
    }
    return hexDigest(ctx);
}

struct Api {
    std::string host;
    unsigned short port = 0;
    std::string token;

    Poco::JSON::Object::Ptr call(const std::string& method, const std::string& path, const std::string& body,
                                 const std::string& contentType, int* status,
                                 const std::vector<std::pair<std::string, std::string>>& headers = {}) const
    {
        Poco::Net::HTTPClientSession session(host, port);
        session.setTimeout(Poco::Timespan(600, 0));
        Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        if (!token.empty())
            req.set("Authorization", "Bearer " + token);
        for (const auto& [k, v] : headers)
            req.set(k, v);
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        if (!contentType.empty())
            req.setContentType(contentType);
        // Headers through Poco's request stream, the body straight to the socket in large blocks
        // (the stream would send it in 4 KiB pieces), as the server's S3 client does.
        std::ostream& os = session.sendRequest(req);
        os.flush();
        for (std::size_t sent = 0; sent < body.size();) {
            const int n = session.socket().sendBytes(body.data() + sent,
                                                     static_cast<int>(std::min<std::size_t>(body.size() - sent, 1 << 20)));
            if (n <= 0)
                throw std::runtime_error("the connection stopped taking the body");
            sent += static_cast<std::size_t>(n);
        }
        Poco::Net::HTTPResponse resp;
        std::istream& in = session.receiveResponse(resp);
        std::string text;
        Poco::StreamCopier::copyToString(in, text);
        *status = resp.getStatus();
        if (text.empty() || text[0] != '{')
            return new Poco::JSON::Object;
        return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    }
};

std::string arg(int argc, char** argv, const std::string& name, const std::string& fallback = {})
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--" + name)
            return "1";
        if (a.rfind("--" + name + "=", 0) == 0)
            return a.substr(name.size() + 3);
    }
    return fallback;
}

// Discards what is written to it (timing a GET without keeping the bytes).
class NullBuffer : public std::streambuf {
protected:
    int_type overflow(int_type c) override { return traits_type::not_eof(c); }
    std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

double mibps(std::int64_t bytes, double seconds)
{
    return static_cast<double>(bytes) / 1048576.0 / seconds;
}

} // namespace

int main(int argc, char** argv)
{
    const bool quick = !arg(argc, argv, "quick").empty();
    const std::string mode = arg(argc, argv, "mode", "tiered");
    if (mode != "tiered" && mode != "direct") {
        std::cerr << "--mode is tiered or direct\n";
        return 2;
    }
    const bool direct = mode == "direct";
    const std::int64_t size = std::stoll(arg(argc, argv, "size", quick ? "128" : "1024")) << 20;
    const std::int64_t chunk = std::stoll(arg(argc, argv, "chunk", "16")) << 20;
    const int parallel = std::stoi(arg(argc, argv, "parallel", "4"));
    const Poco::URI apiUri(arg(argc, argv, "api"));
    const auto env = readEnvFile(arg(argc, argv, "ceph-env"));
    const std::string bucket = arg(argc, argv, "bucket");
    const std::string dataDir = arg(argc, argv, "data-dir");
    std::string file = arg(argc, argv, "file");
    if (apiUri.getPort() == 0 || env.count("CEPH_S3_ENDPOINT") == 0 || bucket.empty() || dataDir.empty()) {
        std::cerr << "usage: nestbox-bench-tiered --api=URL --ceph-env=FILE --bucket=NAME --data-dir=DIR [--quick]\n";
        return 2;
    }
    if (file.empty())
        file = dataDir + "/../bench-upload.bin";

    std::printf("%s upload bench: %lld MiB, chunks of %lld MiB, %d in flight, RGW %s\n", mode.c_str(),
                static_cast<long long>(size >> 20), static_cast<long long>(chunk >> 20), parallel,
                env.at("CEPH_S3_ENDPOINT").c_str());
    const std::string sha = writeTestFile(file, size);

    S3Config config;
    config.endpoint = env.at("CEPH_S3_ENDPOINT");
    config.region = env.count("CEPH_S3_REGION") ? env.at("CEPH_S3_REGION") : "us-east-1";
    config.bucket = bucket;
    config.accessKey = env.at("CEPH_S3_ACCESS_KEY");
    config.secretKey = env.at("CEPH_S3_SECRET_KEY");
    S3Client s3(config);
    try {
        s3.createBucket();
    } catch (const std::exception&) {
    }

    // 1. raw RGW PUT of the same bytes, the same way the transfer job sends them (one streamed
    //    PUT signed with the content's SHA-256); measured before and after the upload, since the
    //    machine's load drifts, and the mean taken
    const auto rawPut = [&] {
        std::ifstream in(file, std::ios::binary);
        const auto t0 = Clock::now();
        s3.putObject("raw/" + sha, in, size, sha);
        return std::chrono::duration<double>(Clock::now() - t0).count();
    };
    const double rawBefore = rawPut();
    // raw RGW GET of it: the rate the direct mode's whole-file read-back runs at
    double rawGetSeconds = 0;
    {
        NullBuffer nothing;
        std::ostream sink(&nothing);
        const auto t0 = Clock::now();
        s3.getObject("raw/" + sha, sink);
        rawGetSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    }

    // 2. the upload through the API (signup, login, chunks in parallel, complete)
    Api api{apiUri.getHost(), apiUri.getPort(), {}};
    int status = 0;
    const std::string user = "bench" + std::to_string(std::random_device{}() % 1000000);
    api.call("POST", "/api/v1/auth/signup", "{\"username\":\"" + user + "\",\"password\":\"benchmark-password\"}",
             "application/json", &status);
    auto login = api.call("POST", "/api/v1/auth/login", "{\"username\":\"" + user + "\",\"password\":\"benchmark-password\"}",
                          "application/json", &status);
    if (status != 200) {
        std::cerr << "login failed: " << status << "\n";
        return 2;
    }
    api.token = login->getValue<std::string>("token");

    // The client's work (each chunk's SHA-256, which the app computes while reading the file) is
    // done before the clock starts, as the raw PUT's hash is: the figures compare server paths.
    std::vector<std::string> chunkShas;
    {
        std::ifstream in(file, std::ios::binary);
        std::string buffer(static_cast<std::size_t>(chunk), '\0');
        for (std::int64_t offset = 0; offset < size; offset += chunk) {
            const std::int64_t n = std::min(chunk, size - offset);
            in.read(buffer.data(), n);
            chunkShas.push_back(sha256Of(buffer.data(), static_cast<std::size_t>(n)));
        }
    }

    const auto t0 = Clock::now();
    auto start = api.call("POST", "/api/v1/uploads",
                          "{\"name\":\"bench.bin\",\"size\":" + std::to_string(size) + ",\"sha256\":\"" + sha
                              + "\",\"chunk_size\":" + std::to_string(chunk) + "}",
                          "application/json", &status);
    if (status != 201) {
        std::cerr << "POST /uploads: " << status << "\n";
        return 2;
    }
    auto upload = start->getObject("upload");
    const std::string uploadId = upload->getValue<std::string>("id");
    const int chunks = upload->getValue<int>("chunk_count");
    const std::int64_t chunkSize = upload->getValue<std::int64_t>("chunk_size");
    if (chunkSize != chunk) {
        std::cerr << "the server chose chunks of " << chunkSize << " bytes, not " << chunk << "\n";
        return 2;
    }
    std::atomic<int> next{0};
    std::atomic<bool> failed{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < parallel; ++t) {
        threads.emplace_back([&] {
            std::ifstream in(file, std::ios::binary);
            std::string buffer;
            for (int i = next++; i < chunks && !failed; i = next++) {
                const std::int64_t offset = i * chunkSize;
                const std::int64_t n = std::min(chunkSize, size - offset);
                buffer.resize(static_cast<std::size_t>(n));
                in.seekg(offset);
                in.read(buffer.data(), n);
                int st = 0;
                api.call("PUT", "/api/v1/uploads/" + uploadId + "/chunks/" + std::to_string(i), buffer,
                         "application/octet-stream", &st,
                         {{"X-Nestbox-Chunk-SHA256", chunkShas.at(static_cast<std::size_t>(i))}});
                if (st != 204) {
                    std::cerr << "chunk " << i << ": " << st << "\n";
                    failed = true;
                }
            }
        });
    }
    for (auto& t : threads)
        t.join();
    if (failed)
        return 2;
    const auto completeStart = Clock::now();
    api.call("POST", "/api/v1/uploads/" + uploadId + "/complete", "", "", &status);
    const double completeSeconds = std::chrono::duration<double>(Clock::now() - completeStart).count();
    if (status != 201) {
        std::cerr << "complete: " << status << "\n";
        return 2;
    }
    const double visibleSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const std::string local = dataDir + "/blobs/" + sha.substr(0, 2) + "/" + sha.substr(2, 2) + "/" + sha;
    for (;;) {
        std::optional<S3ObjectInfo> info;
        try {
            info = s3.headObject("blobs/" + sha);
        } catch (const std::exception&) {
        }
        if (info && info->size == size && (direct || !std::filesystem::exists(local)))
            break;
        if (std::chrono::duration<double>(Clock::now() - t0).count() > 1800) {
            std::cerr << "the transfer did not land in 30 min\n";
            return 2;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const double landedSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const double rawAfter = rawPut();
    s3.deleteObject("raw/" + sha);
    const double rawSeconds = (rawBefore + rawAfter) / 2;
    std::filesystem::remove(file);

    const double raw = mibps(size, rawSeconds);
    const double visible = mibps(size, visibleSeconds);
    const double landed = mibps(size, landedSeconds);
    std::printf("raw RGW PUT (S3 client, same bytes)      %8.1f MiB/s  (mean of %.2f s before, %.2f s after)\n", raw,
                rawBefore, rawAfter);
    std::printf("raw RGW GET (S3 client, same bytes)      %8.1f MiB/s  (%.2f s)\n", mibps(size, rawGetSeconds),
                rawGetSeconds);
    std::printf("%-6s upload, until visible             %8.1f MiB/s  (%.2f s)  %5.1f %% of raw RGW\n", mode.c_str(),
                visible, visibleSeconds, 100.0 * visible / raw);
    std::printf("%-6s upload, until in the bucket       %8.1f MiB/s  (%.2f s)  %5.1f %% of raw RGW\n", mode.c_str(),
                landed, landedSeconds, 100.0 * landed / raw);
    std::printf("%-6s complete (whole-file SHA-256 check)  %.2f s  (%.1f %% of the upload)\n", mode.c_str(),
                completeSeconds, 100.0 * completeSeconds / visibleSeconds);
    const bool met = visible >= 0.7 * raw;
    std::printf("verdict: %s upload (visible) >= 70%% of raw RGW PUT: %s\n", mode.c_str(), met ? "MET" : "MISSED");
    return met ? 0 : 1;
}
