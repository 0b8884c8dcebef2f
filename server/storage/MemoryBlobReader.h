#pragma once

#include "storage/BlobStore.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace nestbox::server {

// A small stored object (a thumbnail) already fetched whole.
class MemoryBlobReader final : public BlobReader {
public:
    explicit MemoryBlobReader(std::string bytes)
        : _bytes(std::move(bytes))
    {
    }
    std::int64_t size() const override { return static_cast<std::int64_t>(_bytes.size()); }
    std::size_t read(std::int64_t offset, char* buffer, std::size_t length) override
    {
        if (offset < 0 || offset >= size())
            return 0;
        const std::size_t n = std::min(length, _bytes.size() - static_cast<std::size_t>(offset));
        std::memcpy(buffer, _bytes.data() + offset, n);
        return n;
    }

private:
    std::string _bytes;
};

} // namespace nestbox::server
