// nestbox-bench-s3: raw S3 throughput of one 256 MiB object through S3Client against the Ceph RGW
// recorded in a ceph.sh env file (run-s3-bench.sh starts one and also times curl for comparison).
// Prints figures; not a timed test.
//
//   nestbox-bench-s3 ENV_FILE [MIB] [RUNS]
#include "../EnvFile.h"
#include "S3Client.h"
#include "S3Digest.h"
#include "S3Error.h"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace nestbox::server;

namespace {

// A file of random bytes (incompressible), written in blocks; returns its hex SHA-256.
std::string writeTestFile(const std::string& path, std::int64_t bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    std::mt19937_64 random(42);
    std::vector<std::uint64_t> block(1 << 17); // 1 MiB
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    for (std::int64_t done = 0; done < bytes;) {
        for (auto& w : block)
            w = random();
        const auto n = static_cast<std::size_t>(std::min<std::int64_t>(bytes - done, static_cast<std::int64_t>(block.size() * 8)));
        out.write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(n));
        EVP_DigestUpdate(ctx, block.data(), n);
        done += static_cast<std::int64_t>(n);
    }
    unsigned char md[32];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    return S3Digest::hex(std::string(reinterpret_cast<char*>(md), len));
}

template <typename F>
double medianMiBps(int runs, std::int64_t bytes, F&& once)
{
    std::vector<double> rates;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        once();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        rates.push_back(static_cast<double>(bytes) / (1024.0 * 1024.0) / s);
    }
    std::sort(rates.begin(), rates.end());
    return rates[rates.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: nestbox-bench-s3 ENV_FILE [MIB=256] [RUNS=3]\n";
        return 2;
    }
    const auto env = readEnvFile(argv[1]);
    const std::int64_t mib = argc > 2 ? std::atoll(argv[2]) : 256;
    const int runs = argc > 3 ? std::atoi(argv[3]) : 3;
    const std::int64_t bytes = mib * 1024 * 1024;
    if (!env.count("CEPH_S3_ENDPOINT")) {
        std::cerr << "no CEPH_S3_ENDPOINT in " << argv[1] << "\n";
        return 2;
    }
    S3Config config;
    config.endpoint = env.at("CEPH_S3_ENDPOINT");
    config.region = env.at("CEPH_S3_REGION");
    config.accessKey = env.at("CEPH_S3_ACCESS_KEY");
    config.secretKey = env.at("CEPH_S3_SECRET_KEY");
    config.bucket = "nestbox-bench";
    try {
        S3Client client(config);
        client.createBucket();
        const std::string file = (std::filesystem::temp_directory_path() / "nestbox-bench-s3.bin").string();
        const std::string sha = writeTestFile(file, bytes);
        std::printf("object: %lld MiB of random bytes from %s, %d runs each, median\n", static_cast<long long>(mib),
                    file.c_str(), runs);

        const double putUnsigned = medianMiBps(runs, bytes, [&] {
            std::ifstream in(file, std::ios::binary);
            client.putObject("bench/object", in, bytes);
        });
        std::printf("client PUT  (UNSIGNED-PAYLOAD)          %8.1f MiB/s\n", putUnsigned);
        const double putSigned = medianMiBps(runs, bytes, [&] {
            std::ifstream in(file, std::ios::binary);
            client.putObject("bench/object", in, bytes, sha); // RGW hashes the body to check it
        });
        std::printf("client PUT  (signed SHA-256, RGW checks) %8.1f MiB/s\n", putSigned);
        const double get = medianMiBps(runs, bytes, [&] {
            std::ofstream out("/dev/null", std::ios::binary);
            if (client.getObject("bench/object", out) != bytes)
                throw std::runtime_error("short GET");
        });
        std::printf("client GET                              %8.1f MiB/s\n", get);
        const std::int64_t part = std::max<std::int64_t>(5, mib / 4) * 1024 * 1024;
        const double multipart = medianMiBps(runs, bytes, [&] {
            const std::string id = client.createMultipart("bench/multipart");
            std::vector<S3CompletedPart> parts;
            std::ifstream in(file, std::ios::binary);
            for (std::int64_t off = 0, n = 1; off < bytes; off += part, ++n) {
                const std::int64_t len = std::min(part, bytes - off);
                in.seekg(off);
                parts.push_back({static_cast<int>(n), client.uploadPart("bench/multipart", id, static_cast<int>(n), in, len)});
            }
            client.completeMultipart("bench/multipart", id, parts);
        });
        std::printf("client multipart PUT (%lld MiB parts, serial) %8.1f MiB/s\n",
                    static_cast<long long>(part / 1024 / 1024), multipart);
        client.deleteObject("bench/object");
        client.deleteObject("bench/multipart");
        std::filesystem::remove(file);
    } catch (const S3Error& e) {
        std::cerr << "bench failed: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
