#include "nestbox/Sha256.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>

namespace nestbox {

struct Sha256::Context {
    EVP_MD_CTX* ctx = nullptr;
    ~Context() { EVP_MD_CTX_free(ctx); }
};

namespace {

void initContext(EVP_MD_CTX* ctx)
{
    if (EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("EVP_DigestInit_ex(sha256) failed");
}

} // namespace

Sha256::Sha256()
    : _ctx(std::make_unique<Context>())
{
    _ctx->ctx = EVP_MD_CTX_new();
    if (!_ctx->ctx)
        throw std::bad_alloc();
    initContext(_ctx->ctx);
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(const void* data, std::size_t size)
{
    if (size == 0)
        return;
    if (EVP_DigestUpdate(_ctx->ctx, data, size) != 1)
        throw std::runtime_error("EVP_DigestUpdate failed");
}

Sha256::Digest Sha256::finish()
{
    Digest digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(_ctx->ctx, digest.data(), &length) != 1 || length != digest.size())
        throw std::runtime_error("EVP_DigestFinal_ex failed");
    initContext(_ctx->ctx);
    return digest;
}

std::string Sha256::finishHex()
{
    return toHex(finish());
}

std::string Sha256::hashHex(std::string_view data)
{
    Sha256 hasher;
    hasher.update(data);
    return hasher.finishHex();
}

std::string Sha256::toHex(const Digest& digest)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(digest.size() * 2);
    for (std::uint8_t byte : digest) {
        out.push_back(kDigits[byte >> 4]);
        out.push_back(kDigits[byte & 0x0f]);
    }
    return out;
}

bool isSha256Hex(std::string_view text) noexcept
{
    if (text.size() != 64)
        return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

bool constantTimeEquals(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace nestbox
