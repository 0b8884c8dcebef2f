#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

// A nestboxd child process on a free loopback port: started with
// `serve --data-dir=DIR -Dhttp.port=0 -Dhttp.port_file=DIR/port [extra args]`, its output kept in
// DIR/nestboxd.log, stopped with SIGTERM (SIGKILL after a grace period). Not thread-safe.
class ServerProcess {
public:
    ServerProcess(std::filesystem::path executable, std::filesystem::path dataDir, std::vector<std::string> extraArgs);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Starts the process and waits until the port file names a port and /healthz answers 200.
    void start(double timeoutSeconds = 60.0);
    void stop();

    pid_t pid() const { return _pid; }
    std::uint16_t port() const { return _port; }
    std::string commandLine() const;
    std::string logTail(std::size_t maxLines) const;

private:
    bool running();

    std::filesystem::path _executable;
    std::filesystem::path _dataDir;
    std::vector<std::string> _extraArgs;
    pid_t _pid = -1;
    std::uint16_t _port = 0;
};
