#pragma once

#include "storage/BlobStore.h"

#include <cstdint>
#include <string>

namespace nestbox::server {

class S3Client;

// Reads an object through ranged GETs into a window that grows while the reader goes forward
// (64 KiB, doubling up to 8 MiB): a sequential reader (a download, fsck) costs one request per
// 8 MiB, a reader that jumps about (a proof of possession's few 4 KiB ranges) fetches little, and
// memory stays bounded whatever the object's size.
class RemoteBlobReader final : public BlobReader {
public:
    RemoteBlobReader(S3Client& s3, std::string key, std::int64_t size);

    std::int64_t size() const override { return _size; }
    std::size_t read(std::int64_t offset, char* buffer, std::size_t length) override;

private:
    void fetch(std::int64_t offset, std::size_t length);

    S3Client& _s3;
    std::string _key;
    std::int64_t _size;
    std::int64_t _start = 0;
    std::int64_t _window = 64 * 1024;
    std::string _data;
};

} // namespace nestbox::server
