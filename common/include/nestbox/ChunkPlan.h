#pragma once

#include <cstdint>
#include <optional>

namespace nestbox {

// Server limits that shape a chunked upload (GET /api/v1/server → limits).
struct ChunkLimits {
    std::int64_t maxFileSize = 256LL << 30;
    std::int64_t chunkSizeMin = 5LL << 20;
    std::int64_t chunkSizeMax = 64LL << 20;
    std::int64_t chunkSizeDefault = 8LL << 20;
    std::int64_t maxChunks = 10000;
};

// How a file of a given size is cut into chunks: every chunk has chunkSize bytes except the
// last, which may be shorter. A zero-byte file has no chunks. Pure arithmetic, no I/O.
class ChunkPlan {
public:
    // The plan for `size` bytes with the client's hint (0 = none): the hint clamped to the
    // limits, then raised (in whole MiB) until the chunk count fits maxChunks. nullopt when
    // the size is negative or the file cannot fit the limits.
    static std::optional<ChunkPlan> make(std::int64_t size, std::int64_t chunkSizeHint,
                                         const ChunkLimits& limits);

    // A plan with a chunk size that is already decided (e.g. read back from the database).
    ChunkPlan(std::int64_t size, std::int64_t chunkSize);

    std::int64_t size() const { return _size; }
    std::int64_t chunkSize() const { return _chunkSize; }
    std::int64_t chunkCount() const;
    std::int64_t offset(std::int64_t index) const { return index * _chunkSize; }
    // Length of chunk `index`, 0 when the index is out of range.
    std::int64_t length(std::int64_t index) const;

private:
    std::int64_t _size;
    std::int64_t _chunkSize;
};

} // namespace nestbox
