// nestbox-bench-thumbnails: 256 px thumbnails per second from 12-megapixel JPEGs on all cores,
// four ways in one run:
//   - libvips through a pool of long-lived `nestbox-thumbnailer --serve` workers (what the
//     server runs: ThumbnailerProcess with MediaLimits::workers = cores);
//   - libvips with one child process per image (the same runner with jobsPerWorker = 1, i.e.
//     the previous design: process start + dynamic linking per image);
//   - the same libvips code in this process on as many threads: the ceiling, no isolation;
//   - a naive QImage full decode + smooth scale with the same parallelism: the baseline.
// Every phase runs in a process of its own (this program with --phase=...), so the peak RSS of
// each is its own: the phase process (the "parent", which in the server is nestboxd's share)
// plus, for the libvips runners, the largest sum of VmHWM over its thumbnailer children alive
// at one moment. With --rounds=N each phase runs N times (interleaved) and the best rate
// counts: the machine is shared, and the best run is the one least disturbed. CPU time per
// thumbnail (user + system of the phase process and all its children, the least of any round)
// is printed too: it is what a busy machine disturbs least, and for the child-per-image design
// it shows the process start-up cost directly.
// Figures only, not a test.

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
#include <map>
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
    int rounds = 3;
    bool keep = false;
    std::string thumbnailer;
    // --phase=pool|per-image|inproc|qimage: one phase in a process of its own (internal).
    std::string phase;
    std::string list, out;
};

void usage()
{
    std::cerr << "usage: nestbox-bench-thumbnails [--quick] [--images=N] [--threads=N] [--rounds=N] [--thumbnailer=PATH] [--keep]\n"
                 "  --quick        8 images instead of 40, one round\n"
                 "  --images=N     number of 4000x3000 JPEGs to generate\n"
                 "  --threads=N    parallel workers (default: all cores)\n"
                 "  --rounds=N     run every phase N times, interleaved, and keep the best (default 3)\n"
                 "  --thumbnailer  nestbox-thumbnailer to run (default: the one of this build)\n"
                 "  --keep         keep the generated photos and thumbnails\n";
}

bool parse(int argc, char** argv, Options& o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&](const char* prefix) { return arg.substr(std::string(prefix).size()); };
        if (arg == "--quick") {
            o.images = 8;
            o.rounds = 1;
        } else if (arg.rfind("--images=", 0) == 0)
            o.images = std::max(1, std::atoi(value("--images=").c_str()));
        else if (arg.rfind("--threads=", 0) == 0)
            o.threads = std::max(1, std::atoi(value("--threads=").c_str()));
        else if (arg.rfind("--rounds=", 0) == 0)
            o.rounds = std::max(1, std::atoi(value("--rounds=").c_str()));
        else if (arg.rfind("--thumbnailer=", 0) == 0)
            o.thumbnailer = value("--thumbnailer=");
        else if (arg == "--keep")
            o.keep = true;
        else if (arg.rfind("--phase=", 0) == 0)
            o.phase = value("--phase=");
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

// What one phase reports, as "key value" lines on its stdout.
struct Figures {
    double seconds = 0;
    double failures = 0;
    double p50Ms = 0, p95Ms = 0;
    double parentKb = 0;      // the phase process's own VmHWM
    double childrenKb = 0;    // largest sum of the thumbnailer children's VmHWM at one moment
    double maxChildKb = 0;    // the largest VmHWM of one child
    double childrenStarted = 0;
    double cpuSeconds = 0;    // user + system of the phase process and all its (reaped) children

    double rate(std::size_t images) const { return seconds > 0 ? images / seconds : 0; }
    double totalKb() const { return parentKb + childrenKb; }
};

void print(const Figures& f)
{
    std::cout << "seconds " << f.seconds << "\nfailures " << f.failures << "\np50 " << f.p50Ms << "\np95 " << f.p95Ms
              << "\nparent " << f.parentKb << "\nchildren " << f.childrenKb << "\nmaxchild " << f.maxChildKb
              << "\nstarted " << f.childrenStarted << "\ncpu " << f.cpuSeconds << std::endl;
}

Figures read(std::istream& in)
{
    std::map<std::string, double> values;
    std::string key;
    double value = 0;
    while (in >> key >> value)
        values[key] = value;
    Figures f;
    f.seconds = values["seconds"];
    f.failures = values["failures"];
    f.p50Ms = values["p50"];
    f.p95Ms = values["p95"];
    f.parentKb = values["parent"];
    f.childrenKb = values["children"];
    f.maxChildKb = values["maxchild"];
    f.childrenStarted = values["started"];
    f.cpuSeconds = values["cpu"];
    return f;
}

// The libvips runner: `jobsPerWorker` 1 is a child per image, more is the pool.
Figures runThumbnailer(const std::vector<std::string>& photos, const fs::path& outRoot, const Options& o, int jobsPerWorker)
{
    MediaLimits limits;
    limits.workers = o.threads;
    limits.jobsPerWorker = jobsPerWorker;
    const ThumbnailerProcess process(o.thumbnailer, limits);
    Figures f;
    std::vector<double> latencies(photos.size());
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
                latencies[i] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
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
    // The workers still alive: their VmHWM now is their peak over the whole run.
    const ThumbnailerProcess::Stats stats = process.stats();
    std::uint64_t aliveHwm = 0;
    for (const int pid : stats.pids) {
        const std::uint64_t hwm = ChildRssSampler::hwmKb(pid);
        aliveHwm += hwm;
        f.maxChildKb = std::max<double>(f.maxChildKb, hwm);
    }
    const ChildRssSampler::Result sampled = sampler.stop();
    process.shutdown();
    f.failures = failures;
    f.p50Ms = percentile(latencies, 0.5);
    f.p95Ms = percentile(latencies, 0.95);
    f.childrenKb = std::max<double>(sampled.maxTotalHwmKb, aliveHwm);
    f.maxChildKb = std::max<double>(f.maxChildKb, sampled.maxChildHwmKb);
    f.childrenStarted = stats.started;
    f.parentKb = selfHwmKb();
    return f;
}

int phaseMain(int argc, char** argv, const Options& o)
{
    std::vector<std::string> photos;
    std::ifstream list(o.list);
    for (std::string line; std::getline(list, line);)
        if (!line.empty())
            photos.push_back(line);
    fs::create_directories(o.out);
    Figures f;
    if (o.phase == "pool") {
        f = runThumbnailer(photos, o.out, o, 200);
    } else if (o.phase == "per-image") {
        f = runThumbnailer(photos, o.out, o, 1);
    } else if (o.phase == "inproc") {
        f.seconds = runInProcessThumbnails(photos, o.out, kSize, o.threads);
        f.parentKb = selfHwmKb();
    } else if (o.phase == "qimage") {
        QCoreApplication app(argc, argv);
        f.seconds = runQImageBaseline(photos, o.out, kSize, o.threads);
        f.parentKb = selfHwmKb();
    } else {
        std::cerr << "unknown phase " << o.phase << "\n";
        return 2;
    }
    // Every child is reaped by now (shutdown() waits for the workers).
    for (const int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
        rusage usage{};
        getrusage(who, &usage);
        f.cpuSeconds += usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    }
    print(f);
    return 0;
}

Figures runPhase(const std::string& phase, const fs::path& list, const fs::path& out, const Options& o)
{
    fs::remove_all(out);
    Poco::Pipe pipe;
    const Poco::Process::Args args{"--phase=" + phase, "--list=" + list.string(), "--out=" + out.string(),
                                   "--threads=" + std::to_string(o.threads), "--thumbnailer=" + o.thumbnailer};
    Poco::ProcessHandle handle = Poco::Process::launch(fs::read_symlink("/proc/self/exe").string(), args, nullptr, &pipe, nullptr);
    Poco::PipeInputStream stream(pipe);
    const Figures f = read(stream);
    if (handle.wait() != 0 || f.seconds <= 0)
        throw std::runtime_error("the " + phase + " phase failed");
    return f;
}

std::string mb(double kb)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f MB", kb / 1024.0);
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
    if (o.thumbnailer.empty()) {
#ifdef NESTBOX_THUMBNAILER_PATH
        o.thumbnailer = NESTBOX_THUMBNAILER_PATH;
#else
        o.thumbnailer = ThumbnailerProcess::defaultExecutable();
#endif
    }
    if (!o.phase.empty())
        return phaseMain(argc, argv, o);

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
        const fs::path list = root / "photos.txt";
        {
            std::ofstream out(list);
            for (const std::string& photo : photos)
                out << photo << "\n";
        }
        // Flush the freshly written photos first: writeback competing with the first timed
        // phase would slow it down and not the others.
        ::sync();
        std::printf("thumbnails: %d px longest edge, JPEG; %d parallel workers (%u cores); best of %d round(s)\n\n",
                    kSize, o.threads, std::thread::hardware_concurrency(), o.rounds);

        const char* phases[] = {"qimage", "per-image", "pool", "inproc"};
        std::map<std::string, Figures> best;
        std::map<std::string, double> bestCpu; // the least CPU seconds of any round
        for (int round = 0; round < o.rounds; ++round) {
            for (const char* phase : phases) {
                const Figures f = runPhase(phase, list, root / phase, o);
                std::printf("  round %d  %-9s %6.1f thumbnails/s  %5.0f ms CPU per thumbnail\n", round + 1, phase,
                            f.rate(photos.size()), 1000 * f.cpuSeconds / photos.size());
                std::fflush(stdout);
                if (f.failures > 0)
                    throw std::runtime_error(std::string(phase) + ": " + std::to_string(int(f.failures)) + " images failed");
                if (!best.count(phase) || f.seconds < best[phase].seconds)
                    best[phase] = f;
                if (!bestCpu.count(phase) || f.cpuSeconds < bestCpu[phase])
                    bestCpu[phase] = f.cpuSeconds;
            }
        }

        const std::size_t n = photos.size();
        const double qt = best["qimage"].rate(n);
        const double qtCpu = bestCpu["qimage"];
        std::printf("\n%-44s %8s %6s %8s %6s %7s %7s %s\n", "", "thumbs/s", "ratio", "CPU/thumb", "ratio", "p50", "p95",
                    "peak RSS (phase process + children at once)");
        const auto row = [&](const char* label, const char* phase, bool latency, bool children) {
            const Figures& f = best[phase];
            const double cpu = bestCpu[phase];
            std::printf("%-44s %8.1f %5.2fx %6.0fms %5.2fx", label, f.rate(n), f.rate(n) / qt, 1000 * cpu / n, qtCpu / cpu);
            if (latency)
                std::printf(" %5.0fms %5.0fms", f.p50Ms, f.p95Ms);
            else
                std::printf(" %7s %7s", "", "");
            if (children)
                std::printf(" %s (%s + %s; one child at most %s)\n", mb(f.totalKb()).c_str(), mb(f.parentKb).c_str(),
                            mb(f.childrenKb).c_str(), mb(f.maxChildKb).c_str());
            else
                std::printf(" %s\n", mb(f.totalKb()).c_str());
        };
        char label[96];
        std::snprintf(label, sizeof label, "QImage baseline (%d threads, one process)", o.threads);
        row(label, "qimage", false, false);
        std::snprintf(label, sizeof label, "libvips, one child per image (%.0f started)", best["per-image"].childrenStarted);
        row(label, "per-image", true, true);
        std::snprintf(label, sizeof label, "libvips, pool of %d --serve workers", o.threads);
        row(label, "pool", true, true);
        std::snprintf(label, sizeof label, "libvips in-process ceiling (%d threads)", o.threads);
        row(label, "inproc", false, false);

        const Figures& pool = best["pool"];
        const double ratio = pool.rate(n) / qt;
        std::printf("\npool: %.2fx the one-child-per-image rate, %.0f%% of the in-process ceiling\n",
                    pool.rate(n) / best["per-image"].rate(n), 100.0 * pool.rate(n) / best["inproc"].rate(n));
        const double cpuRatio = qtCpu / bestCpu["pool"];
        std::printf("speed-up: %.2fx the QImage baseline in thumbnails/s (target >= 3x: %s); %.2fx in CPU time per thumbnail\n",
                    ratio, ratio >= 3 ? "met" : "MISSED", cpuRatio);
        std::printf("RSS: %s for the pool (phase process + all workers) vs %s for QImage (target < 200 MB: %s)\n",
                    mb(pool.totalKb()).c_str(), mb(best["qimage"].totalKb()).c_str(),
                    pool.totalKb() < 200 * 1024 ? "met" : "MISSED");
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
