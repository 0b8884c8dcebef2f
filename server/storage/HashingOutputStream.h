#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <streambuf>
#include <string>

namespace nestbox {
class Sha256;
}

namespace nestbox::server {

// A sink that hashes what is written to it and keeps only its first `headBytes` bytes (MIME
// sniffing): an object read back from the store is verified without being stored anywhere.
// `progress` runs every few MiB (lock keep-alive).
class HashingOutputStream : public std::ostream {
public:
    HashingOutputStream(Sha256& hasher, std::size_t headBytes, std::function<void()> progress = {});

    std::int64_t count() const { return _buf.count; }
    const std::string& head() const { return _buf.head; }

private:
    struct Buffer : std::streambuf {
        Buffer(Sha256& hasher, std::size_t headBytes, std::function<void()> progress);
        std::streamsize xsputn(const char* s, std::streamsize n) override;
        int_type overflow(int_type c) override;

        Sha256& hasher;
        std::size_t headBytes;
        std::function<void()> progress;
        std::string head;
        std::int64_t count = 0;
        std::int64_t sinceProgress = 0;
    };
    Buffer _buf;
};

} // namespace nestbox::server
