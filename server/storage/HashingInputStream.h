#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <streambuf>
#include <vector>

namespace nestbox {
class Sha256;
}

namespace nestbox::server {

// Reads at most `limit` bytes of `source`, feeding each byte read to `hasher` on the way: a
// request body can go to the object store and be hashed in the same pass, never held whole.
// Not seekable (tellg() answers -1), so the S3 client never tries to rewind it for a retry.
class HashingInputStream : public std::istream {
public:
    // `progress` runs after each block read (lock keep-alive while a slow client sends).
    HashingInputStream(std::istream& source, std::int64_t limit, Sha256& hasher, std::function<void()> progress = {});

    // Bytes handed out so far.
    std::int64_t count() const { return _buf.count; }

private:
    struct Buffer : std::streambuf {
        Buffer(std::istream& source, std::int64_t limit, Sha256& hasher, std::function<void()> progress);
        int_type underflow() override;

        std::istream& source;
        std::int64_t left;
        Sha256& hasher;
        std::function<void()> progress;
        std::int64_t count = 0;
        std::vector<char> data;
    };
    Buffer _buf;
};

} // namespace nestbox::server
