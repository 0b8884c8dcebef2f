#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nestbox::server {

// Limits for the nestbox-thumbnailer workers.
struct MediaLimits {
    std::int64_t maxPixels = 100'000'000; // per image, from its header, before decoding
    int memoryMb = 1024;                  // RLIMIT_AS of each worker process
    int cpuSeconds = 30;                  // CPU time per image (RLIMIT_CPU, re-armed per request)
    int wallSeconds = 60;                 // wall-clock time per image; the worker is killed after it
    int workers = 2;                      // worker processes at most (started on demand)
    int jobsPerWorker = 200;              // images per worker before it exits and is replaced
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

// Runs images through a small pool of long-lived `nestbox-thumbnailer --serve` processes and
// reads their JSON answers: the isolation of a process per image without paying a process
// start (and libvips' ~100 shared libraries) per image.
//
// Workers start on demand, up to `limits.workers`; each handles one request at a time. A worker
// that crashes, times out (it is killed at `wallSeconds`), talks garbage or exits is replaced
// by a fresh one for the next request, so a bad image only ever affects its own request.
// Workers also exit by themselves after `jobsPerWorker` images, after an image that made a
// decoder fail, and before their cumulative CPU time reaches their RLIMIT_CPU; memory, CPU,
// file size and core limits apply to every worker.
//
// Thread-safe: run() may be called from any number of threads; calls beyond `workers` wait for
// a free worker. A bad image never throws (a crash, timeout, garbage output or unexpected exit
// becomes ok=false); only a worker that cannot be started at all throws (Poco::Exception),
// since that is a broken installation, not a bad photo. Copies share one pool; the workers are
// shut down with the last copy.
class ThumbnailerProcess {
public:
    ThumbnailerProcess(std::string executable, MediaLimits limits);
    ~ThumbnailerProcess();
    ThumbnailerProcess(const ThumbnailerProcess&) = default;
    ThumbnailerProcess& operator=(const ThumbnailerProcess&) = default;

    // nestbox-thumbnailer next to the running executable (/proc/self/exe), else in
    // ../libexec/nestbox/ relative to it (the installed layout); the first path if neither exists.
    static std::string defaultExecutable();

    MediaResult run(const std::string& srcPath, const std::string& outDir, const std::vector<int>& sizes) const;

    const std::string& executable() const { return _executable; }
    const MediaLimits& limits() const { return _limits; }

    // What the pool has done so far, for tests, benchmarks and logs.
    struct Stats {
        std::uint64_t started = 0;  // worker processes started
        std::uint64_t retired = 0;  // exited by themselves (job count, CPU budget, after a failure)
        std::uint64_t replaced = 0; // killed or lost: crash, timeout, garbage, died while idle
        std::uint64_t requests = 0; // requests answered, by a worker or by the runner
        std::vector<int> pids;      // the workers alive now
    };
    Stats stats() const;

    // Ends every worker (idle ones at once, busy ones when their request is answered); the next
    // run() starts fresh ones. Also done by the destructor of the last copy.
    void shutdown() const;

    class Pool;

private:
    std::string _executable;
    MediaLimits _limits;
    std::shared_ptr<Pool> _pool;
};

} // namespace nestbox::server
