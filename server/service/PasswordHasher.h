#pragma once

#include <cstdint>
#include <string>

namespace nestbox::server {

// Argon2id password hashing (libargon2), PHC strings ("$argon2id$v=19$m=…"). Thread-safe.
class PasswordHasher {
public:
    PasswordHasher(std::uint32_t memoryKib, std::uint32_t iterations);

    std::string hash(const std::string& password) const;
    bool verify(const std::string& encoded, const std::string& password) const;
    // Spends the same time as verify() against a real hash: the path for unknown users, so
    // timing does not tell which usernames exist.
    void verifyDummy(const std::string& password) const;

private:
    std::uint32_t _memoryKib;
    std::uint32_t _iterations;
    std::string _dummy;
};

} // namespace nestbox::server
