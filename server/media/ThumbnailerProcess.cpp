#include "ThumbnailerProcess.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <mutex>
#include <poll.h>
#include <pthread.h>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace nestbox::server {

namespace {

using Clock = std::chrono::steady_clock;

// The JSON line is a few hundred bytes; anything much longer is garbage, not an answer.
constexpr std::size_t kMaxStdout = 64 * 1024;
// Only the tail of stderr is kept, for the message of a failure.
constexpr std::size_t kMaxStderrTail = 4 * 1024;
// How long a worker that broke the protocol (garbage, or end of its output) gets to exit by
// itself, so that its exit status can tell a crash from a clean exit; then it is killed.
constexpr auto kGrace = std::chrono::seconds(2);
// How long a worker that was told to stop (end of its input) gets before it is killed.
constexpr auto kStopGrace = std::chrono::seconds(2);

MediaResult failure(std::string reason, std::string message)
{
    MediaResult result;
    result.reason = std::move(reason);
    result.message = std::move(message);
    return result;
}

// Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ" (the thumbnailer's only format).
std::optional<std::int64_t> parseUtc(const std::string& text)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    char z = 0;
    if (text.size() != 20 || std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7
        || z != 'Z')
        return std::nullopt;
    // days_from_civil (Howard Hinnant), as in the thumbnailer.
    const std::int64_t yy = y - (mo <= 2);
    const std::int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    const std::int64_t yoe = yy - era * 400;
    const std::int64_t doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + h * 3600 + mi * 60 + s;
}

// Appends what is readable on `fd`; false at end of file or on error.
bool drain(int fd, std::string& into, std::size_t keep, bool keepTail)
{
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (n <= 0)
        return false;
    into.append(buffer, static_cast<std::size_t>(n));
    if (into.size() > keep) {
        if (keepTail)
            into.erase(0, into.size() - keep);
        else
            into.resize(keep);
    }
    return true;
}

std::string trimmed(std::string text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    return text;
}

// What a worker's answer line says.
struct Answer {
    enum class Kind { Result, NotJson, Malformed } kind = Kind::NotJson;
    MediaResult result;
    bool last = false; // the worker exits after this answer
};

Answer parseAnswer(const std::string& line)
{
    Answer answer;
    Poco::JSON::Object::Ptr object;
    try {
        object = Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
        object = nullptr;
    }
    if (!object)
        return answer;

    answer.kind = Answer::Kind::Malformed;
    MediaResult& result = answer.result;
    try {
        answer.last = object->optValue<bool>("last", false);
        result.ok = object->optValue<bool>("ok", false);
        result.reason = object->optValue<std::string>("reason", "");
        result.message = object->optValue<std::string>("message", "");
        if (!result.ok) {
            if (result.reason.empty())
                result.reason = "decode_failed";
            answer.kind = Answer::Kind::Result;
            return answer;
        }
        result.mime = object->getValue<std::string>("mime");
        result.width = object->getValue<std::int64_t>("width");
        result.height = object->getValue<std::int64_t>("height");
        if (object->has("taken_at") && !object->isNull("taken_at")) {
            if (const auto seconds = parseUtc(object->getValue<std::string>("taken_at")))
                result.takenAtMs = *seconds * 1000;
        }
        const Poco::JSON::Object::Ptr thumbs = object->getObject("thumbnails");
        if (!thumbs) {
            answer.result = failure("bad_output", "answer without thumbnails");
            return answer;
        }
        for (const auto& [size, path] : *thumbs)
            result.thumbnails[std::stoi(size)] = path.convert<std::string>();
    } catch (const std::exception& e) {
        answer.result = failure("bad_output", std::string("malformed answer: ") + e.what());
        return answer;
    }
    answer.kind = Answer::Kind::Result;
    return answer;
}

// Closes a descriptor once.
void closeFd(int& fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

// Reads and discards whatever is waiting on a non-blocking descriptor.
void discardPending(int fd)
{
    char buffer[4096];
    while (::read(fd, buffer, sizeof buffer) > 0) {
    }
}

// Writes `text` to a worker's stdin (non-blocking) without letting the SIGPIPE of a worker that
// is gone kill this process. False if the worker does not take the whole request.
bool writeRequest(int fd, const std::string& text)
{
    sigset_t pipeSet, old, pending;
    sigemptyset(&pipeSet);
    sigaddset(&pipeSet, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeSet, &old);
    sigpending(&pending);
    const bool alreadyPending = sigismember(&pending, SIGPIPE);
    std::size_t done = 0;
    bool broken = false;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            broken = errno == EPIPE;
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    if (broken && !alreadyPending) {
        // Consume the SIGPIPE this thread just raised before unblocking it.
        const timespec zero{0, 0};
        while (sigtimedwait(&pipeSet, nullptr, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return done == text.size();
}

bool hasControlCharacter(const std::string& text)
{
    return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

} // namespace

// One `nestbox-thumbnailer --serve` process and the parent's ends of its pipes.
struct Worker {
    pid_t pid = -1;
    int in = -1, out = -1, err = -1;
    std::uint64_t generation = 0;
    int jobs = 0;
    bool reaped = false;  // its exit status is collected (or cannot be)
    int killedBy = 0;     // the signal that ended it, once reaped
    bool stopped = false; // reaped and descriptors closed: nothing left to do
};

class ThumbnailerProcess::Pool {
public:
    Pool(std::string executable, MediaLimits limits) : _executable(std::move(executable)), _limits(limits) {}
    ~Pool() { shutdown(); }
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    MediaResult run(const std::string& request);
    Stats stats();
    void shutdown();

private:
    // How a request left its worker.
    enum class After { Keep, Retire, Kill };

    std::unique_ptr<Worker> acquire();
    void release(std::unique_ptr<Worker> worker, After after);
    std::unique_ptr<Worker> spawn();
    MediaResult exchange(Worker& worker, const std::string& request, After& after, bool& notTaken);
    MediaResult afterBrokenProtocol(Worker& worker, Clock::time_point deadline, bool garbage, const std::string& errTail,
                                    After& after);
    void stop(Worker& worker, After after);
    int maxWorkers() const { return std::max(1, _limits.workers); }

    const std::string _executable;
    const MediaLimits _limits;
    std::mutex _mutex;
    std::condition_variable _freed;
    std::vector<std::unique_ptr<Worker>> _idle;
    int _live = 0; // idle + busy + being started
    std::uint64_t _generation = 0;
    std::set<int> _pids;
    Stats _stats;
};

std::unique_ptr<Worker> ThumbnailerProcess::Pool::spawn()
{
    const std::vector<std::string> args{
        _executable,
        "--serve",
        "--jobs=" + std::to_string(std::max(1, _limits.jobsPerWorker)),
        "--max-pixels=" + std::to_string(_limits.maxPixels),
        "--memory-mb=" + std::to_string(_limits.memoryMb),
        "--cpu-seconds=" + std::to_string(_limits.cpuSeconds),
    };
    std::vector<char*> argv;
    for (const std::string& arg : args)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);

    // Our ends are close-on-exec, so no other worker (or anything else this process starts)
    // holds them: end of file really means this worker is gone.
    int inPipe[2], outPipe[2], errPipe[2];
    if (::pipe2(inPipe, O_CLOEXEC) != 0)
        throw Poco::SystemException("cannot create a pipe for nestbox-thumbnailer");
    if (::pipe2(outPipe, O_CLOEXEC) != 0) {
        ::close(inPipe[0]);
        ::close(inPipe[1]);
        throw Poco::SystemException("cannot create a pipe for nestbox-thumbnailer");
    }
    if (::pipe2(errPipe, O_CLOEXEC) != 0) {
        for (int fd : {inPipe[0], inPipe[1], outPipe[0], outPipe[1]})
            ::close(fd);
        throw Poco::SystemException("cannot create a pipe for nestbox-thumbnailer");
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, inPipe[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO);
    // Nothing else of the server's (database connections, client sockets, blob files) is
    // within a decoder's reach, whether or not it was opened close-on-exec.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    // Working directory "/": nothing a decoder or the dynamic loader might pick up from the
    // server's directory (or a blob directory) is within reach.
    posix_spawn_file_actions_addchdir_np(&actions, "/");

    // The calling thread's signal mask and ignored signals would be inherited: a worker must
    // die of SIGXCPU (its CPU limit) and SIGPIPE like any program.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (const int sig : {SIGPIPE, SIGXCPU, SIGXFSZ, SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGSEGV, SIGABRT})
        sigaddset(&defaults, sig);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, _executable.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(inPipe[0]);
    ::close(outPipe[1]);
    ::close(errPipe[1]);
    if (rc != 0) {
        ::close(inPipe[1]);
        ::close(outPipe[0]);
        ::close(errPipe[0]);
        throw Poco::SystemException("cannot start nestbox-thumbnailer (" + std::string(std::strerror(rc)) + ")",
                                    _executable);
    }
    auto worker = std::make_unique<Worker>();
    worker->pid = pid;
    worker->in = inPipe[1];
    worker->out = outPipe[0];
    worker->err = errPipe[0];
    for (const int fd : {worker->in, worker->out, worker->err})
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    std::lock_guard lock(_mutex);
    worker->generation = _generation;
    _pids.insert(pid);
    ++_stats.started;
    return worker;
}

// Ends a worker: Retire closes its input and lets it exit (killed if it takes too long), Kill
// kills it. Either way it is reaped and its descriptors closed.
void ThumbnailerProcess::Pool::stop(Worker& worker, After after)
{
    if (worker.stopped)
        return;
    closeFd(worker.in);
    bool exited = worker.reaped;
    if (after != After::Kill && !exited) {
        const Clock::time_point until = Clock::now() + kStopGrace;
        bool outOpen = true;
        while (!exited) {
            int status = 0;
            const pid_t done = ::waitpid(worker.pid, &status, WNOHANG);
            if (done == worker.pid || (done < 0 && errno == ECHILD)) {
                exited = true;
                break;
            }
            if (Clock::now() >= until)
                break;
            if (outOpen) {
                // Its stdout closes when it exits; wait for that rather than spinning.
                pollfd fd{worker.out, POLLIN, 0};
                if (::poll(&fd, 1, 20) > 0) {
                    char buffer[4096];
                    const ssize_t n = ::read(worker.out, buffer, sizeof buffer);
                    outOpen = n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR));
                }
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        }
    }
    if (!exited) {
        ::kill(worker.pid, SIGKILL);
        int status = 0;
        while (::waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    closeFd(worker.out);
    closeFd(worker.err);
    worker.reaped = worker.stopped = true;
    std::lock_guard lock(_mutex);
    _pids.erase(worker.pid);
}

std::unique_ptr<Worker> ThumbnailerProcess::Pool::acquire()
{
    std::unique_ptr<Worker> worker;
    {
        std::unique_lock lock(_mutex);
        _freed.wait(lock, [this] { return !_idle.empty() || _live < maxWorkers(); });
        if (!_idle.empty()) {
            worker = std::move(_idle.back());
            _idle.pop_back();
        } else {
            ++_live;
        }
    }
    if (worker) {
        // An idle worker says nothing: output or end of file means it died (or went mad)
        // between requests. Not this request's fault: replace it.
        pollfd fd{worker->out, POLLIN, 0};
        if (::poll(&fd, 1, 0) == 0)
            return worker;
        stop(*worker, After::Kill);
        std::lock_guard lock(_mutex);
        ++_stats.replaced;
    }
    try {
        return spawn();
    } catch (...) {
        std::lock_guard lock(_mutex);
        --_live;
        _freed.notify_one();
        throw;
    }
}

void ThumbnailerProcess::Pool::release(std::unique_ptr<Worker> worker, After after)
{
    {
        std::lock_guard lock(_mutex);
        if (after == After::Keep && worker->generation == _generation) {
            _idle.push_back(std::move(worker));
            _freed.notify_one();
            return;
        }
        if (after == After::Retire)
            ++_stats.retired;
        else if (after == After::Kill)
            ++_stats.replaced;
    }
    stop(*worker, after == After::Kill ? After::Kill : After::Retire);
    std::lock_guard lock(_mutex);
    --_live;
    _freed.notify_one();
}

// A worker broke the protocol: garbage instead of an answer, or the end of its output. Its
// exit status decides what this request was (a crash, its CPU limit, an exit), so it gets a
// moment to exit by itself; a worker that stays alive after garbage is killed (bad_output).
MediaResult ThumbnailerProcess::Pool::afterBrokenProtocol(Worker& worker, Clock::time_point deadline, bool garbage,
                                                          const std::string& errTailIn, After& after)
{
    after = After::Kill;
    std::string errTail = errTailIn;
    const Clock::time_point until = std::min(deadline, Clock::now() + kGrace);
    bool outOpen = true, errOpen = true;
    int status = 0;
    bool exited = false;
    while (!exited) {
        const pid_t done = ::waitpid(worker.pid, &status, WNOHANG);
        if (done == worker.pid || (done < 0 && errno == ECHILD)) {
            exited = done == worker.pid;
            if (!exited)
                status = -1;
            break;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        if (left <= 0)
            break;
        if (!outOpen && !errOpen) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            continue;
        }
        // Keep draining: a worker blocked on a full pipe would never get to exit.
        pollfd fds[2] = {{worker.out, static_cast<short>(outOpen ? POLLIN : 0), 0},
                         {worker.err, static_cast<short>(errOpen ? POLLIN : 0), 0}};
        if (::poll(fds, 2, static_cast<int>(std::min<long long>(left, 20))) <= 0)
            continue;
        std::string discarded;
        if (outOpen && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
            outOpen = drain(worker.out, discarded, kMaxStdout, false);
        if (errOpen && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
            errOpen = drain(worker.err, errTail, kMaxStderrTail, true);
    }
    if (exited || status == -1) {
        worker.reaped = true; // stop() must neither kill nor wait for it
    } else {
        stop(worker, After::Kill);
        if (garbage)
            return failure("bad_output", "thumbnailer answered garbage and was replaced");
        if (Clock::now() >= deadline)
            return failure("timeout", "thumbnailer exceeded " + std::to_string(_limits.wallSeconds) + " s and was killed");
        return failure("crashed", "thumbnailer closed its output and hung");
    }
    errTail = trimmed(errTail);
    const std::string detail = errTail.empty() ? "" : ": " + errTail;
    if (status == -1)
        return failure("crashed", "thumbnailer exited without an answer (status unknown)" + detail);
    if (WIFSIGNALED(status)) {
        worker.killedBy = WTERMSIG(status);
        // SIGXCPU is RLIMIT_CPU's soft limit: the decode ran out of CPU time.
        if (WTERMSIG(status) == SIGXCPU)
            return failure("timeout", "thumbnailer exceeded its CPU limit of " + std::to_string(_limits.cpuSeconds) + " s");
        return failure("crashed", "thumbnailer killed by signal " + std::to_string(WTERMSIG(status)) + detail);
    }
    return failure("decode_failed", "thumbnailer exited with " + std::to_string(WEXITSTATUS(status))
                                        + " without a JSON answer" + detail);
}

MediaResult ThumbnailerProcess::Pool::exchange(Worker& worker, const std::string& request, After& after, bool& notTaken)
{
    after = After::Kill;
    notTaken = false;
    // Leftovers from between requests (a library's farewell) belong to no request.
    discardPending(worker.err);
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(std::max(1, _limits.wallSeconds));
    if (!writeRequest(worker.in, request)) {
        // A worker that served before died while idle: not this request's business (the caller
        // retries). A fresh one that cannot even take a request tells by its exit status why.
        notTaken = worker.jobs > 0;
        if (notTaken)
            return failure("crashed", "thumbnailer died between requests");
        return afterBrokenProtocol(worker, deadline, false, {}, after);
    }
    ++worker.jobs;

    std::string out, errTail;
    bool outOpen = true, errOpen = true;
    for (;;) {
        const std::size_t newline = out.find('\n');
        if (newline != std::string::npos) {
            Answer answer = parseAnswer(trimmed(out.substr(0, newline)));
            if (answer.kind == Answer::Kind::NotJson)
                return afterBrokenProtocol(worker, deadline, true, errTail, after);
            // One line per request: anything after it is out of step with the protocol.
            const bool inStep = answer.kind == Answer::Kind::Result && newline + 1 == out.size();
            after = !inStep ? After::Kill : answer.last ? After::Retire : After::Keep;
            return std::move(answer.result);
        }
        if (!outOpen) {
            MediaResult result = afterBrokenProtocol(worker, deadline, false, errTail, after);
            // SIGKILL from outside (the OOM killer, an administrator) of a worker that had served
            // before, with not a byte of answer: it may have died while idle and only looked
            // alive when handed this request (a multi-threaded process shows as a zombie before
            // its pipes close). Not this request's doing: the caller retries once on a fresh
            // worker, whose own answer is then the verdict.
            notTaken = worker.jobs > 1 && out.empty() && worker.killedBy == SIGKILL;
            return result;
        }
        if (out.size() >= kMaxStdout)
            return afterBrokenProtocol(worker, deadline, true, errTail, after);
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) {
            stop(worker, After::Kill);
            return failure("timeout", "thumbnailer exceeded " + std::to_string(_limits.wallSeconds) + " s and was killed");
        }
        pollfd fds[2] = {{worker.out, POLLIN, 0}, {worker.err, static_cast<short>(errOpen ? POLLIN : 0), 0}};
        const int ready = ::poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000)));
        if (ready < 0 && errno != EINTR) {
            stop(worker, After::Kill);
            return failure("crashed", std::string("poll failed: ") + std::strerror(errno));
        }
        if (ready <= 0)
            continue;
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
            outOpen = drain(worker.out, out, kMaxStdout, false);
        if (errOpen && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
            errOpen = drain(worker.err, errTail, kMaxStderrTail, true);
    }
}

MediaResult ThumbnailerProcess::Pool::run(const std::string& request)
{
    // A worker found dead when handed a request did not see it: retry once with a fresh one.
    for (int attempt = 0;; ++attempt) {
        std::unique_ptr<Worker> worker = acquire();
        After after = After::Kill;
        bool notTaken = false;
        MediaResult result = exchange(*worker, request, after, notTaken);
        if (worker->reaped)
            after = After::Kill; // gone already: replaced, not retired
        release(std::move(worker), after);
        if (notTaken && attempt == 0)
            continue;
        std::lock_guard lock(_mutex);
        ++_stats.requests;
        return result;
    }
}

ThumbnailerProcess::Stats ThumbnailerProcess::Pool::stats()
{
    std::lock_guard lock(_mutex);
    Stats stats = _stats;
    stats.pids.assign(_pids.begin(), _pids.end());
    return stats;
}

void ThumbnailerProcess::Pool::shutdown()
{
    std::vector<std::unique_ptr<Worker>> idle;
    {
        std::lock_guard lock(_mutex);
        ++_generation; // busy workers are stopped when they come back
        idle.swap(_idle);
    }
    for (std::unique_ptr<Worker>& worker : idle) {
        stop(*worker, After::Retire);
        std::lock_guard lock(_mutex);
        --_live;
        _freed.notify_one();
    }
}

ThumbnailerProcess::ThumbnailerProcess(std::string executable, MediaLimits limits)
    : _executable(std::move(executable)), _limits(limits), _pool(std::make_shared<Pool>(_executable, _limits))
{
}

ThumbnailerProcess::~ThumbnailerProcess() = default;

std::string ThumbnailerProcess::defaultExecutable()
{
    std::string self(4096, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
    if (n <= 0)
        return "nestbox-thumbnailer";
    self.resize(static_cast<std::size_t>(n));
    const std::string dir = self.substr(0, self.rfind('/'));
    const std::string candidates[] = {
        dir + "/nestbox-thumbnailer",
        dir + "/../libexec/nestbox/nestbox-thumbnailer",
        // A build tree: nestboxd in build/server/, the thumbnailer in build/server/media/.
        dir + "/media/nestbox-thumbnailer",
    };
    for (const std::string& candidate : candidates)
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    return candidates[0];
}

MediaResult ThumbnailerProcess::run(const std::string& srcPath, const std::string& outDir,
                                    const std::vector<int>& sizes) const
{
    // posix_spawn would report a missing binary too, but only once a worker has to start;
    // check every time and throw: that is an installation error, not a bad photo.
    if (::access(_executable.c_str(), X_OK) != 0)
        throw Poco::FileNotFoundException("nestbox-thumbnailer not executable", _executable);

    // The worker runs in "/", so its paths must not depend on our working directory.
    const std::string src = std::filesystem::absolute(srcPath).string();
    const std::string out = std::filesystem::absolute(outDir).string();
    // The request line is TAB-separated: a path with a control character cannot be sent (and
    // never comes from the blob store).
    if (hasControlCharacter(src) || hasControlCharacter(out))
        return failure("io_error", "path contains a control character");
    std::string sizeList;
    for (const int size : sizes)
        sizeList += (sizeList.empty() ? "" : ",") + std::to_string(size);
    const std::string request = "--src=" + src + "\t--out=" + out + "\t--sizes=" + sizeList + "\n";

    const std::shared_ptr<Pool> pool = _pool; // alive for the whole call
    return pool->run(request);
}

ThumbnailerProcess::Stats ThumbnailerProcess::stats() const
{
    return _pool->stats();
}

void ThumbnailerProcess::shutdown() const
{
    _pool->shutdown();
}

} // namespace nestbox::server
