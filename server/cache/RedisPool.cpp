#include "cache/RedisPool.h"

#include "service/ServiceError.h"

#include <Poco/Logger.h>
#include <Poco/NumberParser.h>
#include <Poco/Redis/Error.h>
#include <Poco/URI.h>

namespace nestbox::server {

RedisPool::RedisPool(const std::string& url, const std::string& password)
{
    Poco::URI uri(url);
    if (uri.getScheme() != "redis")
        throw Poco::InvalidArgumentException("redis.url must look like redis://host:port[/db]");
    _host = uri.getHost().empty() ? "127.0.0.1" : uri.getHost();
    _port = uri.getPort() ? uri.getPort() : 6379;
    std::string info = uri.getUserInfo();
    if (const auto colon = info.find(':'); colon != std::string::npos)
        _password = info.substr(colon + 1);
    if (!password.empty())
        _password = password;
    std::string path = uri.getPath();
    if (path.size() > 1)
        _db = Poco::NumberParser::parse(path.substr(1));
    _description = "redis://" + _host + ":" + std::to_string(_port) + "/" + std::to_string(_db);
}

std::unique_ptr<Poco::Redis::Client> RedisPool::connect()
{
    auto client = std::make_unique<Poco::Redis::Client>();
    client->connect(_host, _port, Poco::Timespan(2, 0));
    client->setReceiveTimeout(Poco::Timespan(5, 0));
    if (!_password.empty()) {
        Poco::Redis::Array auth;
        auth << "AUTH" << _password;
        client->execute<std::string>(auth);
    }
    if (_db != 0) {
        Poco::Redis::Array select;
        select << "SELECT" << std::to_string(_db);
        client->execute<std::string>(select);
    }
    return client;
}

Poco::Redis::RedisType::Ptr RedisPool::run(const Poco::Redis::Array& command)
{
    std::unique_ptr<Poco::Redis::Client> client;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (!_idle.empty()) {
            client = std::move(_idle.back());
            _idle.pop_back();
        }
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused = client != nullptr;
        try {
            if (!client)
                client = connect();
            Poco::Redis::RedisType::Ptr reply = client->sendCommand(command);
            if (reply->isError()) {
                const auto& error = static_cast<Poco::Redis::Type<Poco::Redis::Error>&>(*reply);
                throw Poco::Redis::RedisException(error.value().getMessage());
            }
            std::lock_guard<std::mutex> lock(_mutex);
            _idle.push_back(std::move(client));
            return reply;
        } catch (const Poco::Exception& e) {
            client.reset();
            // A connection kept from before a Redis restart fails once; try a fresh one.
            if (reused && attempt == 0)
                continue;
            Poco::Logger::get("nestbox.redis").warning("redis unavailable: %s", e.displayText());
            throw ServiceError(ErrorCode::Unavailable, "Redis is not answering; try again shortly");
        }
    }
    throw ServiceError(ErrorCode::Unavailable, "Redis is not answering; try again shortly");
}

} // namespace nestbox::server
