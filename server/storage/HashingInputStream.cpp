#include "storage/HashingInputStream.h"

#include "nestbox/Sha256.h"

#include <algorithm>

namespace nestbox::server {

HashingInputStream::Buffer::Buffer(std::istream& source_, std::int64_t limit, Sha256& hasher_,
                                   std::function<void()> progress_)
    : source(source_)
    , left(limit)
    , hasher(hasher_)
    , progress(std::move(progress_))
    , data(256 * 1024)
{
}

HashingInputStream::Buffer::int_type HashingInputStream::Buffer::underflow()
{
    if (gptr() < egptr())
        return traits_type::to_int_type(*gptr());
    if (left <= 0)
        return traits_type::eof();
    const auto want = static_cast<std::streamsize>(std::min<std::int64_t>(left, static_cast<std::int64_t>(data.size())));
    source.read(data.data(), want);
    const std::streamsize got = source.gcount();
    if (got <= 0)
        return traits_type::eof();
    hasher.update(data.data(), static_cast<std::size_t>(got));
    left -= got;
    count += got;
    setg(data.data(), data.data(), data.data() + got);
    if (progress)
        progress();
    return traits_type::to_int_type(*gptr());
}

HashingInputStream::HashingInputStream(std::istream& source, std::int64_t limit, Sha256& hasher,
                                       std::function<void()> progress)
    : std::istream(nullptr)
    , _buf(source, limit, hasher, std::move(progress))
{
    rdbuf(&_buf);
}

} // namespace nestbox::server
