#include "nestbox/ChunkPlan.h"

#include <algorithm>

namespace nestbox {

namespace {
constexpr std::int64_t kMiB = 1LL << 20;
}

std::optional<ChunkPlan> ChunkPlan::make(std::int64_t size, std::int64_t chunkSizeHint,
                                         const ChunkLimits& limits)
{
    if (size < 0 || size > limits.maxFileSize || limits.chunkSizeMin <= 0
        || limits.chunkSizeMax < limits.chunkSizeMin || limits.maxChunks <= 0)
        return std::nullopt;
    std::int64_t chunk = chunkSizeHint > 0 ? chunkSizeHint : limits.chunkSizeDefault;
    chunk = std::clamp(chunk, limits.chunkSizeMin, limits.chunkSizeMax);
    // Fewest chunks allowed: raise the chunk size to the next whole MiB that fits.
    const std::int64_t needed = (size + limits.maxChunks - 1) / limits.maxChunks;
    if (chunk < needed) {
        chunk = (needed + kMiB - 1) / kMiB * kMiB;
        if (chunk > limits.chunkSizeMax)
            return std::nullopt;
    }
    return ChunkPlan(size, chunk);
}

ChunkPlan::ChunkPlan(std::int64_t size, std::int64_t chunkSize)
    : _size(size)
    , _chunkSize(chunkSize > 0 ? chunkSize : 1)
{
}

std::int64_t ChunkPlan::chunkCount() const
{
    return (_size + _chunkSize - 1) / _chunkSize;
}

std::int64_t ChunkPlan::length(std::int64_t index) const
{
    if (index < 0 || index >= chunkCount())
        return 0;
    return std::min(_chunkSize, _size - index * _chunkSize);
}

} // namespace nestbox
