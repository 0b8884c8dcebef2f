#pragma once

#include <chrono>
#include <string>

namespace nestbox::server {

// Where a bucket is and how to talk to it. Plain data; copied into each S3Client.
struct S3Config {
    // http(s)://host[:port]; AWS's regional endpoint when built from a URL without one.
    std::string endpoint;
    std::string region = "us-east-1";
    std::string bucket;
    std::string accessKey;
    std::string secretKey;
    // true: http://host/bucket/key (Ceph RGW, MinIO); false: http://bucket.host/key (AWS, OSS).
    bool pathStyle = true;
    std::chrono::seconds presignTtl{900};

    // Transport. Idle keep-alive sessions kept per client; more are opened under load.
    int maxIdleSessions = 8;
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds ioTimeout{60000};
    // Retries of retryable failures: attempts in all, and the full-jitter exponential backoff
    // (attempt n sleeps a random time in [0, min(cap, base * 2^n)]).
    int maxAttempts = 5;
    std::chrono::milliseconds backoffBase{100};
    std::chrono::milliseconds backoffCap{5000};
    // https only: verify the server's certificate and name (on unless told otherwise), against
    // the system CAs or caFile.
    bool verifyTls = true;
    std::string caFile;

    // s3://BUCKET?endpoint=http://127.0.0.1:7480&region=us-east-1&path_style=true
    //   [&presign_ttl=SECONDS&max_attempts=N&timeout_ms=MS&verify_tls=false&ca_file=PATH]
    // Without endpoint: https://s3.REGION.amazonaws.com and virtual-host style by default.
    // Throws std::invalid_argument on anything else.
    static S3Config fromUrl(const std::string& url, std::string accessKey, std::string secretKey);
};

} // namespace nestbox::server
