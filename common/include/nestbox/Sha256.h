#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace nestbox {

// Streaming SHA-256 over OpenSSL EVP: feed any number of blocks, then take the digest once.
// One instance per thread; copying is not allowed, moving is.
class Sha256 {
public:
    using Digest = std::array<std::uint8_t, 32>;

    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, std::size_t size);
    void update(std::string_view data) { update(data.data(), data.size()); }

    // Ends the computation; the hasher starts afresh afterwards.
    Digest finish();
    std::string finishHex();

    static std::string hashHex(std::string_view data);
    static std::string toHex(const Digest& digest);

private:
    struct Context;
    std::unique_ptr<Context> _ctx;
};

// True for exactly 64 lower-case hex digits: the only spelling of a content identity.
bool isSha256Hex(std::string_view text) noexcept;

// Constant-time comparison of two strings of equal length (false when lengths differ).
bool constantTimeEquals(std::string_view a, std::string_view b) noexcept;

} // namespace nestbox
