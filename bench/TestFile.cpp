#include "TestFile.h"

#include "BenchError.h"
#include "Sha256.h"
#include "Stats.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace {

constexpr std::size_t kBlock = 1 << 20;

// xorshift64*: fast, good enough to defeat any compression or dedup on the way.
void fillRandom(std::vector<std::uint64_t>& words, std::uint64_t& state)
{
    for (auto& word : words) {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        word = state * 0x2545F4914F6CDD1DULL;
    }
}

void writeAll(int fd, const char* data, std::size_t length, const std::string& path)
{
    while (length > 0) {
        const ssize_t n = ::write(fd, data, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw BenchError("write " + path + ": " + std::strerror(errno));
        data += n;
        length -= static_cast<std::size_t>(n);
    }
}

// Feeds `data` to the whole-file hasher and to the chunk hashers, closing chunks at their boundaries.
class ChunkHasher {
public:
    ChunkHasher(std::uint64_t chunkSize, std::vector<std::string>& out) : _chunkSize(chunkSize), _out(out) {}
    void update(const char* data, std::size_t length)
    {
        while (length > 0) {
            const auto room = static_cast<std::size_t>(std::min<std::uint64_t>(_chunkSize - _inChunk, length));
            _chunk.update(data, room);
            _inChunk += room;
            data += room;
            length -= room;
            if (_inChunk == _chunkSize) {
                _out.push_back(_chunk.hexDigest());
                _inChunk = 0;
            }
        }
    }
    void finish()
    {
        if (_inChunk > 0)
            _out.push_back(_chunk.hexDigest());
    }

private:
    std::uint64_t _chunkSize;
    std::vector<std::string>& _out;
    Sha256 _chunk;
    std::uint64_t _inChunk = 0;
};

} // namespace

TestFile TestFile::create(const std::filesystem::path& path, std::uint64_t size, std::uint64_t chunkSize,
                          std::uint64_t seed)
{
    Stopwatch watch;
    TestFile file;
    file._path = path;
    file._size = size;
    file._chunkSize = chunkSize;

    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw BenchError("create " + path.string() + ": " + std::strerror(errno));
    std::vector<std::uint64_t> words(kBlock / sizeof(std::uint64_t));
    std::uint64_t state = seed * 0x9E3779B97F4A7C15ULL + 1;
    Sha256 whole;
    ChunkHasher chunks(chunkSize, file._chunkSha256);
    std::uint64_t written = 0;
    try {
        while (written < size) {
            fillRandom(words, state);
            const auto piece = static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, size - written));
            const char* data = reinterpret_cast<const char*>(words.data());
            writeAll(fd, data, piece, path.string());
            whole.update(data, piece);
            chunks.update(data, piece);
            written += piece;
        }
        chunks.finish();
        if (::fsync(fd) != 0)
            throw BenchError("fsync " + path.string() + ": " + std::strerror(errno));
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    file._sha256 = whole.hexDigest();
    file._createSeconds = watch.seconds();
    return file;
}

void TestFile::rechunk(std::uint64_t chunkSize)
{
    if (chunkSize == _chunkSize)
        return;
    const int fd = ::open(_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw BenchError("open " + _path.string() + ": " + std::strerror(errno));
    std::vector<std::string> hashes;
    ChunkHasher chunks(chunkSize, hashes);
    std::vector<char> buffer(kBlock);
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ::close(fd);
            throw BenchError("read " + _path.string() + ": " + std::strerror(errno));
        }
        if (n == 0)
            break;
        chunks.update(buffer.data(), static_cast<std::size_t>(n));
    }
    ::close(fd);
    chunks.finish();
    _chunkSha256 = std::move(hashes);
    _chunkSize = chunkSize;
}

void TestFile::remove()
{
    std::error_code ignored;
    std::filesystem::remove(_path, ignored);
}
