#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

// A local file of pseudo-random bytes made for the bench, with its whole-file SHA-256 and the SHA-256
// of each chunk for one chunk size, all computed while writing (so the upload itself is timed without
// client-side hashing). The file is fsync'd so its write-back never overlaps a measurement.
class TestFile {
public:
    static TestFile create(const std::filesystem::path& path, std::uint64_t size, std::uint64_t chunkSize,
                           std::uint64_t seed);

    const std::filesystem::path& path() const { return _path; }
    std::uint64_t size() const { return _size; }
    const std::string& sha256() const { return _sha256; }
    std::uint64_t chunkSize() const { return _chunkSize; }
    std::uint64_t chunkCount() const { return _chunkSha256.size(); }
    const std::string& chunkSha256(std::uint64_t index) const { return _chunkSha256.at(index); }
    double createSeconds() const { return _createSeconds; }

    // Recomputes the per-chunk hashes for another chunk size (the server may clamp our hint).
    void rechunk(std::uint64_t chunkSize);
    void remove();

private:
    std::filesystem::path _path;
    std::uint64_t _size = 0;
    std::uint64_t _chunkSize = 0;
    std::string _sha256;
    std::vector<std::string> _chunkSha256;
    double _createSeconds = 0;
};
