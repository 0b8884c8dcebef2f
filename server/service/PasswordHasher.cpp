#include "service/PasswordHasher.h"

#include "service/Random.h"

#include <argon2.h>

#include <stdexcept>
#include <vector>

namespace nestbox::server {

namespace {
constexpr std::uint32_t kParallelism = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
} // namespace

PasswordHasher::PasswordHasher(std::uint32_t memoryKib, std::uint32_t iterations)
    : _memoryKib(memoryKib)
    , _iterations(iterations)
{
    _dummy = hash(randomHex(16));
}

std::string PasswordHasher::hash(const std::string& password) const
{
    const std::string salt = randomBytes(kSaltBytes);
    const std::size_t length = argon2_encodedlen(_iterations, _memoryKib, kParallelism, kSaltBytes, kHashBytes,
                                                 Argon2_id);
    std::vector<char> encoded(length);
    const int rc = argon2id_hash_encoded(_iterations, _memoryKib, kParallelism, password.data(), password.size(),
                                         salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
    if (rc != ARGON2_OK)
        throw std::runtime_error(std::string("argon2id_hash_encoded: ") + argon2_error_message(rc));
    return std::string(encoded.data());
}

bool PasswordHasher::verify(const std::string& encoded, const std::string& password) const
{
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void PasswordHasher::verifyDummy(const std::string& password) const
{
    (void)verify(_dummy, password);
}

} // namespace nestbox::server
