#include "service/Random.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace nestbox::server {

std::string randomBytes(std::size_t bytes)
{
    std::string out(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(bytes)) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return out;
}

std::string randomHex(std::size_t bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    const std::string raw = randomBytes(bytes);
    std::string out;
    out.reserve(bytes * 2);
    for (unsigned char c : raw) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 0x0f]);
    }
    return out;
}

} // namespace nestbox::server
