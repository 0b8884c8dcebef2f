#include "MachineRates.h"

#include "BenchError.h"
#include "Sha256.h"
#include "Stats.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace MachineRates {

double sha256BytesPerSecond(double seconds)
{
    std::vector<unsigned char> buffer(1 << 20);
    for (std::size_t i = 0; i < buffer.size(); ++i)
        buffer[i] = static_cast<unsigned char>(i * 131 + 7);
    Sha256 hasher;
    for (int i = 0; i < 64; ++i) // warm-up: caches, CPU frequency
        hasher.update(buffer.data(), buffer.size());
    hasher.hexDigest();

    Stopwatch watch;
    std::uint64_t bytes = 0;
    while (watch.seconds() < seconds) {
        for (int i = 0; i < 32; ++i)
            hasher.update(buffer.data(), buffer.size());
        bytes += 32 * buffer.size();
    }
    const double elapsed = watch.seconds();
    hasher.hexDigest();
    return static_cast<double>(bytes) / elapsed;
}

double fsyncWriteBytesPerSecond(const std::filesystem::path& dir, std::uint64_t bytes)
{
    const auto path = dir / "write-rate.tmp";
    std::vector<char> buffer(1 << 20);
    std::uint64_t state = 0x1234567887654321ULL;
    for (auto& c : buffer) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        c = static_cast<char>(state >> 56);
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw BenchError("create " + path.string() + ": " + std::strerror(errno));
    Stopwatch watch;
    std::uint64_t written = 0;
    while (written < bytes) {
        // Touch the buffer so no layer can recognise repeated blocks.
        std::memcpy(buffer.data(), &written, sizeof written);
        const ssize_t n = ::write(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ::close(fd);
            std::filesystem::remove(path);
            throw BenchError("write " + path.string() + ": " + std::strerror(errno));
        }
        written += static_cast<std::uint64_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        std::filesystem::remove(path);
        throw BenchError("fsync " + path.string() + ": " + std::strerror(errno));
    }
    const double elapsed = watch.seconds();
    ::close(fd);
    std::filesystem::remove(path);
    return static_cast<double>(written) / elapsed;
}

} // namespace MachineRates
