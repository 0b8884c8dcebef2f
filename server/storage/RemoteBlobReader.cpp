#include "storage/RemoteBlobReader.h"

#include "storage/ObjectStoreKeys.h"
#include "storage/s3/S3Client.h"
#include "storage/s3/S3Error.h"

#include <algorithm>
#include <cstring>
#include <sstream>

namespace nestbox::server {

namespace {
constexpr std::int64_t kSmallWindow = 64 * 1024;
constexpr std::int64_t kLargeWindow = 8LL << 20;
} // namespace

RemoteBlobReader::RemoteBlobReader(S3Client& s3, std::string key, std::int64_t size)
    : _s3(s3)
    , _key(std::move(key))
    , _size(size)
{
}

std::size_t RemoteBlobReader::read(std::int64_t offset, char* buffer, std::size_t length)
{
    if (offset >= _size || length == 0)
        return 0;
    if (offset < _start || offset >= _start + static_cast<std::int64_t>(_data.size()))
        fetch(offset, length);
    const auto from = static_cast<std::size_t>(offset - _start);
    const std::size_t n = std::min(length, _data.size() - from);
    std::memcpy(buffer, _data.data() + from, n);
    return n;
}

void RemoteBlobReader::fetch(std::int64_t offset, std::size_t length)
{
    // Reading on where the last window ended: a sequential reader, give it bigger windows.
    const bool sequential = !_data.empty() && offset == _start + static_cast<std::int64_t>(_data.size());
    _window = sequential ? std::min(kLargeWindow, _window * 2) : kSmallWindow;
    const std::int64_t span = std::max(_window, static_cast<std::int64_t>(length));
    const std::int64_t last = std::min(_size, offset + span) - 1;
    std::ostringstream out;
    try {
        _s3.getObject(_key, out, S3ByteRange{offset, last});
    } catch (const S3Error& e) {
        objectStoreUnavailable(e);
    }
    _data = out.str();
    _start = offset;
}

} // namespace nestbox::server
