// nestbox-thumbnailer: probes one untrusted image and writes its JPEG thumbnails, in a process
// of its own so that a decoder crash, a runaway decode or a memory bomb takes down only this
// process. The contract with its caller (server/media/ThumbnailerProcess) is the command line
// below and exactly one JSON line on stdout; exit 0 = ok, 3 = refused/undecodable, 2 = usage.

#include "ExifDate.h"
#include "ImageProbe.h"
#include "JsonLine.h"
#include "ThumbnailWriter.h"
#include "VipsSetup.h"

#include <vips/vips.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

constexpr const char* kUsage =
    "usage: nestbox-thumbnailer --src=PATH --out=DIR --sizes=256,1280 [--max-pixels=100000000]"
    " [--memory-mb=1024] [--cpu-seconds=30]";

struct Options {
    std::string src;
    std::string out;
    std::vector<int> sizes;
    std::int64_t maxPixels = 100'000'000;
    std::int64_t memoryMb = 1024;
    std::int64_t cpuSeconds = 30;
};

int finish(const JsonLine& line, int code)
{
    const std::string text = line.str() + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return code;
}

int refuse(std::string_view reason, std::string_view message)
{
    return finish(JsonLine().add("ok", false).add("reason", reason).add("message", message), kExitRefused);
}

int usage(std::string_view message)
{
    std::fprintf(stderr, "nestbox-thumbnailer: %.*s\n%s\n", static_cast<int>(message.size()), message.data(), kUsage);
    return finish(JsonLine().add("ok", false).add("reason", "usage").add("message", message), kExitUsage);
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

bool parseOptions(int argc, char** argv, Options& options, std::string& error)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const std::size_t eq = arg.find('=');
        if (arg.substr(0, 2) != "--" || eq == std::string_view::npos) {
            error = "unexpected argument " + std::string(arg);
            return false;
        }
        const std::string_view name = arg.substr(2, eq - 2);
        const std::string_view value = arg.substr(eq + 1);
        bool ok = true;
        if (name == "src") {
            options.src = value;
        } else if (name == "out") {
            options.out = value;
        } else if (name == "sizes") {
            options.sizes.clear();
            std::string_view rest = value;
            while (ok && !rest.empty()) {
                const std::size_t comma = rest.find(',');
                std::int64_t size = 0;
                ok = parseInt(rest.substr(0, comma), 16, 8192, size);
                options.sizes.push_back(static_cast<int>(size));
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            }
        } else if (name == "max-pixels") {
            ok = parseInt(value, 1, std::int64_t(1) << 40, options.maxPixels);
        } else if (name == "memory-mb") {
            ok = parseInt(value, 64, 1 << 20, options.memoryMb);
        } else if (name == "cpu-seconds") {
            ok = parseInt(value, 1, 24 * 3600, options.cpuSeconds);
        } else {
            error = "unknown option --" + std::string(name);
            return false;
        }
        if (!ok) {
            error = "bad value for --" + std::string(name);
            return false;
        }
    }
    if (options.src.empty() || options.out.empty() || options.sizes.empty()) {
        error = "--src, --out and --sizes are required";
        return false;
    }
    std::sort(options.sizes.begin(), options.sizes.end());
    options.sizes.erase(std::unique(options.sizes.begin(), options.sizes.end()), options.sizes.end());
    while (options.out.size() > 1 && options.out.back() == '/')
        options.out.pop_back();
    return true;
}

void setLimit(int resource, rlim_t soft, rlim_t hard)
{
    rlimit limit{soft, hard};
    if (setrlimit(resource, &limit) != 0)
        std::perror("nestbox-thumbnailer: setrlimit");
}

// Limits come first, before libvips allocates anything: a hostile file gets a bounded machine.
void applyLimits(const Options& options)
{
    // A crashing decoder must not write the photo's pixels into a core file.
    setLimit(RLIMIT_CORE, 0, 0);
    // SIGXCPU at the soft limit, SIGKILL one second later if it is ignored.
    setLimit(RLIMIT_CPU, static_cast<rlim_t>(options.cpuSeconds), static_cast<rlim_t>(options.cpuSeconds + 1));
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

} // namespace

int main(int argc, char** argv)
{
    Options options;
    std::string error;
    if (!parseOptions(argc, argv, options, error))
        return usage(error);
    applyLimits(options);

    if (!nestbox::media::initVipsForUntrustedInput(argv[0], error))
        return refuse("internal", "libvips failed to start: " + error);
    // The caller runs one thumbnailer per core; more threads per image only add memory.
    if (!std::getenv("VIPS_CONCURRENCY"))
        vips_concurrency_set(1);

    if (::access(options.out.c_str(), W_OK) != 0)
        return refuse("io_error", "output directory is not writable: " + options.out);
    VipsSource* source = vips_source_new_from_file(options.src.c_str());
    if (!source) {
        vips_error_clear();
        return refuse("io_error", "cannot open " + options.src);
    }

    const nestbox::media::ImageProbe probe = nestbox::media::probeImage(source, options.maxPixels);
    if (!probe.ok) {
        g_object_unref(source);
        return refuse(probe.reason, probe.message);
    }

    JsonLine thumbnails;
    std::vector<std::string> written;
    for (const int size : options.sizes) {
        const std::string path = options.out + "/" + std::to_string(size) + ".jpg";
        if (!nestbox::media::writeThumbnail(source, probe, size, path, error)) {
            g_object_unref(source);
            // All sizes or none: the caller stores the set, so remove what is already written.
            for (const std::string& done : written)
                std::remove(done.c_str());
            return refuse("decode_failed", error);
        }
        written.push_back(path);
        thumbnails.add(std::to_string(size), path);
    }
    g_object_unref(source);

    JsonLine result;
    result.add("ok", true).add("mime", probe.mime).add("width", probe.width).add("height", probe.height);
    if (probe.takenAt)
        result.add("taken_at", nestbox::media::formatUtcIso8601(*probe.takenAt));
    else
        result.addNull("taken_at");
    result.addObject("thumbnails", thumbnails);
    return finish(result, kExitOk);
}
