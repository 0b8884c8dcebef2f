#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace nestbox {

class Sha256;

// One challenged byte range of a file: [offset, offset + length).
struct ByteRange {
    std::int64_t offset = 0;
    std::int64_t length = 0;
};

// Feeds the bytes of one range into the hasher; returns false when they cannot be read in full.
using RangeReader = std::function<bool(const ByteRange& range, Sha256& hasher)>;

// Proof of possession: hex(SHA-256(nonce ‖ bytes of each range, in order)). Computed by the
// client from its local file and by the server from the stored blob. Empty string when a range
// could not be read.
std::string computeProof(std::string_view nonceBytes, const std::vector<ByteRange>& ranges,
                         const RangeReader& reader);

// The same over a file on disk, read with pread in bounded blocks.
std::string computeProofFromFile(const std::string& path, std::string_view nonceBytes,
                                 const std::vector<ByteRange>& ranges);

// Picks `count` ranges of up to `length` bytes at random offsets of a file of `size` bytes
// (the whole file when it is smaller). Uses OpenSSL's RAND_bytes.
std::vector<ByteRange> pickChallengeRanges(std::int64_t size, int count, std::int64_t length);

} // namespace nestbox
