#pragma once

#include <chrono>
#include <cstdint>

namespace nestbox::server {

// Wall-clock time in Unix milliseconds, the unit of every time in the database.
inline std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace nestbox::server
