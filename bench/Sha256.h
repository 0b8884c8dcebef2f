#pragma once

#include <cstddef>
#include <string>

struct evp_md_ctx_st;

// Streaming SHA-256 over OpenSSL EVP; hexDigest() finishes it (lower-case hex). Not thread-safe.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, std::size_t length);
    std::string hexDigest();
    void reset();

    static std::string hexOf(const void* data, std::size_t length);

private:
    evp_md_ctx_st* _ctx;
};
