#include "ThumbnailerProcess.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <poll.h>
#include <thread>
#include <unistd.h>

namespace nestbox::server {

namespace {

using Clock = std::chrono::steady_clock;

// The JSON line is a few hundred bytes; anything much longer is garbage, not an answer.
constexpr std::size_t kMaxStdout = 64 * 1024;
// Only the tail of stderr is kept, for the message of a failure.
constexpr std::size_t kMaxStderrTail = 4 * 1024;

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

MediaResult parseAnswer(const std::string& out, int exitCode, const std::string& errTail)
{
    // The answer is the last non-empty line; a library chattering on stdout before it is tolerated.
    const std::string text = trimmed(out);
    const std::size_t lineStart = text.rfind('\n');
    const std::string line = lineStart == std::string::npos ? text : text.substr(lineStart + 1);
    Poco::JSON::Object::Ptr object;
    try {
        object = Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
        object = nullptr;
    }
    if (!object) {
        return failure("decode_failed", "thumbnailer exited with " + std::to_string(exitCode)
                                            + " without a JSON answer" + (errTail.empty() ? "" : ": " + errTail));
    }

    MediaResult result;
    try {
        result.ok = object->optValue<bool>("ok", false);
        result.reason = object->optValue<std::string>("reason", "");
        result.message = object->optValue<std::string>("message", "");
        if (!result.ok) {
            if (result.reason.empty())
                result.reason = "decode_failed";
            return result;
        }
        result.mime = object->getValue<std::string>("mime");
        result.width = object->getValue<std::int64_t>("width");
        result.height = object->getValue<std::int64_t>("height");
        if (object->has("taken_at") && !object->isNull("taken_at")) {
            if (const auto seconds = parseUtc(object->getValue<std::string>("taken_at")))
                result.takenAtMs = *seconds * 1000;
        }
        const Poco::JSON::Object::Ptr thumbs = object->getObject("thumbnails");
        if (!thumbs)
            return failure("bad_output", "answer without thumbnails");
        for (const auto& [size, path] : *thumbs)
            result.thumbnails[std::stoi(size)] = path.convert<std::string>();
    } catch (const std::exception& e) {
        return failure("bad_output", std::string("malformed answer: ") + e.what());
    }
    if (exitCode != 0)
        return failure("bad_output", "ok answer with exit code " + std::to_string(exitCode));
    return result;
}

} // namespace

ThumbnailerProcess::ThumbnailerProcess(std::string executable, MediaLimits limits)
    : _executable(std::move(executable)), _limits(limits)
{
}

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
    // Poco's launch forks before it execs, so a missing binary would only show up as an exit
    // code; check here and throw, because that is an installation error, not a bad photo.
    if (::access(_executable.c_str(), X_OK) != 0)
        throw Poco::FileNotFoundException("nestbox-thumbnailer not executable", _executable);

    std::string sizeList;
    for (const int size : sizes)
        sizeList += (sizeList.empty() ? "" : ",") + std::to_string(size);
    // The child runs in "/" (see below), so its paths must not depend on our working directory.
    const Poco::Process::Args args{
        "--src=" + std::filesystem::absolute(srcPath).string(),
        "--out=" + std::filesystem::absolute(outDir).string(),
        "--sizes=" + sizeList,
        "--max-pixels=" + std::to_string(_limits.maxPixels),
        "--memory-mb=" + std::to_string(_limits.memoryMb),
        "--cpu-seconds=" + std::to_string(_limits.cpuSeconds),
    };

    Poco::Pipe inPipe, outPipe, errPipe;
    // Working directory "/": nothing a decoder or the dynamic loader might pick up from the
    // server's directory (or a blob directory) is within reach.
    Poco::ProcessHandle handle = Poco::Process::launch(_executable, args, "/", &inPipe, &outPipe, &errPipe);
    // The child reads nothing: give it end-of-file at once.
    inPipe.close(Poco::Pipe::CLOSE_BOTH);

    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(std::max(1, _limits.wallSeconds));
    std::string out, errTail;
    bool outOpen = true, errOpen = true, timedOut = false;
    while (outOpen || errOpen) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) {
            timedOut = true;
            break;
        }
        pollfd fds[2] = {{outPipe.readHandle(), static_cast<short>(outOpen ? POLLIN : 0), 0},
                         {errPipe.readHandle(), static_cast<short>(errOpen ? POLLIN : 0), 0}};
        const int ready = ::poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000)));
        if (ready < 0 && errno != EINTR)
            break;
        if (ready <= 0)
            continue;
        if (outOpen && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
            outOpen = drain(fds[0].fd, out, kMaxStdout, false);
        if (errOpen && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
            errOpen = drain(fds[1].fd, errTail, kMaxStderrTail, true);
    }

    // Both pipes closed normally means the child is exiting; still bound the wait for it.
    int status = -1;
    while (!timedOut) {
        status = handle.tryWait();
        if (status != -1)
            break;
        if (Clock::now() >= deadline)
            timedOut = true;
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (timedOut) {
        try {
            Poco::Process::kill(handle);
        } catch (const Poco::Exception&) {
            // Already gone between the deadline and the kill: the wait below reaps it.
        }
        handle.wait();
        outPipe.close();
        errPipe.close();
        return failure("timeout", "thumbnailer exceeded " + std::to_string(_limits.wallSeconds) + " s and was killed");
    }
    outPipe.close();
    errPipe.close();

    errTail = trimmed(errTail);
    // Poco reports death by signal as 256 + the signal number.
    if (status >= 256) {
        const int signal = status - 256;
        // SIGXCPU is RLIMIT_CPU's soft limit: the decode ran out of CPU time.
        if (signal == SIGXCPU)
            return failure("timeout", "thumbnailer exceeded its CPU limit of " + std::to_string(_limits.cpuSeconds) + " s");
        return failure("crashed", "thumbnailer killed by signal " + std::to_string(signal)
                                      + (errTail.empty() ? "" : ": " + errTail));
    }
    return parseAnswer(out, status, errTail);
}

} // namespace nestbox::server
