// nestbox-bench: starts its own nestboxd on a temp data dir, drives it over loopback through the HTTP API
// and prints the figures and target verdicts of issue 2 ("Benchmarks"). See bench/README.md.

#include "BenchError.h"
#include "BenchOptions.h"
#include "BenchReport.h"
#include "MachineRates.h"
#include "NestboxApi.h"
#include "ProcessStats.h"
#include "RssSampler.h"
#include "ServerProcess.h"
#include "Sha256.h"
#include "Stats.h"
#include "TestFile.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

namespace fs = std::filesystem;

namespace {

constexpr const char* kHost = "127.0.0.1";
constexpr const char* kPassword = "bench-password-1234";
constexpr double kMB = 1e6;

std::string loadAverage()
{
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

// "mysql://user:secret@host" → "mysql://user:***@host", so the report never shows a password.
std::string withoutPasswords(std::string text)
{
    for (std::size_t scheme = text.find("://"); scheme != std::string::npos; scheme = text.find("://", scheme + 3)) {
        const std::size_t at = text.find('@', scheme);
        const std::size_t end = text.find_first_of(" /", scheme + 3);
        if (at == std::string::npos || (end != std::string::npos && end < at))
            continue;
        const std::size_t colon = text.find(':', scheme + 3);
        if (colon != std::string::npos && colon < at)
            text.replace(colon + 1, at - colon - 1, "***");
    }
    return text;
}

std::string nowUtc()
{
    return rfc3339(static_cast<std::int64_t>(std::time(nullptr)));
}

// A file descriptor opened for reading, closed on scope exit.
class ReadFd {
public:
    explicit ReadFd(const fs::path& path) : _fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC))
    {
        if (_fd < 0)
            throw BenchError("open " + path.string() + ": " + std::strerror(errno));
    }
    ~ReadFd() { ::close(_fd); }
    ReadFd(const ReadFd&) = delete;
    ReadFd& operator=(const ReadFd&) = delete;
    int get() const { return _fd; }

private:
    int _fd;
};

// Runs `body(i)` on `threads` threads and rethrows the first error after all have stopped.
void runParallel(int threads, const std::function<void(int)>& body)
{
    std::mutex mutex;
    std::exception_ptr firstError;
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) {
        pool.emplace_back([&, i] {
            try {
                body(i);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!firstError)
                    firstError = std::current_exception();
            }
        });
    }
    for (auto& t : pool)
        t.join();
    if (firstError)
        std::rethrow_exception(firstError);
}

struct UploadTiming {
    double seconds = 0;         // start → complete answered
    double startMs = 0;
    double chunksSeconds = 0;
    double completeSeconds = 0; // server-side whole-file verification + commit
    double serverCpu = 0;
    double clientCpu = 0;
    bool rechunked = false;
    RemoteFile file;
};

struct DownloadTiming {
    double seconds = 0;
    std::uint64_t bytes = 0;
    std::string sha256; // empty when not verified
    double serverCpu = 0;
    double clientCpu = 0;
};

class Bench {
public:
    explicit Bench(BenchOptions options) : _opt(std::move(options)), _report(_opt.label) {}

    int run();

private:
    void setUp();
    void tearDown();
    void phaseRates(const std::string& when);
    void startServer();
    void phaseMe();
    void phaseUpload();
    void phaseProof();
    void phaseDownload();
    void phaseBig();
    void phaseList();
    void verdicts();
    std::string whyMissing(std::initializer_list<const char*> phases) const;

    // Runs one phase; a BenchError is reported and the run goes on with the next phase.
    void guarded(const std::string& phase, const std::function<void()>& body);

    std::string newUser(const std::string& role);
    NestboxApi api(const std::string& token) const;
    UploadTiming uploadChunked(const std::string& token, TestFile& file, const std::string& name);
    DownloadTiming download(const std::string& token, const std::string& fileId, bool verify);
    TestFile& ensureFile(std::optional<TestFile>& slot, const std::string& name, std::uint64_t size);
    void ensureUploaded();
    std::uint64_t chunkSize() const;

    BenchOptions _opt;
    BenchReport _report;
    fs::path _workDir;
    fs::path _filesDir;
    fs::path _dataDir;
    std::unique_ptr<ServerProcess> _server;
    std::uint16_t _port = 0;
    ServerLimits _limits;
    std::string _suffix;
    std::uint64_t _seedSalt = 0;
    std::string _alice;
    std::string _bob;

    std::optional<TestFile> _smallFile;
    std::optional<TestFile> _uploadFile;
    std::optional<RemoteFile> _uploadedSmall;
    std::optional<RemoteFile> _uploadedBig;

    std::optional<double> _shaRate;
    std::optional<double> _writeRate;
    std::optional<double> _uploadRate;
    std::optional<Stats> _proofSmall;
    std::optional<Stats> _proofBig;
    std::optional<RssSampler::Result> _rssUpload;
    std::optional<RssSampler::Result> _rssDownload;
    std::optional<double> _listFirstP50;
    std::optional<double> _listCursorP50;
};

int Bench::run()
{
    setUp();
    if (_opt.wants("rates"))
        guarded("rates", [this] { phaseRates("at start"); });
    bool serverUp = false;
    const bool needServer = _opt.phases.size() > (_opt.wants("rates") ? 1U : 0U);
    if (needServer)
        guarded("server start", [&] {
            startServer();
            serverUp = true;
        });
    if (serverUp) {
        if (_opt.wants("me"))
            guarded("me", [this] { phaseMe(); });
        if (_opt.wants("upload"))
            guarded("upload", [this] { phaseUpload(); });
        if (_opt.wants("proof"))
            guarded("proof", [this] { phaseProof(); });
        if (_opt.wants("download"))
            guarded("download", [this] { phaseDownload(); });
        if (_opt.wants("big"))
            guarded("big", [this] { phaseBig(); });
        if (_opt.wants("list"))
            guarded("list", [this] { phaseList(); });
    }
    verdicts();
    _report.header("");
    _report.header("finished " + nowUtc() + ", load average " + loadAverage());
    if (_server) {
        const bool alive = _server->pid() > 0;
        _server->stop();
        if (!alive || _report.anyFailure())
            std::cerr << "nestboxd log (last lines):\n" << _server->logTail(40);
    }
    tearDown();
    _report.print();
    return _report.anyFailure() ? 2 : (_report.anyMiss() ? 1 : 0);
}

void Bench::guarded(const std::string& phase, const std::function<void()>& body)
{
    try {
        body();
    } catch (const std::exception& e) {
        _report.failure(phase, e.what());
        if (_server && _server->pid() > 0 && ::kill(_server->pid(), 0) != 0)
            _report.failure(phase, "nestboxd is no longer running");
    }
}

void Bench::setUp()
{
    std::random_device random;
    _seedSalt = (static_cast<std::uint64_t>(random()) << 32) ^ random();
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%06x", static_cast<unsigned>(_seedSalt & 0xffffff));
    _suffix = suffix;

    fs::create_directories(_opt.tmpParent);
    std::string pattern = (_opt.tmpParent / "nestbox-bench-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw BenchError("mkdtemp in " + _opt.tmpParent.string() + ": " + std::strerror(errno));
    _workDir = pattern;
    _filesDir = _workDir / "files";
    _dataDir = _workDir / "data";
    fs::create_directories(_filesDir);
    fs::create_directories(_dataDir);

    utsname uts{};
    ::uname(&uts);
    _report.header("nestbox-bench — profile " + _opt.label + (_opt.quick ? " (QUICK: reduced sizes)" : ""));
    _report.header("started " + nowUtc() + " on " + uts.nodename + ", " +
                   std::to_string(std::thread::hardware_concurrency()) + " cores, load average " + loadAverage());
    _report.header("temp dir " + _workDir.string());

    // Server keeps about one copy of every uploaded file plus staging; the bench keeps its own copy.
    const std::uint64_t need = 3 * (_opt.uploadSize + (_opt.wants("big") ? _opt.bigSize : 0)) + (1ULL << 30);
    struct statvfs fsStats {};
    if (::statvfs(_workDir.c_str(), &fsStats) == 0) {
        const std::uint64_t free = static_cast<std::uint64_t>(fsStats.f_bavail) * fsStats.f_frsize;
        _report.header("free disk " + BenchReport::bytesHuman(free) + ", this run needs up to about " +
                       BenchReport::bytesHuman(need));
        if (free < need)
            throw BenchError("not enough free disk under " + _opt.tmpParent.string() + " (use --tmp-dir or --quick)");
    }
}

void Bench::tearDown()
{
    _server.reset();
    if (_opt.keep) {
        std::cerr << "kept " << _workDir << "\n";
        std::error_code ignored;
        fs::remove_all(_filesDir, ignored);
        return;
    }
    std::error_code ignored;
    fs::remove_all(_workDir, ignored);
}

void Bench::phaseRates(const std::string& when)
{
    _report.section("Machine (same run, " + when + ")");
    _shaRate = MachineRates::sha256BytesPerSecond(_opt.shaSeconds);
    _report.row("SHA-256, one core (OpenSSL EVP)", BenchReport::mbps(*_shaRate));
    _writeRate = MachineRates::fsyncWriteBytesPerSecond(_workDir, _opt.writeRateSize);
    _report.row("sequential write + fsync, " + BenchReport::bytesHuman(_opt.writeRateSize), BenchReport::mbps(*_writeRate),
                "same filesystem as the server's data dir");
    _report.row("ratio SHA-256 / write", BenchReport::fixed(*_shaRate / *_writeRate, 2));
    _report.row("min(SHA-256, write)", BenchReport::mbps(std::min(*_shaRate, *_writeRate)));
}

void Bench::startServer()
{
    std::vector<std::string> args;
    if (!_opt.dbUrl.empty())
        args.push_back("--db-url=" + _opt.dbUrl);
    if (!_opt.redisUrl.empty())
        args.push_back("--redis-url=" + _opt.redisUrl);
    args.insert(args.end(), _opt.serverArgs.begin(), _opt.serverArgs.end());
    _server = std::make_unique<ServerProcess>(_opt.server, _dataDir, args);
    _report.section("Server");
    Stopwatch watch;
    _server->start();
    _port = _server->port();
    NestboxApi probe(kHost, _port);
    _limits = probe.serverInfo();
    _report.row("nestboxd", _limits.version, withoutPasswords(_server->commandLine()));
    _report.row("start-up until /healthz answers", BenchReport::ms(watch.ms()));
    _report.row("limits: chunk default / min / max",
                BenchReport::bytesHuman(_limits.chunkSizeDefault) + " / " + BenchReport::bytesHuman(_limits.chunkSizeMin) +
                    " / " + BenchReport::bytesHuman(_limits.chunkSizeMax));
    _report.row("idle RSS", BenchReport::mb(ProcessStats::memory(_server->pid()).rssBytes));
    _alice = newUser("a");
    _bob = newUser("b");
}

std::string Bench::newUser(const std::string& role)
{
    NestboxApi client(kHost, _port);
    const std::string name = "bench_" + role + "_" + _suffix;
    client.signup(name, kPassword);
    return client.login(name, kPassword);
}

NestboxApi Bench::api(const std::string& token) const
{
    return NestboxApi(kHost, _port, token);
}

std::uint64_t Bench::chunkSize() const
{
    return _opt.chunkSize ? _opt.chunkSize : (_limits.chunkSizeDefault ? _limits.chunkSizeDefault : 8ULL << 20);
}

TestFile& Bench::ensureFile(std::optional<TestFile>& slot, const std::string& name, std::uint64_t size)
{
    if (!slot) {
        std::cerr << "creating " << BenchReport::bytesHuman(size) << " test file " << name << " ...\n";
        slot = TestFile::create(_filesDir / name, size, chunkSize(), _seedSalt ^ std::hash<std::string>{}(name));
    }
    return *slot;
}

UploadTiming Bench::uploadChunked(const std::string& token, TestFile& file, const std::string& name)
{
    UploadTiming timing;
    auto client = api(token);
    ReadFd fd(file.path());
    const double serverCpu0 = ProcessStats::cpuSeconds(_server->pid());
    const double clientCpu0 = ProcessStats::selfCpuSeconds();
    Stopwatch total;
    const UploadStart start = client.startUpload(name, file.size(), file.sha256(), chunkSize());
    timing.startMs = total.ms();
    if (start.state != "receiving")
        throw BenchError("POST /api/v1/uploads for fresh content " + name + ": expected state receiving, got " +
                         start.state);
    if (start.chunkSize != file.chunkSize()) {
        timing.rechunked = true;
        file.rechunk(start.chunkSize);
    }
    if (start.chunkCount != file.chunkCount())
        throw BenchError("POST /api/v1/uploads: chunk_count " + std::to_string(start.chunkCount) + " but " +
                         BenchReport::bytesHuman(file.size()) + " in chunks of " + std::to_string(start.chunkSize) +
                         " gives " + std::to_string(file.chunkCount()));

    Stopwatch chunks;
    std::atomic<std::uint64_t> next{0};
    const int threads = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(_opt.parallelChunks),
                                                                 file.chunkCount()));
    runParallel(std::max(threads, 1), [&](int) {
        auto worker = api(token);
        for (std::uint64_t index = next++; index < file.chunkCount(); index = next++) {
            const std::uint64_t offset = index * file.chunkSize();
            const std::uint64_t length = std::min(file.chunkSize(), file.size() - offset);
            worker.putChunk(start.uploadId, index, fd.get(), offset, length, file.chunkSha256(index));
        }
    });
    timing.chunksSeconds = chunks.seconds();
    Stopwatch complete;
    timing.file = client.complete(start.uploadId);
    timing.completeSeconds = complete.seconds();
    timing.seconds = total.seconds();
    timing.serverCpu = ProcessStats::cpuSeconds(_server->pid()) - serverCpu0;
    timing.clientCpu = ProcessStats::selfCpuSeconds() - clientCpu0;
    if (timing.file.sha256 != file.sha256() || timing.file.size != file.size())
        throw BenchError("POST /api/v1/uploads/" + start.uploadId + "/complete: file has size " +
                         std::to_string(timing.file.size) + " sha256 " + timing.file.sha256 + ", expected " +
                         std::to_string(file.size()) + " " + file.sha256());
    return timing;
}

DownloadTiming Bench::download(const std::string& token, const std::string& fileId, bool verify)
{
    DownloadTiming timing;
    auto client = api(token);
    Sha256 hasher;
    const std::string target = "/api/v1/files/" + fileId + "/content";
    const double serverCpu0 = ProcessStats::cpuSeconds(_server->pid());
    const double clientCpu0 = ProcessStats::selfCpuSeconds();
    Stopwatch watch;
    auto response = client.http().download(target, [&](const char* data, std::size_t length) {
        if (verify)
            hasher.update(data, length);
    });
    timing.seconds = watch.seconds();
    timing.serverCpu = ProcessStats::cpuSeconds(_server->pid()) - serverCpu0;
    timing.clientCpu = ProcessStats::selfCpuSeconds() - clientCpu0;
    NestboxApi::expect(response, {200}, "GET " + target);
    timing.bytes = response.bodyBytes;
    if (verify)
        timing.sha256 = hasher.hexDigest();
    return timing;
}

void Bench::ensureUploaded()
{
    if (_uploadedBig && _uploadedSmall)
        return;
    auto& small = ensureFile(_smallFile, "small.bin", _opt.smallSize);
    auto& big = ensureFile(_uploadFile, "upload.bin", _opt.uploadSize);
    if (!_uploadedSmall)
        _uploadedSmall = uploadChunked(_alice, small, "small-" + _suffix + ".bin").file;
    if (!_uploadedBig)
        _uploadedBig = uploadChunked(_alice, big, "upload-" + _suffix + ".bin").file;
}

void Bench::phaseMe()
{
    const int connections = _opt.meConnections;
    _report.section("GET /api/v1/me, " + std::to_string(connections) + " keep-alive connections, " +
                    BenchReport::fixed(_opt.meSeconds, 0) + " s");
    std::atomic<bool> go{false};
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> ok{0};
    std::atomic<std::uint64_t> errors{0};
    std::mutex errorMutex;
    std::map<int, std::uint64_t> errorStatuses;
    std::string firstError;
    std::vector<Stats> perThread(static_cast<std::size_t>(connections));
    const double serverCpu0 = ProcessStats::cpuSeconds(_server->pid());
    Stopwatch wall;
    std::thread timer([&] {
        // Every connection is opened and warmed up before the clock starts.
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        wall.restart();
        go = true;
        std::this_thread::sleep_for(std::chrono::duration<double>(_opt.meSeconds));
        stop = true;
    });
    try {
        runParallel(connections, [&](int i) {
            auto client = api(_alice);
            while (!go)
                client.http().request("GET", "/api/v1/me");
            while (!stop) {
                Stopwatch one;
                const auto response = client.http().request("GET", "/api/v1/me");
                const double ms = one.ms();
                if (response.status == 200) {
                    perThread[static_cast<std::size_t>(i)].add(ms);
                    ++ok;
                    continue;
                }
                // A load test counts refusals instead of stopping at the first one.
                ++errors;
                std::lock_guard lock(errorMutex);
                ++errorStatuses[response.status];
                if (firstError.empty())
                    firstError = std::to_string(response.status) + " " + response.body.substr(0, 200);
            }
        });
    } catch (...) {
        stop = true;
        timer.join();
        throw;
    }
    timer.join();
    const double seconds = wall.seconds();
    const double serverCpu = ProcessStats::cpuSeconds(_server->pid()) - serverCpu0;
    Stats all;
    for (const auto& s : perThread)
        all.merge(s);
    _report.row("requests/s (200 answers)", BenchReport::fixed(static_cast<double>(ok) / seconds, 0),
                std::to_string(ok.load()) + " answered 200 in " + BenchReport::fixed(seconds, 2) + " s");
    _report.latencyRow("latency per 200 answer", all);
    _report.row("server CPU", BenchReport::fixed(serverCpu / seconds * 100.0, 0) + " % of one core",
                "the client shares the same cores");
    if (errors > 0) {
        std::string statuses;
        for (const auto& [status, count] : errorStatuses)
            statuses += (statuses.empty() ? "" : ", ") + std::to_string(count) + " × " + std::to_string(status);
        _report.failure("me", "GET /api/v1/me on " + std::to_string(connections) +
                                  " connections: expected 200 every time, got " + statuses + " of " +
                                  std::to_string(ok + errors) + " requests; first: " + firstError);
    }
}

void Bench::phaseUpload()
{
    auto& small = ensureFile(_smallFile, "small.bin", _opt.smallSize);
    auto& file = ensureFile(_uploadFile, "upload.bin", _opt.uploadSize);
    if (!_uploadedSmall)
        _uploadedSmall = uploadChunked(_alice, small, "small-" + _suffix + ".bin").file;
    // On a shared machine the ceiling moves: the verdict uses the rates measured right before.
    if (_opt.wants("rates"))
        guarded("rates", [this] { phaseRates("right before the upload"); });
    _report.section("Chunked upload " + BenchReport::bytesHuman(file.size()) + " (chunk " +
                    BenchReport::bytesHuman(chunkSize()) + ", " + std::to_string(_opt.parallelChunks) +
                    " in flight, per-chunk + whole-file SHA-256 on)");
    // A shared machine makes one run noisy: upload the same content several times (deleting it in
    // between, so each run sends every byte) and judge the median.
    std::vector<UploadTiming> runs;
    for (int rep = 0; rep < _opt.uploadReps; ++rep) {
        if (rep > 0)
            api(_alice).deleteFile(runs.back().file.id);
        runs.push_back(uploadChunked(_alice, file, "upload-" + _suffix + ".bin"));
        _report.row("run " + std::to_string(rep + 1) + ", start → complete",
                    BenchReport::mbps(static_cast<double>(file.size()) / runs.back().seconds),
                    BenchReport::fixed(runs.back().seconds, 2) + " s");
    }
    _uploadedBig = runs.back().file;
    std::vector<UploadTiming> sorted = runs;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.seconds < b.seconds; });
    const UploadTiming timing = sorted[sorted.size() / 2];
    _uploadRate = static_cast<double>(file.size()) / timing.seconds;
    _report.row("throughput, start → complete (median run)", BenchReport::mbps(*_uploadRate),
                BenchReport::fixed(timing.seconds, 2) + " s; client hashes computed beforehand" +
                    (timing.rechunked ? "; server changed the chunk size: rehashed inside the timing" : ""));
    _report.row("  chunk PUTs", BenchReport::mbps(static_cast<double>(file.size()) / timing.chunksSeconds),
                BenchReport::fixed(timing.chunksSeconds, 2) + " s for " + std::to_string(file.chunkCount()) + " chunks");
    _report.row("  complete (whole-file verify + commit)", BenchReport::ms(timing.completeSeconds * 1000.0),
                BenchReport::mbps(static_cast<double>(file.size()) / timing.completeSeconds) + " over the file");
    _report.row("  server CPU / client CPU", BenchReport::fixed(timing.serverCpu, 2) + " s / " +
                BenchReport::fixed(timing.clientCpu, 2) + " s",
                BenchReport::fixed(timing.serverCpu / (static_cast<double>(file.size()) / 1e9), 2) + " server CPU-s per GB");
    _report.row("local test file made (generate, write, hash)",
                BenchReport::mbps(static_cast<double>(file.size()) / file.createSeconds()), "not part of any figure");
}

void Bench::phaseProof()
{
    ensureUploaded();
    _report.section("Instant upload via proof of possession (user B, content held by user A), " +
                    std::to_string(_opt.proofReps) + " repetitions");
    auto client = api(_bob);
    auto measure = [&](TestFile& file) {
        ReadFd fd(file.path());
        Stats startStats, computeStats, proofStats, total;
        const int warmup = 3;
        for (int rep = -warmup; rep < _opt.proofReps; ++rep) {
            const std::string name = "proof-" + std::to_string(rep + warmup) + ".bin";
            Stopwatch watch;
            const UploadStart start = client.startUpload(name, file.size(), file.sha256());
            const double t1 = watch.ms();
            if (start.state != "proof_required" || start.status != 200)
                throw BenchError("POST /api/v1/uploads (user B, content of user A): expected 200 proof_required, got " +
                                 std::to_string(start.status) + " " + start.state);
            const std::string proofHex = computeProof(start.nonceBase64, start.ranges, fd.get());
            const double t2 = watch.ms();
            const RemoteFile created = client.proof(start.uploadId, proofHex);
            const double t3 = watch.ms();
            if (created.sha256 != file.sha256())
                throw BenchError("POST /api/v1/uploads/" + start.uploadId + "/proof: file sha256 " + created.sha256 +
                                 ", expected " + file.sha256());
            // Not timed: B drops the entry so the next start asks for proof again (A keeps the content).
            client.deleteFile(created.id);
            if (rep < 0)
                continue;
            startStats.add(t1);
            computeStats.add(t2 - t1);
            proofStats.add(t3 - t2);
            total.add(t3);
        }
        const std::string size = BenchReport::bytesHuman(file.size());
        _report.latencyRow(size + " start + proof (total)", total);
        _report.latencyRow(size + "   POST /uploads (start)", startStats);
        _report.latencyRow(size + "   client reads ranges + hashes", computeStats);
        _report.latencyRow(size + "   POST /uploads/{id}/proof", proofStats);
        return total;
    };
    _proofSmall = measure(*_smallFile);
    _proofBig = measure(*_uploadFile);
}

void Bench::phaseDownload()
{
    ensureUploaded();
    _report.section("Download (GET /files/{id}/content)");
    const auto timing = download(_alice, _uploadedBig->id, true);
    if (timing.bytes != _uploadFile->size() || timing.sha256 != _uploadFile->sha256())
        throw BenchError("GET /api/v1/files/" + _uploadedBig->id + "/content: got " + std::to_string(timing.bytes) +
                         " bytes sha256 " + timing.sha256 + ", expected " + std::to_string(_uploadFile->size()) + " " +
                         _uploadFile->sha256());
    _report.row(BenchReport::bytesHuman(timing.bytes) + ", SHA-256 checked by the client",
                BenchReport::mbps(static_cast<double>(timing.bytes) / timing.seconds),
                "server CPU " + BenchReport::fixed(timing.serverCpu, 2) + " s, client CPU " +
                    BenchReport::fixed(timing.clientCpu, 2) + " s");
}

void Bench::phaseBig()
{
    std::optional<TestFile> big;
    auto& file = ensureFile(big, "big.bin", _opt.bigSize);
    _report.section("Server RSS with a " + BenchReport::bytesHuman(file.size()) +
                    " file (VmRSS sampled every 20 ms, plus VmHWM)");
    const auto idle = ProcessStats::memory(_server->pid());
    _report.row("RSS before", BenchReport::mb(idle.rssBytes));

    RssSampler upSampler(_server->pid());
    upSampler.start();
    UploadTiming up;
    try {
        up = uploadChunked(_alice, file, "big-" + _suffix + ".bin");
    } catch (...) {
        _rssUpload = upSampler.stop();
        file.remove();
        throw;
    }
    _rssUpload = upSampler.stop();
    _report.row("upload throughput", BenchReport::mbps(static_cast<double>(file.size()) / up.seconds),
                "server CPU " + BenchReport::fixed(up.serverCpu, 2) + " s");
    _report.row("peak RSS while receiving", BenchReport::mb(_rssUpload->peakBytes()),
                "max VmRSS " + BenchReport::mb(_rssUpload->maxRssBytes) + ", VmHWM " + BenchReport::mb(_rssUpload->hwmBytes) +
                    (_rssUpload->hwmWasReset ? "" : " (since process start)") + ", " +
                    std::to_string(_rssUpload->samples) + " samples");

    RssSampler downSampler(_server->pid());
    downSampler.start();
    DownloadTiming down;
    try {
        down = download(_alice, up.file.id, false);
    } catch (...) {
        _rssDownload = downSampler.stop();
        file.remove();
        throw;
    }
    _rssDownload = downSampler.stop();
    if (down.bytes != file.size())
        throw BenchError("GET /api/v1/files/" + up.file.id + "/content: got " + std::to_string(down.bytes) +
                         " bytes, expected " + std::to_string(file.size()));
    _report.row("download throughput", BenchReport::mbps(static_cast<double>(down.bytes) / down.seconds),
                "bytes counted, not hashed; server CPU " + BenchReport::fixed(down.serverCpu, 2) + " s, client CPU " +
                    BenchReport::fixed(down.clientCpu, 2) + " s");
    _report.row("peak RSS while sending", BenchReport::mb(_rssDownload->peakBytes()),
                "max VmRSS " + BenchReport::mb(_rssDownload->maxRssBytes) + ", VmHWM " +
                    BenchReport::mb(_rssDownload->hwmBytes) + (_rssDownload->hwmWasReset ? "" : " (since process start)") +
                    ", " + std::to_string(_rssDownload->samples) + " samples");
    file.remove();
    api(_alice).deleteFile(up.file.id); // frees the server's copy before the library phase
}

void Bench::phaseList()
{
    const std::uint64_t total = _opt.libraryFiles;
    _report.section("Library of " + std::to_string(total) + " files (user L), GET /api/v1/files?limit=200");
    const std::string token = newUser("l");

    // A few distinct contents uploaded for real; every other entry is a same-user instant upload of one
    // of them under its own name and modification time.
    constexpr int kSeeds = 4;
    std::vector<TestFile> seeds;
    for (int i = 0; i < kSeeds; ++i) {
        seeds.push_back(TestFile::create(_filesDir / ("seed" + std::to_string(i) + ".bin"), 256 << 10, chunkSize(),
                                         _seedSalt + 1000 + static_cast<std::uint64_t>(i)));
        uploadChunked(token, seeds.back(), "seed-" + std::to_string(i) + ".bin");
        seeds.back().remove();
    }
    const std::int64_t baseTime = 1577836800; // 2020-01-01T00:00:00Z
    std::atomic<std::uint64_t> next{kSeeds};
    std::atomic<std::uint64_t> filled{kSeeds};
    Stats fillLatency;
    std::mutex fillMutex;
    Stopwatch fillWatch;
    runParallel(_opt.fillConnections, [&](int) {
        auto client = api(token);
        Stats local;
        for (std::uint64_t i = next++; i < total; i = next++) {
            const TestFile& seed = seeds[i % kSeeds];
            char name[48];
            std::snprintf(name, sizeof name, "file-%07llu.bin", static_cast<unsigned long long>(i));
            Stopwatch one;
            const UploadStart start = client.startUpload(name, seed.size(), seed.sha256(), 0,
                                                         rfc3339(baseTime + static_cast<std::int64_t>(i) * 60));
            local.add(one.ms());
            if (start.state != "complete" || start.status != 201)
                throw BenchError("POST /api/v1/uploads (same user, known content): expected 201 complete, got " +
                                 std::to_string(start.status) + " " + start.state);
            const auto count = ++filled;
            if (count % 10000 == 0)
                std::cerr << "  library: " << count << " files, " << BenchReport::fixed(fillWatch.seconds(), 1)
                          << " s\n";
        }
        std::lock_guard lock(fillMutex);
        fillLatency.merge(local);
    });
    const double fillSeconds = fillWatch.seconds();
    _report.row("filled via same-user instant uploads",
                BenchReport::fixed(static_cast<double>(total - kSeeds) / fillSeconds, 0) + " files/s",
                std::to_string(_opt.fillConnections) + " connections, " + BenchReport::fixed(fillSeconds, 1) + " s");
    _report.latencyRow("  instant upload (same user), each", fillLatency);

    auto client = api(token);
    auto timedPage = [&](const std::string& query, ListPage& page) {
        Stopwatch watch;
        page = client.listFiles(query);
        return watch.ms();
    };
    auto firstPage = [&](const std::string& query) {
        Stats stats;
        ListPage page;
        for (int i = 0; i < 5; ++i)
            timedPage(query, page);
        for (int i = 0; i < _opt.listReps; ++i) {
            stats.add(timedPage(query, page));
            if (page.itemCount != 200)
                throw BenchError("GET /api/v1/files?" + query + ": expected 200 items, got " +
                                 std::to_string(page.itemCount));
        }
        return stats;
    };

    const Stats first = firstPage("limit=200");
    _listFirstP50 = first.p50();
    _report.latencyRow("first page (default sort)", first);

    Stats cursorStats;
    ListPage page;
    timedPage("limit=200", page);
    std::uint64_t seen = page.itemCount;
    int walks = 1;
    while (cursorStats.count() < static_cast<std::size_t>(_opt.listReps)) {
        if (page.nextCursor.empty()) {
            if (seen != total)
                throw BenchError("GET /api/v1/files via cursor: the walk ended after " + std::to_string(seen) +
                                 " items, the library holds " + std::to_string(total));
            timedPage("limit=200", page);
            seen = page.itemCount;
            ++walks;
            continue;
        }
        cursorStats.add(timedPage("limit=200&cursor=" + percentEncode(page.nextCursor), page));
        seen += page.itemCount;
        if (page.itemCount != 200 && !page.nextCursor.empty())
            throw BenchError("GET /api/v1/files via cursor: a middle page held " + std::to_string(page.itemCount) +
                             " items");
    }
    _listCursorP50 = cursorStats.p50();
    _report.latencyRow("next pages via cursor", cursorStats,
                       "consecutive pages" + std::string(walks > 1 ? ", whole library walked" : ""));
    _report.latencyRow("first page, sort=name&order=asc", firstPage("limit=200&sort=name&order=asc"));
    _report.latencyRow("first page, sort=uploaded", firstPage("limit=200&sort=uploaded"));

    Stats meStats;
    for (int i = 0; i < 50; ++i) {
        Stopwatch watch;
        client.me();
        meStats.add(watch.ms());
    }
    _report.latencyRow("GET /api/v1/me of this user (usage)", meStats);
    _report.row("server RSS after the library phase", BenchReport::mb(ProcessStats::memory(_server->pid()).rssBytes));
}

std::string Bench::whyMissing(std::initializer_list<const char*> phases) const
{
    for (const char* phase : phases)
        if (!_opt.wants(phase))
            return std::string("phase ") + phase + " not selected (--only)";
    return "a phase failed (see FAILED above)";
}

void Bench::verdicts()
{
    if (_uploadRate && _shaRate && _writeRate) {
        const double floor = std::min(*_shaRate, *_writeRate);
        const double ratio = *_uploadRate / floor;
        _report.verdict(ratio >= 0.70,
                        "upload " + BenchReport::fixed(*_uploadRate / kMB, 0) + " MB/s = " + BenchReport::fixed(ratio, 2) +
                            " × min(sha " + BenchReport::fixed(*_shaRate / kMB, 0) + ", write " +
                            BenchReport::fixed(*_writeRate / kMB, 0) + ")",
                        "≥ 0.70 ×");
    } else {
        _report.skipped("upload ratio", whyMissing({"rates", "upload"}));
    }

    if (_proofSmall && _proofBig) {
        const double small = _proofSmall->p50();
        const double big = _proofBig->p50();
        // "The same": the 1 GiB figure within 25 % (or 0.25 ms) of the 1 MiB one.
        const bool same = big <= small * 1.25 || big - small <= 0.25;
        _report.verdict(small <= 2.0 && big <= 2.0 && same,
                        "instant upload p50 " + BenchReport::ms(small) + " (" + BenchReport::bytesHuman(_opt.smallSize) +
                            "), " + BenchReport::ms(big) + " (" + BenchReport::bytesHuman(_opt.uploadSize) + "), ratio " +
                            BenchReport::fixed(big / small, 2) + "; p99 " + BenchReport::ms(_proofSmall->p99()) + " / " +
                            BenchReport::ms(_proofBig->p99()),
                        "p50 ≤ 2 ms for both, and the same");
    } else {
        _report.skipped("instant upload latency", whyMissing({"proof"}));
    }

    if (_rssUpload || _rssDownload) {
        const double limit = 150e6;
        const std::uint64_t up = _rssUpload ? _rssUpload->peakBytes() : 0;
        const std::uint64_t down = _rssDownload ? _rssDownload->peakBytes() : 0;
        _report.verdict(_rssUpload && _rssDownload && static_cast<double>(up) <= limit && static_cast<double>(down) <= limit,
                        "peak server RSS " + BenchReport::mb(up) + " receiving, " + BenchReport::mb(down) + " sending a " +
                            BenchReport::bytesHuman(_opt.bigSize) + " file" +
                            (_rssDownload ? "" : " (download not measured)"),
                        "≤ 150 MB with a 4 GiB file");
    } else {
        _report.skipped("server RSS", whyMissing({"big"}));
    }

    if (_listFirstP50 && _listCursorP50) {
        _report.verdict(*_listFirstP50 <= 20.0 && *_listCursorP50 <= 20.0,
                        "list page of 200 in " + std::to_string(_opt.libraryFiles) + " files p50 " +
                            BenchReport::ms(*_listFirstP50) + " first, " + BenchReport::ms(*_listCursorP50) +
                            " via cursor",
                        "≤ 20 ms p50 on each database");
    } else {
        _report.skipped("list latency", whyMissing({"list"}));
    }
    if (_opt.quick)
        _report.verdictNote("--quick shrinks every size: the verdicts above are indicative only");
}

} // namespace

int main(int argc, char** argv)
{
    std::optional<BenchOptions> options;
    try {
        options = BenchOptions::parse(argc, argv);
    } catch (const BenchError& e) {
        std::cerr << "nestbox-bench: " << e.what() << "\n\n" << BenchOptions::usage();
        return 64;
    }
    if (options->help) {
        std::cout << BenchOptions::usage();
        return 0;
    }
    if (options->server.empty()) {
        std::cerr << "nestbox-bench: this build has no nestboxd target; pass --server=PATH\n";
        return 64;
    }
    try {
        Bench bench(std::move(*options));
        return bench.run();
    } catch (const std::exception& e) {
        std::cerr << "nestbox-bench: " << e.what() << "\n";
        return 2;
    }
}
