#include "Sha256.h"

#include "BenchError.h"

#include <openssl/evp.h>

Sha256::Sha256() : _ctx(EVP_MD_CTX_new())
{
    if (!_ctx)
        throw BenchError("EVP_MD_CTX_new failed");
    reset();
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(_ctx);
}

void Sha256::reset()
{
    if (EVP_DigestInit_ex(_ctx, EVP_sha256(), nullptr) != 1)
        throw BenchError("EVP_DigestInit_ex failed");
}

void Sha256::update(const void* data, std::size_t length)
{
    if (EVP_DigestUpdate(_ctx, data, length) != 1)
        throw BenchError("EVP_DigestUpdate failed");
}

std::string Sha256::hexDigest()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(_ctx, digest, &length) != 1)
        throw BenchError("EVP_DigestFinal_ex failed");
    static const char* const kHex = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0x0f]);
    }
    reset();
    return hex;
}

std::string Sha256::hexOf(const void* data, std::size_t length)
{
    Sha256 hasher;
    hasher.update(data, length);
    return hasher.hexDigest();
}
