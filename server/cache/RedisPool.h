#pragma once

#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace nestbox::server {

// Connections to one Redis server, lent one per call. Thread-safe. A connection that fails
// is dropped rather than returned (Poco's own PoolableObjectFactory<Redis::Client> never checks
// or reconnects, so a Redis restart would poison it), and a failure of any kind becomes
// ServiceError(Unavailable).
class RedisPool {
public:
    // url: redis://[:password@]host:port[/db]; `password` (may be empty) overrides the URL's.
    RedisPool(const std::string& url, const std::string& password);

    // Runs one command and returns its reply.
    Poco::Redis::RedisType::Ptr run(const Poco::Redis::Array& command);

    std::string describe() const { return _description; }

private:
    std::unique_ptr<Poco::Redis::Client> connect();

    std::string _host;
    int _port = 6379;
    std::string _password;
    int _db = 0;
    std::string _description;
    std::mutex _mutex;
    std::vector<std::unique_ptr<Poco::Redis::Client>> _idle;
};

} // namespace nestbox::server
