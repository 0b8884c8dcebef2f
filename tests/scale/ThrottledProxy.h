#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

// A TCP relay on a free loopback port to 127.0.0.1:targetPort that can slow the client→server
// direction down to a byte rate and counts what it forwarded that way. Between a worker and RGW it
// turns a transfer of a few MiB into seconds, so a test can kill the worker when it is known to be
// in the middle of the PUT (upstreamBytes() says how far it got). Plain POSIX sockets on threads of
// its own: the test thread may block in synchronous HTTP calls meanwhile.
class ThrottledProxy
{
public:
    explicit ThrottledProxy(int targetPort);
    ~ThrottledProxy();
    ThrottledProxy(const ThrottledProxy &) = delete;
    ThrottledProxy &operator=(const ThrottledProxy &) = delete;

    bool start();   // false when no port could be bound
    void stop();
    int port() const { return _port; }
    // Bytes per second client→server; 0 = as fast as possible.
    void setRate(std::int64_t bytesPerSecond) { _rate.store(bytesPerSecond); }
    std::int64_t upstreamBytes() const { return _upstream.load(); }

private:
    void acceptLoop();
    void relay(int client);

    int _targetPort;
    int _port = 0;
    int _listen = -1;
    std::atomic<bool> _stopping{false};
    std::atomic<std::int64_t> _rate{0};
    std::atomic<std::int64_t> _upstream{0};
    std::thread _acceptor;
    std::mutex _mutex;
    std::set<int> _fds;
    std::vector<std::thread> _relays;
};
