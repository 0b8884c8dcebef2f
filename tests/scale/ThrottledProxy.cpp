#include "ThrottledProxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cerrno>

namespace {

bool writeAll(int fd, const char *data, std::size_t n)
{
    while (n > 0) {
        const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

} // namespace

ThrottledProxy::ThrottledProxy(int targetPort)
    : _targetPort(targetPort)
{
}

ThrottledProxy::~ThrottledProxy()
{
    stop();
}

bool ThrottledProxy::start()
{
    _listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (_listen < 0)
        return false;
    int one = 1;
    ::setsockopt(_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(_listen, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(_listen, 64) != 0) {
        ::close(_listen);
        _listen = -1;
        return false;
    }
    socklen_t len = sizeof addr;
    ::getsockname(_listen, reinterpret_cast<sockaddr *>(&addr), &len);
    _port = ntohs(addr.sin_port);
    _acceptor = std::thread([this] { acceptLoop(); });
    return true;
}

void ThrottledProxy::stop()
{
    if (_stopping.exchange(true))
        return;
    if (_listen >= 0)
        ::shutdown(_listen, SHUT_RDWR);
    if (_acceptor.joinable())
        _acceptor.join();
    if (_listen >= 0)
        ::close(_listen);
    std::vector<std::thread> relays;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        for (int fd : _fds)
            ::shutdown(fd, SHUT_RDWR);
        relays.swap(_relays);
    }
    for (std::thread &t : relays)
        if (t.joinable())
            t.join();
}

void ThrottledProxy::acceptLoop()
{
    while (!_stopping.load()) {
        pollfd p{_listen, POLLIN, 0};
        const int r = ::poll(&p, 1, 200);
        if (r <= 0)
            continue;
        const int client = ::accept4(_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0)
            continue;
        std::lock_guard<std::mutex> lock(_mutex);
        if (_stopping.load()) {
            ::close(client);
            return;
        }
        _fds.insert(client);
        _relays.emplace_back([this, client] { relay(client); });
    }
}

void ThrottledProxy::relay(int client)
{
    const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(_targetPort));
    bool ok = server >= 0 && ::connect(server, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
    if (ok) {
        std::lock_guard<std::mutex> lock(_mutex);
        _fds.insert(server);
    }
    // small socket buffers so the rate limit is felt at once, not after a few MiB of buffering
    int small = 64 * 1024;
    if (ok) {
        ::setsockopt(server, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
        ::setsockopt(client, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    }
    std::vector<char> buffer(16 * 1024);
    auto start = std::chrono::steady_clock::now();
    std::int64_t sentSince = 0;
    std::int64_t lastRate = -1;
    while (ok && !_stopping.load()) {
        pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        const int r = ::poll(fds, 2, 200);
        if (r < 0 && errno != EINTR)
            break;
        if (r <= 0)
            continue;
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const std::int64_t rate = _rate.load();
            if (rate != lastRate) {
                lastRate = rate;
                start = std::chrono::steady_clock::now();
                sentSince = 0;
            }
            const ssize_t n = ::recv(client, buffer.data(), buffer.size(), 0);
            if (n <= 0)
                break;
            if (!writeAll(server, buffer.data(), static_cast<std::size_t>(n)))
                break;
            _upstream.fetch_add(n);
            sentSince += n;
            if (rate > 0) {
                const auto due = start + std::chrono::microseconds(sentSince * 1000000 / rate);
                while (!_stopping.load() && std::chrono::steady_clock::now() < due && _rate.load() == rate)
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::recv(server, buffer.data(), buffer.size(), 0);
            if (n <= 0)
                break;
            if (!writeAll(client, buffer.data(), static_cast<std::size_t>(n)))
                break;
        }
    }
    std::lock_guard<std::mutex> lock(_mutex);
    _fds.erase(client);
    ::close(client);
    if (server >= 0) {
        _fds.erase(server);
        ::close(server);
    }
}
