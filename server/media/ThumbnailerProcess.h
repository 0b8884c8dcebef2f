#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nestbox::server {

// Limits for one nestbox-thumbnailer child.
struct MediaLimits {
    std::int64_t maxPixels = 100'000'000;
    int memoryMb = 1024;
    int cpuSeconds = 30;
    int wallSeconds = 60;
};

// What nestbox-thumbnailer made of one image. ok=false carries a reason: the child's own
// (not_allowed_format, too_many_pixels, decode_failed, io_error, ...) or the runner's
// (crashed, timeout, bad_output).
struct MediaResult {
    bool ok = false;
    std::string reason, message, mime;
    std::int64_t width = 0, height = 0;
    std::optional<std::int64_t> takenAtMs;
    std::map<int, std::string> thumbnails;
};

// Runs nestbox-thumbnailer on one file and reads its JSON answer. Thread-safe: every run()
// starts a child of its own and shares nothing. A bad image never throws (a crash, timeout,
// garbage output or unexpected exit becomes ok=false); only a child that cannot be started
// at all throws (Poco::Exception), since that is a broken installation, not a bad photo.
class ThumbnailerProcess {
public:
    ThumbnailerProcess(std::string executable, MediaLimits limits);

    // nestbox-thumbnailer next to the running executable (/proc/self/exe), else in
    // ../libexec/nestbox/ relative to it (the installed layout); the first path if neither exists.
    static std::string defaultExecutable();

    MediaResult run(const std::string& srcPath, const std::string& outDir, const std::vector<int>& sizes) const;

    const std::string& executable() const { return _executable; }
    const MediaLimits& limits() const { return _limits; }

private:
    std::string _executable;
    MediaLimits _limits;
};

} // namespace nestbox::server
