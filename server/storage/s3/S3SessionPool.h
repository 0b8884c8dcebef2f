#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace nestbox::server {

// Keep-alive HTTP(S) sessions to one host, handed out one per request. A session goes back only
// after a clean exchange (its response read to the end); one that failed is dropped, so a broken
// connection is never reused. Thread-safe.
class S3SessionPool {
public:
    // `context` is needed for https only.
    S3SessionPool(std::string host, unsigned short port, bool https, Poco::Net::Context::Ptr context,
                  std::size_t maxIdle, std::chrono::milliseconds connectTimeout, std::chrono::milliseconds ioTimeout);

    std::unique_ptr<Poco::Net::HTTPClientSession> acquire();
    void release(std::unique_ptr<Poco::Net::HTTPClientSession> session);

private:
    std::string _host;
    unsigned short _port;
    bool _https;
    Poco::Net::Context::Ptr _context;
    std::size_t _maxIdle;
    std::chrono::milliseconds _connectTimeout;
    std::chrono::milliseconds _ioTimeout;
    std::mutex _mutex;
    std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> _idle;
};

} // namespace nestbox::server
