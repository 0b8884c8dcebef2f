#pragma once

#include "nestbox/ErrorCode.h"

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace nestbox::server {

// An error with an API code, thrown by services and repositories and turned into an HTTP
// answer in exactly one place (http/ErrorStatus). `missing` and `retryAfter` carry the extra
// fields API.md names beside the code.
class ServiceError : public std::runtime_error {
public:
    ServiceError(ErrorCode code, const std::string& message)
        : std::runtime_error(message)
        , _code(code)
    {
    }

    ErrorCode code() const noexcept { return _code; }

    std::vector<std::int64_t> missing;
    std::int64_t retryAfter = -1;

private:
    ErrorCode _code;
};

} // namespace nestbox::server
