#include "BenchOptions.h"

#include "BenchError.h"

#include <cstdlib>
#include <sstream>

namespace {

const std::set<std::string> kAllPhases = {"rates", "me", "upload", "proof", "download", "big", "list"};

// "64M", "1G", "5000", "100k" (k/M/G/T are binary for sizes; plain numbers are bytes).
std::uint64_t parseSize(const std::string& text, const std::string& flag)
{
    std::size_t used = 0;
    unsigned long long value = 0;
    try {
        value = std::stoull(text, &used);
    } catch (const std::exception&) {
        throw BenchError(flag + ": not a number: " + text);
    }
    const std::string suffix = text.substr(used);
    std::uint64_t scale = 1;
    if (suffix == "k" || suffix == "K" || suffix == "KiB")
        scale = 1ULL << 10;
    else if (suffix == "M" || suffix == "MiB")
        scale = 1ULL << 20;
    else if (suffix == "G" || suffix == "GiB")
        scale = 1ULL << 30;
    else if (suffix == "T" || suffix == "TiB")
        scale = 1ULL << 40;
    else if (!suffix.empty())
        throw BenchError(flag + ": unknown unit in " + text);
    return value * scale;
}

int parseInt(const std::string& text, const std::string& flag)
{
    try {
        const int value = std::stoi(text);
        if (value <= 0)
            throw BenchError(flag + " must be positive");
        return value;
    } catch (const std::invalid_argument&) {
        throw BenchError(flag + ": not a number: " + text);
    } catch (const std::out_of_range&) {
        throw BenchError(flag + ": out of range: " + text);
    }
}

} // namespace

std::string BenchOptions::usage()
{
    return R"(nestbox-bench: drives a real nestboxd over loopback and prints figures and target verdicts.

  --server=PATH          nestboxd to start (default: the one of this build)
  --tmp-dir=DIR          where the temp dir (test files, server data dir) goes (default: $TMPDIR or /tmp)
  --label=NAME           profile name shown in the output (default: sqlite, or mariadb+redis with --db-url)
  --db-url=URL           passed to nestboxd (--db-url), e.g. mysql://user:pass@127.0.0.1:3306/db
  --redis-url=URL        passed to nestboxd (--redis-url)
  --server-arg=ARG       extra nestboxd argument, repeatable (e.g. -Dlog.level=warning)
  --only=a,b,...         phases to run: rates,me,upload,proof,download,big,list (default: all)
  --quick                smoke sizes: 64M upload, 256M big file, 5000 files, fewer repetitions
  --upload-size=SIZE     chunked upload / proof / download file (default 1G)
  --big-size=SIZE        file for the RSS phase (default 4G)
  --files=N              library size for the list phase (default 100000)
  --chunk-size=SIZE      chunk size hint (default: the server's chunk_size_default)
  --parallel=N           chunks in flight during an upload (default 4)
  --upload-reps=N        chunked uploads of the same file; the median is judged (default 3)
  --proof-reps=N         proof-path repetitions per file (default 200)
  --list-reps=N          list requests per measurement (default 200)
  --me-seconds=S         duration of the GET /api/v1/me load (default 5)
  --keep                 keep the temp dir (server data dir and log) at the end
  --help
Sizes take k, M, G, T suffixes (binary). Rates are MB/s with MB = 10^6 bytes.
)";
}

BenchOptions BenchOptions::parse(int argc, char** argv)
{
    BenchOptions opt;
#ifdef NESTBOX_NESTBOXD_PATH
    opt.server = NESTBOX_NESTBOXD_PATH;
#endif
    const char* tmp = std::getenv("TMPDIR");
    opt.tmpParent = tmp && *tmp ? tmp : "/tmp";
    opt.phases = kAllPhases;

    bool sizeGiven[3] = {false, false, false};
    bool repsGiven[3] = {false, false, false};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto eq = arg.find('=');
        const std::string flag = arg.substr(0, eq);
        const std::string value = eq == std::string::npos ? std::string() : arg.substr(eq + 1);
        auto needValue = [&] {
            if (eq == std::string::npos || value.empty())
                throw BenchError(flag + " needs a value (" + flag + "=...)");
        };
        if (flag == "--help" || flag == "-h") {
            opt.help = true;
        } else if (flag == "--quick") {
            opt.quick = true;
        } else if (flag == "--keep") {
            opt.keep = true;
        } else if (flag == "--server") {
            needValue();
            opt.server = value;
        } else if (flag == "--tmp-dir") {
            needValue();
            opt.tmpParent = value;
        } else if (flag == "--label") {
            needValue();
            opt.label = value;
        } else if (flag == "--db-url") {
            needValue();
            opt.dbUrl = value;
        } else if (flag == "--redis-url") {
            needValue();
            opt.redisUrl = value;
        } else if (flag == "--server-arg") {
            needValue();
            opt.serverArgs.push_back(value);
        } else if (flag == "--only") {
            needValue();
            opt.phases.clear();
            std::istringstream list(value);
            std::string phase;
            while (std::getline(list, phase, ',')) {
                if (!kAllPhases.count(phase))
                    throw BenchError("--only: unknown phase " + phase);
                opt.phases.insert(phase);
            }
        } else if (flag == "--upload-size") {
            needValue();
            opt.uploadSize = parseSize(value, flag);
            sizeGiven[0] = true;
        } else if (flag == "--big-size") {
            needValue();
            opt.bigSize = parseSize(value, flag);
            sizeGiven[1] = true;
        } else if (flag == "--files") {
            needValue();
            opt.libraryFiles = parseSize(value, flag);
            sizeGiven[2] = true;
        } else if (flag == "--chunk-size") {
            needValue();
            opt.chunkSize = parseSize(value, flag);
        } else if (flag == "--parallel") {
            needValue();
            opt.parallelChunks = parseInt(value, flag);
        } else if (flag == "--upload-reps") {
            needValue();
            opt.uploadReps = parseInt(value, flag);
        } else if (flag == "--proof-reps") {
            needValue();
            opt.proofReps = parseInt(value, flag);
            repsGiven[0] = true;
        } else if (flag == "--list-reps") {
            needValue();
            opt.listReps = parseInt(value, flag);
            repsGiven[1] = true;
        } else if (flag == "--me-seconds") {
            needValue();
            opt.meSeconds = parseInt(value, flag);
            repsGiven[2] = true;
        } else {
            throw BenchError("unknown argument " + arg + " (see --help)");
        }
    }
    if (opt.quick) {
        if (!sizeGiven[0])
            opt.uploadSize = 64ULL << 20;
        if (!sizeGiven[1])
            opt.bigSize = 256ULL << 20;
        if (!sizeGiven[2])
            opt.libraryFiles = 5000;
        if (!repsGiven[0])
            opt.proofReps = 100;
        if (!repsGiven[1])
            opt.listReps = 100;
        if (!repsGiven[2])
            opt.meSeconds = 2.0;
        opt.writeRateSize = 256ULL << 20;
        opt.shaSeconds = 1.0;
    }
    if (opt.label.empty())
        opt.label = std::string(opt.dbUrl.empty() ? "sqlite" : "mariadb") + (opt.redisUrl.empty() ? "" : "+redis");
    if (opt.libraryFiles < 8)
        throw BenchError("--files must be at least 8");
    return opt;
}
