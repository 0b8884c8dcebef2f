#include "storage/BlobStore.h"

#include "nestbox/Sha256.h"
#include "service/ServiceError.h"

#include <Poco/Logger.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace nestbox::server {

namespace {

constexpr std::size_t kBlock = 1 << 20;

[[noreturn]] void ioFailure(const std::string& what)
{
    const int err = errno;
    Poco::Logger::get("nestbox.storage").error("%s: %s", what, std::string(std::strerror(err)));
    if (err == ENOSPC || err == EDQUOT)
        throw ServiceError(ErrorCode::Unavailable, "the server's disk is full");
    throw ServiceError(ErrorCode::Internal, "storage error");
}

class Fd {
public:
    explicit Fd(int fd)
        : _fd(fd)
    {
    }
    ~Fd()
    {
        if (_fd >= 0)
            ::close(_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return _fd; }

private:
    int _fd;
};

void syncDirectory(const fs::path& dir)
{
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0)
        ::fsync(fd.get());
}

bool isUploadId(const std::string& id)
{
    if (id.size() != 32)
        return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

class LocalBlobReader final : public BlobReader {
public:
    LocalBlobReader(int fd, std::int64_t size)
        : _fd(fd)
        , _size(size)
    {
    }
    std::int64_t size() const override { return _size; }
    std::size_t read(std::int64_t offset, char* buffer, std::size_t length) override
    {
        for (;;) {
            const ssize_t got = ::pread(_fd.get(), buffer, length, offset);
            if (got >= 0)
                return static_cast<std::size_t>(got);
            if (errno != EINTR)
                ioFailure("read blob");
        }
    }

private:
    Fd _fd;
    std::int64_t _size;
};

// Content-addressed files under <data>/blobs/ab/cd/<sha256>; uploads staged in
// <data>/staging/<upload id> (chunks written in place at their offsets, so completing an
// upload is a verification pass and a rename, never a second copy).
class LocalBlobStore final : public BlobStore {
public:
    explicit LocalBlobStore(const std::string& dataDir)
        : _root(dataDir)
    {
        fs::create_directories(_root / "blobs");
        fs::create_directories(_root / "staging");
        fs::create_directories(_root / "thumbnails");
        fs::create_directories(_root / "tmp");
    }

    std::string localCopy(const std::string& sha256, const std::string&) override
    {
        return blobPath(sha256).string();
    }

    std::string makeScratchDir() override
    {
        for (int attempt = 0; attempt < 8; ++attempt) {
            const fs::path dir = _root / "tmp" / ("scratch-" + std::to_string(::getpid()) + "-" + std::to_string(++_scratch));
            std::error_code ec;
            if (fs::create_directory(dir, ec))
                return dir.string();
        }
        ioFailure("create scratch directory");
    }

    void putThumbnail(const std::string& sha256, int size, const std::string& jpegPath) override
    {
        const fs::path target = thumbnailPath(sha256, size);
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        const fs::path temp = target.string() + ".tmp";
        fs::copy_file(jpegPath, temp, fs::copy_options::overwrite_existing, ec);
        if (ec)
            ioFailure("copy thumbnail");
        {
            Fd fd(::open(temp.c_str(), O_RDONLY | O_CLOEXEC));
            if (fd.get() < 0 || ::fsync(fd.get()) != 0)
                ioFailure("fsync thumbnail");
        }
        if (::rename(temp.c_str(), target.c_str()) != 0)
            ioFailure("rename thumbnail into place");
        syncDirectory(target.parent_path());
    }

    std::unique_ptr<BlobReader> openThumbnail(const std::string& sha256, int size) override
    {
        const fs::path path = thumbnailPath(sha256, size);
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return nullptr;
        struct stat st {};
        ::fstat(fd, &st);
        return std::make_unique<LocalBlobReader>(fd, static_cast<std::int64_t>(st.st_size));
    }

    void removeThumbnails(const std::string& sha256) override
    {
        for (int size : {256, 1280}) {
            std::error_code ec;
            fs::remove(thumbnailPath(sha256, size), ec);
        }
    }

    void writeStaged(const std::string& uploadId, std::int64_t offset, std::int64_t length, std::istream& in,
                     Sha256& hasher, const Progress& progress) override
    {
        Fd fd(::open(staged(uploadId).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
        if (fd.get() < 0)
            ioFailure("open staging file");
        std::vector<char> buffer(kBlock);
        std::int64_t done = 0;
        while (done < length) {
            const auto want = static_cast<std::streamsize>(std::min<std::int64_t>(length - done, kBlock));
            in.read(buffer.data(), want);
            const std::streamsize got = in.gcount();
            if (got <= 0)
                throw ServiceError(ErrorCode::ChunkSizeMismatch, "the chunk body is shorter than its declared length");
            hasher.update(buffer.data(), static_cast<std::size_t>(got));
            writeAll(fd.get(), buffer.data(), static_cast<std::size_t>(got), offset + done);
            done += got;
            if (progress)
                progress();
        }
        if (in.peek() != std::char_traits<char>::eof())
            throw ServiceError(ErrorCode::ChunkSizeMismatch, "the chunk body is longer than its declared length");
        if (::fdatasync(fd.get()) != 0)
            ioFailure("fdatasync staging file");
    }

    std::int64_t writeStagedStream(const std::string& uploadId, std::istream& in, Sha256& hasher,
                                   std::int64_t maxBytes) override
    {
        Fd fd(::open(staged(uploadId).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (fd.get() < 0)
            ioFailure("open staging file");
        std::vector<char> buffer(kBlock);
        std::int64_t done = 0;
        for (;;) {
            in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            const std::streamsize got = in.gcount();
            if (got <= 0)
                break;
            if (done + got > maxBytes) {
                dropStaged(uploadId);
                throw ServiceError(ErrorCode::FileTooLarge, "the file is larger than this server accepts");
            }
            hasher.update(buffer.data(), static_cast<std::size_t>(got));
            writeAll(fd.get(), buffer.data(), static_cast<std::size_t>(got), done);
            done += got;
        }
        if (::fdatasync(fd.get()) != 0)
            ioFailure("fdatasync staging file");
        return done;
    }

    std::string hashStaged(const std::string& uploadId, std::int64_t size, const Progress& progress) override
    {
        return hashRange(uploadId, 0, size, progress);
    }

    std::string hashStagedRange(const std::string& uploadId, std::int64_t offset, std::int64_t length) override
    {
        return hashRange(uploadId, offset, length, {});
    }

    std::string hashRange(const std::string& uploadId, std::int64_t offset, std::int64_t size, const Progress& progress)
    {
        Sha256 hasher;
        Fd fd(::open(staged(uploadId).c_str(), O_RDONLY | O_CLOEXEC));
        if (fd.get() < 0) {
            if (size == 0)
                return hasher.finishHex();
            ioFailure("open staging file");
        }
        ::posix_fadvise(fd.get(), offset, size, POSIX_FADV_SEQUENTIAL);
        std::vector<char> buffer(kBlock);
        std::int64_t done = 0;
        while (done < size) {
            const auto want = static_cast<std::size_t>(std::min<std::int64_t>(size - done, kBlock));
            const ssize_t got = ::pread(fd.get(), buffer.data(), want, offset + done);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                ioFailure("read staging file");
            if (got == 0)
                break; // shorter than expected: the hash cannot match
            hasher.update(buffer.data(), static_cast<std::size_t>(got));
            done += got;
            if (progress)
                progress();
        }
        return hasher.finishHex();
    }

    std::string headStaged(const std::string& uploadId, std::size_t bytes) override
    {
        std::string head(bytes, '\0');
        Fd fd(::open(staged(uploadId).c_str(), O_RDONLY | O_CLOEXEC));
        if (fd.get() < 0)
            return {};
        const ssize_t got = ::pread(fd.get(), head.data(), bytes, 0);
        head.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
        return head;
    }

    void commitStaged(const std::string& uploadId, const std::string& sha256) override
    {
        const fs::path source = staged(uploadId);
        const fs::path target = blobPath(sha256);
        if (!fs::exists(source)) {
            // A zero-byte upload never wrote anything.
            Fd fd(::open(source.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
            if (fd.get() < 0)
                ioFailure("create staging file");
        }
        {
            Fd fd(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
            if (fd.get() < 0 || ::fsync(fd.get()) != 0)
                ioFailure("fsync staged blob");
        }
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        if (::rename(source.c_str(), target.c_str()) != 0)
            ioFailure("rename staged blob into place");
        syncDirectory(target.parent_path());
        syncDirectory(_root / "staging");
    }

    void dropStaged(const std::string& uploadId) override
    {
        std::error_code ec;
        fs::remove(staged(uploadId), ec);
    }

    std::vector<Staged> stagedUploads() override
    {
        std::vector<Staged> out;
        const auto nowTime = fs::file_time_type::clock::now();
        for (const auto& entry : fs::directory_iterator(_root / "staging")) {
            const std::string name = entry.path().filename().string();
            if (!isUploadId(name))
                continue;
            const auto age = std::chrono::duration_cast<std::chrono::seconds>(nowTime - entry.last_write_time());
            out.push_back({name, age.count()});
        }
        return out;
    }

    bool exists(const std::string& sha256) override
    {
        std::error_code ec;
        return fs::is_regular_file(blobPath(sha256), ec);
    }

    std::unique_ptr<BlobReader> open(const std::string& sha256) override
    {
        const fs::path path = blobPath(sha256);
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            Poco::Logger::get("nestbox.storage").error("blob %s missing from the store", sha256);
            throw ServiceError(ErrorCode::Internal, "the file's content is missing from storage");
        }
        struct stat st {};
        ::fstat(fd, &st);
        return std::make_unique<LocalBlobReader>(fd, static_cast<std::int64_t>(st.st_size));
    }

    void remove(const std::string& sha256) override
    {
        std::error_code ec;
        fs::remove(blobPath(sha256), ec);
    }

    std::vector<Entry> list() override
    {
        std::vector<Entry> out;
        const auto nowTime = fs::file_time_type::clock::now();
        for (const auto& entry : fs::recursive_directory_iterator(_root / "blobs")) {
            if (!entry.is_regular_file())
                continue;
            const std::string name = entry.path().filename().string();
            if (!isSha256Hex(name))
                continue;
            const auto age = std::chrono::duration_cast<std::chrono::seconds>(nowTime - entry.last_write_time());
            out.push_back({name, static_cast<std::int64_t>(entry.file_size()), age.count()});
        }
        return out;
    }

private:
    static void writeAll(int fd, const char* data, std::size_t size, std::int64_t offset)
    {
        while (size > 0) {
            const ssize_t put = ::pwrite(fd, data, size, offset);
            if (put < 0 && errno == EINTR)
                continue;
            if (put <= 0)
                ioFailure("write staging file");
            data += put;
            size -= static_cast<std::size_t>(put);
            offset += put;
        }
    }

    fs::path staged(const std::string& uploadId) const
    {
        if (!isUploadId(uploadId))
            throw ServiceError(ErrorCode::NotFound, "no such upload");
        return _root / "staging" / uploadId;
    }

    fs::path thumbnailPath(const std::string& sha256, int size) const
    {
        if (!isSha256Hex(sha256) || (size != 256 && size != 1280))
            throw ServiceError(ErrorCode::InvalidParameter, "no such thumbnail");
        return _root / "thumbnails" / sha256.substr(0, 2) / (sha256 + "-" + std::to_string(size) + ".jpg");
    }

    fs::path blobPath(const std::string& sha256) const
    {
        if (!isSha256Hex(sha256))
            throw ServiceError(ErrorCode::InvalidSha256, "not a SHA-256");
        return _root / "blobs" / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256;
    }

    fs::path _root;
    std::atomic<unsigned> _scratch{0};
};

} // namespace

std::unique_ptr<BlobStore> makeLocalBlobStore(const std::string& dataDir)
{
    return std::make_unique<LocalBlobStore>(dataDir);
}

} // namespace nestbox::server
