#pragma once

#include <cstdint>
#include <filesystem>

// The two machine limits an upload can never beat, measured in the same run as the upload.
namespace MachineRates {

// Single-core SHA-256 (OpenSSL EVP) over an in-memory 1 MiB buffer for about `seconds`; bytes/s.
double sha256BytesPerSecond(double seconds);

// Sequential write of `bytes` in 1 MiB writes to a new file in `dir`, then fsync; the time includes
// the fsync. The file is removed afterwards. Bytes/s.
double fsyncWriteBytesPerSecond(const std::filesystem::path& dir, std::uint64_t bytes);

} // namespace MachineRates
