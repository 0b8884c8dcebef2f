#include "ServerProcess.h"

#include "BenchError.h"
#include "HttpConnection.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <fstream>
#include <thread>

namespace {

std::string readFirstLine(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

} // namespace

ServerProcess::ServerProcess(std::filesystem::path executable, std::filesystem::path dataDir,
                             std::vector<std::string> extraArgs)
    : _executable(std::move(executable)), _dataDir(std::move(dataDir)), _extraArgs(std::move(extraArgs))
{
}

ServerProcess::~ServerProcess()
{
    try {
        stop();
    } catch (...) {
    }
}

std::string ServerProcess::commandLine() const
{
    std::string line = _executable.string() + " serve --data-dir=" + _dataDir.string() +
                       " -Dhttp.port=0 -Dhttp.port_file=" + (_dataDir / "port").string();
    for (const auto& arg : _extraArgs)
        line += " " + arg;
    return line;
}

void ServerProcess::start(double timeoutSeconds)
{
    if (!std::filesystem::exists(_executable))
        throw BenchError("nestboxd not found at " + _executable.string() + " (build it, or pass --server=PATH)");
    std::filesystem::create_directories(_dataDir);
    const auto portFile = _dataDir / "port";
    std::filesystem::remove(portFile);

    std::vector<std::string> args = {_executable.string(), "serve", "--data-dir=" + _dataDir.string(),
                                     "-Dhttp.port=0", "-Dhttp.port_file=" + portFile.string()};
    args.insert(args.end(), _extraArgs.begin(), _extraArgs.end());
    std::vector<char*> argv;
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);

    const std::string logPath = (_dataDir / "nestboxd.log").string();
    const int logFd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    const int nullFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (logFd < 0 || nullFd < 0)
        throw BenchError("cannot open " + logPath + ": " + std::strerror(errno));
    const pid_t parent = ::getpid();
    _pid = ::fork();
    if (_pid == 0) {
        // Child: only async-signal-safe calls until exec. The server dies with the bench, so an
        // interrupted run leaves no nestboxd behind.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent)
            ::_exit(127);
        ::dup2(nullFd, STDIN_FILENO);
        ::dup2(logFd, STDOUT_FILENO);
        ::dup2(logFd, STDERR_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    const int forkErrno = errno;
    ::close(logFd);
    ::close(nullFd);
    if (_pid < 0) {
        _pid = -1;
        throw BenchError("cannot start " + _executable.string() + ": " + std::strerror(forkErrno));
    }

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeoutSeconds);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!running())
            throw BenchError("nestboxd exited during start-up; log:\n" + logTail(30));
        const std::string text = readFirstLine(portFile);
        if (!text.empty()) {
            try {
                const unsigned long port = std::stoul(text);
                if (port > 0 && port < 65536) {
                    _port = static_cast<std::uint16_t>(port);
                    HttpConnection probe("127.0.0.1", _port);
                    if (probe.request("GET", "/healthz").status == 200)
                        return;
                }
            } catch (const std::exception&) {
                // Port file half written or server not accepting yet: poll again.
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    stop();
    throw BenchError("nestboxd did not become healthy within " + std::to_string(timeoutSeconds) + " s; log:\n" +
                     logTail(30));
}

bool ServerProcess::running()
{
    if (_pid <= 0)
        return false;
    int status = 0;
    const pid_t r = ::waitpid(_pid, &status, WNOHANG);
    if (r == _pid) {
        _pid = -1;
        return false;
    }
    return true;
}

void ServerProcess::stop()
{
    if (!running())
        return;
    ::kill(_pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!running())
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(_pid, SIGKILL);
    int status = 0;
    ::waitpid(_pid, &status, 0);
    _pid = -1;
}

std::string ServerProcess::logTail(std::size_t maxLines) const
{
    std::ifstream in(_dataDir / "nestboxd.log");
    std::deque<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(line);
        if (lines.size() > maxLines)
            lines.pop_front();
    }
    std::string out;
    for (const auto& l : lines)
        out += "  | " + l + "\n";
    return out;
}
