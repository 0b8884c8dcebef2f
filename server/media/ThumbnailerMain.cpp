// nestbox-thumbnailer: probes untrusted images and writes their JPEG thumbnails, in a process
// of its own so that a decoder crash, a runaway decode or a memory bomb takes down only this
// process. The contract with its caller (server/media/ThumbnailerProcess) has two forms:
//
//  - one-shot: `--src=PATH --out=DIR --sizes=256,1280 [limits]`, exactly one JSON line on
//    stdout; exit 0 = ok, 3 = refused/undecodable, 2 = usage.
//  - serve: `--serve [limits] [--jobs=N]`, a long-lived worker. One request per line on stdin:
//    the one-shot options --src, --out and --sizes, TAB-separated (paths never hold control
//    characters; the caller refuses those), e.g. "--src=/a.jpg\t--out=/o\t--sizes=256,1280".
//    Exactly one JSON line per request on stdout, the same object as one-shot mode, plus
//    "last":true on the answer after which the worker exits by itself: after N requests, after
//    a failed request, or when its CPU time nears what RLIMIT_CPU allows. Exits 0 at end of input.
//    Limits apply per process; RLIMIT_CPU is re-armed before each request so that every request
//    gets --cpu-seconds of its own (see applyLimits()).

#include "ExifDate.h"
#include "ImageProbe.h"
#include "JsonLine.h"
#include "ThumbnailWriter.h"
#include "VipsSetup.h"

#include <vips/vips.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <malloc.h>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define NESTBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NESTBOX_ASAN 1
#endif
#endif

namespace {

using nestbox::media::JsonLine;

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitRefused = 3;

// A worker's hard RLIMIT_CPU is this many per-request budgets (+1 s); it retires before the
// next request could no longer get a full budget under it.
constexpr std::int64_t kCpuBudgetsPerWorker = 3;

constexpr const char* kUsage =
    "usage: nestbox-thumbnailer --src=PATH --out=DIR --sizes=256,1280 [--max-pixels=100000000]"
    " [--memory-mb=1024] [--cpu-seconds=30]\n"
    "       nestbox-thumbnailer --serve [--jobs=200] [--max-pixels=...] [--memory-mb=...] [--cpu-seconds=...]\n"
    "         then one request per line on stdin: --src=PATH<TAB>--out=DIR<TAB>--sizes=256,1280";

// What to thumbnail: the one-shot command line, or one line of a --serve worker's input.
struct Request {
    std::string src;
    std::string out;
    std::vector<int> sizes;
};

struct Options {
    bool serve = false;
    Request request; // one-shot only
    std::int64_t maxPixels = 100'000'000;
    std::int64_t memoryMb = 1024;
    std::int64_t cpuSeconds = 30;
    std::int64_t jobs = 200; // --serve: requests before the worker exits by itself
};

// One answer: the JSON line, and the exit code one-shot mode ends with.
struct Answer {
    JsonLine line;
    int code = kExitOk;
    std::string reason; // of a failure
};

Answer refusal(std::string_view reason, std::string_view message)
{
    return {JsonLine().add("ok", false).add("reason", reason).add("message", message), kExitRefused, std::string(reason)};
}

Answer usageError(std::string_view message)
{
    return {JsonLine().add("ok", false).add("reason", "usage").add("message", message), kExitUsage, "usage"};
}

bool parseInt(std::string_view text, std::int64_t min, std::int64_t max, std::int64_t& out)
{
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
        return false;
    out = value;
    return true;
}

// One "--name=value" word. Request words (src, out, sizes) go into `request`; the limits only
// into `options`, and only when it is given (the command line, not a request line).
bool parseWord(std::string_view arg, Request& request, Options* options, std::string& error)
{
    const std::size_t eq = arg.find('=');
    if (arg.substr(0, 2) != "--" || eq == std::string_view::npos) {
        error = "unexpected argument " + std::string(arg);
        return false;
    }
    const std::string_view name = arg.substr(2, eq - 2);
    const std::string_view value = arg.substr(eq + 1);
    bool ok = true;
    if (name == "src") {
        request.src = value;
    } else if (name == "out") {
        request.out = value;
    } else if (name == "sizes") {
        request.sizes.clear();
        std::string_view rest = value;
        while (ok && !rest.empty()) {
            const std::size_t comma = rest.find(',');
            std::int64_t size = 0;
            ok = parseInt(rest.substr(0, comma), 16, 8192, size);
            request.sizes.push_back(static_cast<int>(size));
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
    } else if (options && name == "max-pixels") {
        ok = parseInt(value, 1, std::int64_t(1) << 40, options->maxPixels);
    } else if (options && name == "memory-mb") {
        ok = parseInt(value, 64, 1 << 20, options->memoryMb);
    } else if (options && name == "cpu-seconds") {
        ok = parseInt(value, 1, 24 * 3600, options->cpuSeconds);
    } else if (options && name == "jobs") {
        ok = parseInt(value, 1, 1'000'000, options->jobs);
    } else {
        error = "unknown option --" + std::string(name);
        return false;
    }
    if (!ok) {
        error = "bad value for --" + std::string(name);
        return false;
    }
    return true;
}

bool completeRequest(Request& request, std::string& error)
{
    if (request.src.empty() || request.out.empty() || request.sizes.empty()) {
        error = "--src, --out and --sizes are required";
        return false;
    }
    std::sort(request.sizes.begin(), request.sizes.end());
    request.sizes.erase(std::unique(request.sizes.begin(), request.sizes.end()), request.sizes.end());
    while (request.out.size() > 1 && request.out.back() == '/')
        request.out.pop_back();
    return true;
}

bool parseOptions(int argc, char** argv, Options& options, std::string& error)
{
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--serve") {
            options.serve = true;
            continue;
        }
        if (!parseWord(argv[i], options.request, &options, error))
            return false;
    }
    if (options.serve) {
        if (!options.request.src.empty() || !options.request.out.empty() || !options.request.sizes.empty()) {
            error = "--src, --out and --sizes go into the request lines of --serve";
            return false;
        }
        return true;
    }
    return completeRequest(options.request, error);
}

// A request line of --serve: TAB-separated request words.
bool parseRequestLine(std::string_view line, Request& request, std::string& error)
{
    while (!line.empty()) {
        const std::size_t tab = line.find('\t');
        const std::string_view word = line.substr(0, tab);
        if (!word.empty() && !parseWord(word, request, nullptr, error))
            return false;
        line = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
    }
    return completeRequest(request, error);
}

void setLimit(int resource, rlim_t soft, rlim_t hard)
{
    rlimit limit{soft, hard};
    if (setrlimit(resource, &limit) != 0)
        std::perror("nestbox-thumbnailer: setrlimit");
}

double cpuSecondsUsed()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// The soft RLIMIT_CPU that gives the next request `budget` CPU seconds of its own, counted
// from what the process has used so far (rounded up: the limit has a one-second granularity).
std::int64_t softCpuLimitFor(std::int64_t budget)
{
    return static_cast<std::int64_t>(std::ceil(cpuSecondsUsed())) + budget;
}

// Limits come first, before libvips allocates anything: a hostile file gets a bounded machine.
void applyLimits(const Options& options)
{
    // A crashing decoder must not write the photo's pixels into a core file.
    setLimit(RLIMIT_CORE, 0, 0);
    // SIGXCPU at the soft limit, SIGKILL one second later if it is ignored. A worker gets a hard
    // limit of several budgets and re-arms the soft one per request (armCpuLimit()).
    const std::int64_t hard = options.cpuSeconds * (options.serve ? kCpuBudgetsPerWorker : 1) + 1;
    setLimit(RLIMIT_CPU, static_cast<rlim_t>(options.cpuSeconds), static_cast<rlim_t>(hard));
    // Thumbnails are small; a bug that writes gigabytes stops at 64 MiB.
    setLimit(RLIMIT_FSIZE, 64u << 20, 64u << 20);
#ifndef NESTBOX_ASAN
    // ASan reserves terabytes of shadow address space, so the address-space limit only applies
    // to normal builds; sanitizer builds still have the CPU and wall-clock limits.
    const rlim_t bytes = static_cast<rlim_t>(options.memoryMb) << 20;
    setLimit(RLIMIT_AS, bytes, bytes);
#endif
    // Every glibc malloc arena reserves 64 MiB of address space; with a few libvips threads the
    // default (8 x cores) would eat the address-space limit without using any memory.
    mallopt(M_ARENA_MAX, 2);
}

// --serve, before each request: this request's CPU budget starts now.
void armCpuLimit(const Options& options)
{
    const std::int64_t hard = options.cpuSeconds * kCpuBudgetsPerWorker + 1;
    const std::int64_t soft = std::min(softCpuLimitFor(options.cpuSeconds), hard - 1);
    setLimit(RLIMIT_CPU, static_cast<rlim_t>(soft), static_cast<rlim_t>(hard));
}

// --serve, after each request: can the next one still get a full budget under the hard limit?
bool cpuLeftForAnotherRequest(const Options& options)
{
    return softCpuLimitFor(options.cpuSeconds) <= options.cpuSeconds * kCpuBudgetsPerWorker;
}

// Probes `request.src` and writes its thumbnails: the work of one request, both modes.
Answer thumbnail(const Request& request, std::int64_t maxPixels)
{
    std::string error;
    if (::access(request.out.c_str(), W_OK) != 0)
        return refusal("io_error", "output directory is not writable: " + request.out);
    VipsSource* source = vips_source_new_from_file(request.src.c_str());
    if (!source) {
        vips_error_clear();
        return refusal("io_error", "cannot open " + request.src);
    }

    const nestbox::media::ImageProbe probe = nestbox::media::probeImage(source, maxPixels);
    if (!probe.ok) {
        g_object_unref(source);
        return refusal(probe.reason, probe.message);
    }

    std::vector<std::string> paths;
    for (const int size : request.sizes)
        paths.push_back(request.out + "/" + std::to_string(size) + ".jpg");
    // All sizes or none: the caller stores the set.
    const bool written = nestbox::media::writeThumbnails(source, probe, request.sizes, paths, error);
    g_object_unref(source);
    if (!written)
        return refusal("decode_failed", error);
    JsonLine thumbnails;
    for (std::size_t i = 0; i < paths.size(); ++i)
        thumbnails.add(std::to_string(request.sizes[i]), paths[i]);

    Answer answer;
    answer.line.add("ok", true).add("mime", probe.mime).add("width", probe.width).add("height", probe.height);
    if (probe.takenAt)
        answer.line.add("taken_at", nestbox::media::formatUtcIso8601(*probe.takenAt));
    else
        answer.line.addNull("taken_at");
    answer.line.addObject("thumbnails", thumbnails);
    return answer;
}

bool writeAll(int fd, const std::string& text)
{
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// A worker retires after a request in which a decoder ran and failed: whatever the file did to
// the decoder's state stays with that file. Refusals before any decoder ran keep it.
bool retiresAfter(std::string_view reason)
{
    return reason != "not_allowed_format" && reason != "io_error";
}

int serve(const Options& options)
{
    // The protocol owns the real stdout; fd 1 becomes stderr, so whatever a library prints
    // cannot end up in the middle of an answer.
    const int protocol = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    if (protocol < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
        std::perror("nestbox-thumbnailer: dup");
        return 1;
    }
    char* buffer = nullptr;
    std::size_t capacity = 0;
    std::int64_t jobs = 0;
    for (;;) {
        const ssize_t length = ::getline(&buffer, &capacity, stdin);
        if (length < 0)
            break; // end of input: the parent closed the pipe or went away
        std::string_view line(buffer, static_cast<std::size_t>(length));
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
            line.remove_suffix(1);
        if (line.empty())
            continue;
        armCpuLimit(options);
        Request request;
        std::string error;
        Answer answer = parseRequestLine(line, request, error) ? thumbnail(request, options.maxPixels)
                                                               : usageError(error);
        ++jobs;
        bool last = jobs >= options.jobs || !cpuLeftForAnotherRequest(options);
        if (answer.code != kExitOk && retiresAfter(answer.reason))
            last = true;
        if (last)
            answer.line.add("last", true);
        if (!writeAll(protocol, answer.line.str() + "\n") || last)
            break;
    }
    std::free(buffer);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    std::string error;
    if (!parseOptions(argc, argv, options, error)) {
        std::fprintf(stderr, "nestbox-thumbnailer: %s\n%s\n", error.c_str(), kUsage);
        const std::string text = usageError(error).line.str() + "\n";
        std::fwrite(text.data(), 1, text.size(), stdout);
        return kExitUsage;
    }
    applyLimits(options);

    if (!nestbox::media::initVipsForUntrustedInput(argv[0], error)) {
        const std::string text = refusal("internal", "libvips failed to start: " + error).line.str() + "\n";
        std::fwrite(text.data(), 1, text.size(), stdout);
        return kExitRefused;
    }
    // The caller runs one thumbnailer per core; more threads per image only add memory.
    if (!std::getenv("VIPS_CONCURRENCY"))
        vips_concurrency_set(1);

    if (options.serve)
        return serve(options);
    const Answer answer = thumbnail(options.request, options.maxPixels);
    const std::string text = answer.line.str() + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return answer.code;
}
