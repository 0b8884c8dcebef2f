#include "storage/HashingOutputStream.h"

#include "nestbox/Sha256.h"

#include <algorithm>

namespace nestbox::server {

namespace {
constexpr std::int64_t kProgressEvery = 4LL << 20;
} // namespace

HashingOutputStream::Buffer::Buffer(Sha256& hasher_, std::size_t headBytes_, std::function<void()> progress_)
    : hasher(hasher_)
    , headBytes(headBytes_)
    , progress(std::move(progress_))
{
}

std::streamsize HashingOutputStream::Buffer::xsputn(const char* s, std::streamsize n)
{
    if (n <= 0)
        return 0;
    hasher.update(s, static_cast<std::size_t>(n));
    if (head.size() < headBytes)
        head.append(s, std::min<std::size_t>(headBytes - head.size(), static_cast<std::size_t>(n)));
    count += n;
    sinceProgress += n;
    if (progress && sinceProgress >= kProgressEvery) {
        sinceProgress = 0;
        progress();
    }
    return n;
}

HashingOutputStream::Buffer::int_type HashingOutputStream::Buffer::overflow(int_type c)
{
    if (traits_type::eq_int_type(c, traits_type::eof()))
        return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    xsputn(&ch, 1);
    return c;
}

HashingOutputStream::HashingOutputStream(Sha256& hasher, std::size_t headBytes, std::function<void()> progress)
    : std::ostream(nullptr)
    , _buf(hasher, headBytes, std::move(progress))
{
    rdbuf(&_buf);
}

} // namespace nestbox::server
