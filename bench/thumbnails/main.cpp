// nestbox-bench-thumbnails: 256 px thumbnails per second from 12-megapixel JPEGs on all cores,
// through nestbox-thumbnailer (libvips, shrink-on-load, one child per image, as the server
// runs it), against a naive QImage full decode + smooth scale with the same parallelism, in
// the same run; with the peak RSS of the processes doing the work. Figures only, not a test.

#include "BenchPhotos.h"
#include "ChildRssSampler.h"
#include "InProcessThumbnails.h"
#include "QImageBaseline.h"
#include "ThumbnailerProcess.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <QCoreApplication>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using nestbox::server::MediaLimits;
using nestbox::server::MediaResult;
using nestbox::server::ThumbnailerProcess;

namespace {

constexpr int kWidth = 4000;
constexpr int kHeight = 3000;
constexpr int kSize = 256;

struct Options {
    int images = 40;
    int threads = 0;
    bool keep = false;
    std::string thumbnailer;
    // --qimage-worker: the baseline's own process (internal).
    bool qimageWorker = false;
    std::string list, out;
};

void usage()
{
    std::cerr << "usage: nestbox-bench-thumbnails [--quick] [--images=N] [--threads=N] [--thumbnailer=PATH] [--keep]\n"
                 "  --quick        8 images instead of 40\n"
                 "  --images=N     number of 4000x3000 JPEGs to generate\n"
                 "  --threads=N    parallel workers (default: all cores)\n"
                 "  --thumbnailer  nestbox-thumbnailer to run (default: the one of this build)\n"
                 "  --keep         keep the generated photos and thumbnails\n";
}

bool parse(int argc, char** argv, Options& o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&](const char* prefix) { return arg.substr(std::string(prefix).size()); };
        if (arg == "--quick")
            o.images = 8;
        else if (arg.rfind("--images=", 0) == 0)
            o.images = std::max(1, std::atoi(value("--images=").c_str()));
        else if (arg.rfind("--threads=", 0) == 0)
            o.threads = std::max(1, std::atoi(value("--threads=").c_str()));
        else if (arg.rfind("--thumbnailer=", 0) == 0)
            o.thumbnailer = value("--thumbnailer=");
        else if (arg == "--keep")
            o.keep = true;
        else if (arg == "--qimage-worker")
            o.qimageWorker = true;
        else if (arg.rfind("--list=", 0) == 0)
            o.list = value("--list=");
        else if (arg.rfind("--out=", 0) == 0)
            o.out = value("--out=");
        else
            return false;
    }
    if (o.threads == 0)
        o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return true;
}

std::uint64_t selfHwmKb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stoull(line.substr(6));
    return 0;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * (values.size() - 1) + 0.5)];
}

// The baseline's process: decode the listed photos with QImage and report its own peak RSS.
int qimageWorker(int argc, char** argv, const Options& o)
{
    QCoreApplication app(argc, argv);
    std::vector<std::string> photos;
    std::ifstream list(o.list);
    for (std::string line; std::getline(list, line);)
        if (!line.empty())
            photos.push_back(line);
    const double seconds = runQImageBaseline(photos, o.out, kSize, o.threads);
    std::cout << seconds << " " << selfHwmKb() << std::endl;
    return 0;
}

struct Figures {
    double seconds = 0;
    int failures = 0;
    std::vector<double> latenciesMs;
    std::uint64_t childHwmKb = 0, childrenRusageKb = 0, concurrentRssKb = 0, processHwmKb = 0;
};

Figures runThumbnailer(const std::vector<std::string>& photos, const fs::path& outRoot, const Options& o)
{
    const ThumbnailerProcess process(o.thumbnailer, MediaLimits{});
    Figures f;
    f.latenciesMs.resize(photos.size());
    std::atomic<std::size_t> next{0};
    std::atomic<int> failures{0};
    ChildRssSampler sampler("nestbox-thumbna");
    sampler.start();
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < o.threads; ++t) {
        workers.emplace_back([&] {
            for (std::size_t i = next++; i < photos.size(); i = next++) {
                const fs::path out = outRoot / ("vips-" + std::to_string(i));
                fs::create_directories(out);
                const auto t0 = std::chrono::steady_clock::now();
                const MediaResult result = process.run(photos[i], out.string(), {kSize});
                f.latenciesMs[i] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                if (!result.ok) {
                    ++failures;
                    std::cerr << photos[i] << ": " << result.reason << ": " << result.message << "\n";
                }
            }
        });
    }
    for (std::thread& worker : workers)
        worker.join();
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const ChildRssSampler::Result sampled = sampler.stop();
    f.failures = failures;
    f.childHwmKb = sampled.maxChildHwmKb;
    f.concurrentRssKb = sampled.maxTotalRssKb;
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    f.childrenRusageKb = static_cast<std::uint64_t>(usage.ru_maxrss);
    return f;
}

Figures runBaseline(const std::vector<std::string>& photos, const fs::path& outRoot, const Options& o)
{
    const fs::path list = outRoot / "photos.txt";
    {
        std::ofstream out(list);
        for (const std::string& photo : photos)
            out << photo << "\n";
    }
    const fs::path out = outRoot / "qimage";
    fs::create_directories(out);
    Poco::Pipe pipe;
    const Poco::Process::Args args{"--qimage-worker", "--list=" + list.string(), "--out=" + out.string(),
                                   "--threads=" + std::to_string(o.threads)};
    Poco::ProcessHandle handle = Poco::Process::launch(fs::read_symlink("/proc/self/exe").string(), args, nullptr, &pipe, nullptr);
    Poco::PipeInputStream stream(pipe);
    Figures f;
    stream >> f.seconds >> f.processHwmKb;
    if (handle.wait() != 0 || f.seconds <= 0)
        throw std::runtime_error("the QImage baseline failed");
    return f;
}

std::string mb(std::uint64_t kb)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f MB", kb / 1024.0);
    return buffer;
}

} // namespace

int main(int argc, char** argv)
{
    Options o;
    if (!parse(argc, argv, o)) {
        usage();
        return 2;
    }
    if (o.qimageWorker)
        return qimageWorker(argc, argv, o);
    if (o.thumbnailer.empty()) {
#ifdef NESTBOX_THUMBNAILER_PATH
        o.thumbnailer = NESTBOX_THUMBNAILER_PATH;
#else
        o.thumbnailer = ThumbnailerProcess::defaultExecutable();
#endif
    }

    const fs::path root = fs::temp_directory_path() / ("nestbox-bench-thumbnails-" + std::to_string(::getpid()));
    fs::create_directories(root);
    try {
        std::cout << "generating " << o.images << " JPEGs of " << kWidth << "x" << kHeight << " ("
                  << kWidth * kHeight / 1e6 << " MP) in " << root << " ..." << std::flush;
        const auto g0 = std::chrono::steady_clock::now();
        const std::vector<std::string> photos = writeBenchPhotos(root.string(), o.images, kWidth, kHeight);
        std::uintmax_t bytes = 0;
        for (const std::string& photo : photos)
            bytes += fs::file_size(photo);
        std::printf(" %.1f s, average %.2f MB per file\n",
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - g0).count(),
                    bytes / 1e6 / photos.size());
        // Flush the freshly written photos first: writeback competing with the first timed
        // phase would slow it down and not the others.
        ::sync();
        std::printf("thumbnails: %d px longest edge, JPEG; %d parallel workers (%u cores)\n\n", kSize, o.threads,
                    std::thread::hardware_concurrency());

        const Figures vips = runThumbnailer(photos, root, o);
        const double vipsRate = photos.size() / vips.seconds;
        const std::uint64_t childPeakKb = vips.childHwmKb;
        std::printf("libvips  nestbox-thumbnailer, one child per image\n");
        std::printf("  %zu thumbnails in %.2f s = %.1f thumbnails/s (%d failed)\n", photos.size(), vips.seconds, vipsRate,
                    vips.failures);
        std::printf("  per image incl. process start: p50 %.0f ms, p95 %.0f ms\n", percentile(vips.latenciesMs, 0.5),
                    percentile(vips.latenciesMs, 0.95));
        std::printf("  peak RSS of one child: %s (VmHWM, sampled after exec); all children at once: %s\n",
                    mb(childPeakKb).c_str(), mb(vips.concurrentRssKb).c_str());
        std::printf("  (ru_maxrss of the children: %s, an upper bound that includes the bench's own pages\n"
                    "   counted in each child between fork and exec)\n\n",
                    mb(vips.childrenRusageKb).c_str());

        const Figures qt = runBaseline(photos, root, o);
        const double qtRate = photos.size() / qt.seconds;
        std::printf("QImage   baseline: load + scaled(Smooth) + save, %d threads in one process\n", o.threads);
        std::printf("  %zu thumbnails in %.2f s = %.1f thumbnails/s\n", photos.size(), qt.seconds, qtRate);
        std::printf("  peak RSS of the process: %s\n\n", mb(qt.processHwmKb).c_str());

        const fs::path inproc = root / "inproc";
        fs::create_directories(inproc);
        const double inSeconds = runInProcessThumbnails(photos, inproc.string(), kSize, o.threads);
        const double inRate = photos.size() / inSeconds;
        std::printf("libvips  in-process ceiling: same code, %d threads, no child per image\n", o.threads);
        std::printf("  %zu thumbnails in %.2f s = %.1f thumbnails/s (%.1fx QImage)\n\n", photos.size(), inSeconds, inRate,
                    inRate / qtRate);

        const double ratio = vipsRate / qtRate;
        std::printf("speed-up: %.1fx the QImage baseline (target >= 3x: %s)\n", ratio, ratio >= 3 ? "met" : "MISSED");
        std::printf("RSS: %s per thumbnailer child, %s for all %d at once vs %s for QImage (target < 200 MB: %s)\n",
                    mb(childPeakKb).c_str(), mb(vips.concurrentRssKb).c_str(), o.threads, mb(qt.processHwmKb).c_str(),
                    childPeakKb < 200 * 1024 ? "met" : "MISSED");
    } catch (const std::exception& e) {
        std::cerr << "\nbenchmark failed: " << e.what() << "\n";
        if (!o.keep)
            fs::remove_all(root);
        return 1;
    }
    if (!o.keep)
        fs::remove_all(root);
    else
        std::cout << "kept " << root << "\n";
    return 0;
}
