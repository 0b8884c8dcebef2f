#include "nestbox/ProofOfPossession.h"

#include "nestbox/Sha256.h"

#include <openssl/rand.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace nestbox {

std::string computeProof(std::string_view nonceBytes, const std::vector<ByteRange>& ranges,
                         const RangeReader& reader)
{
    Sha256 hasher;
    hasher.update(nonceBytes);
    for (const ByteRange& range : ranges) {
        if (range.offset < 0 || range.length < 0 || !reader(range, hasher))
            return {};
    }
    return hasher.finishHex();
}

std::string computeProofFromFile(const std::string& path, std::string_view nonceBytes,
                                 const std::vector<ByteRange>& ranges)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    std::array<char, 64 * 1024> buffer{};
    const auto reader = [&](const ByteRange& range, Sha256& hasher) {
        std::int64_t done = 0;
        while (done < range.length) {
            const auto want = static_cast<std::size_t>(
                std::min<std::int64_t>(range.length - done, static_cast<std::int64_t>(buffer.size())));
            const ssize_t got = ::pread(fd, buffer.data(), want, range.offset + done);
            if (got <= 0)
                return false;
            hasher.update(buffer.data(), static_cast<std::size_t>(got));
            done += got;
        }
        return true;
    };
    std::string proof = computeProof(nonceBytes, ranges, reader);
    ::close(fd);
    return proof;
}

std::vector<ByteRange> pickChallengeRanges(std::int64_t size, int count, std::int64_t length)
{
    std::vector<ByteRange> ranges;
    if (size <= 0)
        return ranges;
    if (size <= length)
        return {ByteRange{0, size}};
    for (int i = 0; i < count; ++i) {
        std::uint64_t random = 0;
        if (RAND_bytes(reinterpret_cast<unsigned char*>(&random), sizeof random) != 1)
            throw std::runtime_error("RAND_bytes failed");
        const auto span = static_cast<std::uint64_t>(size - length + 1);
        ranges.push_back({static_cast<std::int64_t>(random % span), length});
    }
    return ranges;
}

} // namespace nestbox
