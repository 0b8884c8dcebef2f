#pragma once

#include <cstddef>
#include <string>

namespace nestbox::server {

// Hex of `bytes` bytes from OpenSSL's CSPRNG (ids, tokens, lock owners).
std::string randomHex(std::size_t bytes);

// `bytes` raw random bytes.
std::string randomBytes(std::size_t bytes);

} // namespace nestbox::server
