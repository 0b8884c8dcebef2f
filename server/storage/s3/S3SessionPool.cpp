#include "S3SessionPool.h"

#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Timespan.h>

namespace nestbox::server {

namespace {

Poco::Timespan timespan(std::chrono::milliseconds ms)
{
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

} // namespace

S3SessionPool::S3SessionPool(std::string host, unsigned short port, bool https, Poco::Net::Context::Ptr context,
                             std::size_t maxIdle, std::chrono::milliseconds connectTimeout,
                             std::chrono::milliseconds ioTimeout)
    : _host(std::move(host))
    , _port(port)
    , _https(https)
    , _context(std::move(context))
    , _maxIdle(maxIdle)
    , _connectTimeout(connectTimeout)
    , _ioTimeout(ioTimeout)
{
}

std::unique_ptr<Poco::Net::HTTPClientSession> S3SessionPool::acquire()
{
    {
        std::lock_guard lock(_mutex);
        if (!_idle.empty()) {
            auto session = std::move(_idle.back());
            _idle.pop_back();
            return session;
        }
    }
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (_https)
        session = std::make_unique<Poco::Net::HTTPSClientSession>(_host, _port, _context);
    else
        session = std::make_unique<Poco::Net::HTTPClientSession>(_host, _port);
    session->setKeepAlive(true);
    // A connection idle this long may have been closed by the server: open a fresh one instead.
    session->setKeepAliveTimeout(Poco::Timespan(4, 0));
    session->setTimeout(timespan(_connectTimeout), timespan(_ioTimeout), timespan(_ioTimeout));
    return session;
}

void S3SessionPool::release(std::unique_ptr<Poco::Net::HTTPClientSession> session)
{
    std::lock_guard lock(_mutex);
    if (_idle.size() < _maxIdle)
        _idle.push_back(std::move(session));
}

} // namespace nestbox::server
