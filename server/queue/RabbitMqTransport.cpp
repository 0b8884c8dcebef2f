#include "queue/RabbitMqTransport.h"

#include "service/ServiceError.h"

#include <Poco/Logger.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

namespace nestbox::server {

namespace {

Poco::Logger& logger()
{
    return Poco::Logger::get("nestbox.jobs");
}

std::string encode(const std::string& id, const std::string& kind, const std::string& subject, std::int64_t attempt)
{
    return id + "\n" + kind + "\n" + subject + "\n" + std::to_string(attempt);
}

std::optional<Delivery> decode(const std::string& body)
{
    Delivery d;
    std::size_t start = 0;
    std::string* fields[] = {&d.jobId, &d.kind, &d.subject};
    for (std::string* field : fields) {
        const std::size_t end = body.find('\n', start);
        if (end == std::string::npos)
            return std::nullopt;
        *field = body.substr(start, end - start);
        start = end + 1;
    }
    d.attempt = Poco::NumberParser::parse64(body.substr(start), 0);
    if (d.jobId.empty())
        return std::nullopt;
    return d;
}

// The delivery tag names the connection it came from: after a reconnect an old tag means nothing.
std::string makeTag(std::uint64_t serial, std::uint64_t deliveryTag)
{
    return std::to_string(serial) + ":" + std::to_string(deliveryTag);
}

std::string queryValue(const Poco::URI& uri, const std::string& key, const std::string& fallback)
{
    for (const auto& [name, value] : uri.getQueryParameters())
        if (name == key)
            return value;
    return fallback;
}

[[noreturn]] void unavailable(const std::exception& e)
{
    logger().warning("RabbitMQ unavailable: %s", std::string(e.what()));
    throw ServiceError(ErrorCode::Unavailable, "the job queue (RabbitMQ) is not answering; try again shortly");
}

} // namespace

RabbitMqTransport::RabbitMqTransport(const std::string& url)
{
    Poco::URI uri(url);
    if (uri.getScheme() != "amqp")
        throw Poco::InvalidArgumentException("queue.url must look like amqp://user:pass@host:port/vhost");
    _settings.host = uri.getHost().empty() ? "127.0.0.1" : uri.getHost();
    _settings.port = uri.getPort() ? uri.getPort() : 5672;
    const std::string info = uri.getUserInfo();
    if (!info.empty()) {
        const auto colon = info.find(':');
        _settings.user = info.substr(0, colon);
        _settings.password = colon == std::string::npos ? std::string() : info.substr(colon + 1);
    }
    const std::string path = uri.getPath();
    _settings.vhost = path.size() > 1 ? path.substr(1) : "/";
    _queue = queryValue(uri, "queue", "nestbox.jobs");
    _prefetch = Poco::NumberParser::parse(queryValue(uri, "prefetch", "1"));
    if (_prefetch < 1 || _prefetch > 65535)
        throw Poco::InvalidArgumentException("queue.url: prefetch must be 1..65535");
    _description = "amqp://" + _settings.user + "@" + _settings.host + ":" + std::to_string(_settings.port) + "/"
                   + (_settings.vhost == "/" ? "%2f" : _settings.vhost) + " queue " + _queue;
}

RabbitMqTransport::~RabbitMqTransport() = default;

RabbitMqTransport::ThreadConnections& RabbitMqTransport::mine()
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto& slot = _connections[std::this_thread::get_id()];
    if (!slot)
        slot = std::make_unique<ThreadConnections>();
    return *slot;
}

void RabbitMqTransport::detachThread()
{
    std::unique_ptr<ThreadConnections> gone;
    std::lock_guard<std::mutex> lock(_mutex);
    if (auto it = _connections.find(std::this_thread::get_id()); it != _connections.end()) {
        gone = std::move(it->second);
        _connections.erase(it);
    }
}

void RabbitMqTransport::declareTopology(AmqpConnection& connection)
{
    connection.declareQueue(_queue, {});
    connection.declareQueue(_queue + ".dead", {{"x-max-length", {}, 100000, true}});
}

AmqpConnection& RabbitMqTransport::consumer(ThreadConnections& c)
{
    if (c.consumer && c.consumer->broken())
        c.consumer.reset();
    if (!c.consumer) {
        auto connection = std::make_unique<AmqpConnection>(_settings);
        declareTopology(*connection);
        connection->consume(_queue, _prefetch);
        c.consumer = std::move(connection);
        c.consumerSerial = ++_serials;
    }
    return *c.consumer;
}

AmqpConnection& RabbitMqTransport::publisher(ThreadConnections& c)
{
    if (c.publisher && c.publisher->broken())
        c.publisher.reset();
    if (!c.publisher) {
        auto connection = std::make_unique<AmqpConnection>(_settings);
        declareTopology(*connection);
        connection->enableConfirms();
        c.publisher = std::move(connection);
    }
    return *c.publisher;
}

template <typename Fn>
auto RabbitMqTransport::withPublisher(Fn&& fn)
{
    ThreadConnections& c = mine();
    for (int attempt = 0;; ++attempt) {
        try {
            return fn(publisher(c));
        } catch (const AmqpConnection::Broken& e) {
            // A nack or an unroutable message leaves the connection usable but says nothing good
            // about it either: start over on a fresh one. A connection kept from before a broker
            // restart fails on its first use, so one fresh try follows before giving up.
            c.publisher.reset();
            if (attempt == 0)
                continue;
            unavailable(e);
        }
    }
}

void RabbitMqTransport::dropConsumer()
{
    // Closing the consumer's connection hands every unacknowledged message back to the broker.
    // Without it a delivery that could not be settled would hold the prefetch window (1 by
    // default) and this thread would receive nothing more.
    ThreadConnections& c = mine();
    c.consumer.reset();
}

void RabbitMqTransport::publish(const JobRecord& job)
{
    withPublisher([&](AmqpConnection& p) { p.publish(_queue, job.id, encode(job.id, job.kind, job.subject, job.attempts)); });
}

std::optional<Delivery> RabbitMqTransport::receive(std::chrono::milliseconds wait)
{
    ThreadConnections& c = mine();
    try {
        for (;;) {
            auto message = consumer(c).next(wait);
            if (!message)
                return std::nullopt;
            auto delivery = decode(message->body);
            if (!delivery) {
                // Not ours to understand: off to the dead letters so it is seen, not lost or looped.
                logger().warning("job queue %s: undecodable message dropped to %s.dead", _queue, _queue);
                publisher(c).publish(_queue + ".dead", "", message->body);
                c.consumer->ack(message->deliveryTag);
                continue;
            }
            delivery->tag = makeTag(c.consumerSerial, message->deliveryTag);
            return delivery;
        }
    } catch (const AmqpConnection::Broken& e) {
        c.consumer.reset();
        unavailable(e);
    }
}

void RabbitMqTransport::ackOnThisThread(const Delivery& delivery)
{
    ThreadConnections& c = mine();
    const auto colon = delivery.tag.find(':');
    if (colon == std::string::npos)
        return;
    const std::uint64_t serial = std::stoull(delivery.tag.substr(0, colon));
    // The connection it came on is gone: the broker has put the message back already.
    if (!c.consumer || c.consumer->broken() || serial != c.consumerSerial)
        return;
    try {
        c.consumer->ack(std::stoull(delivery.tag.substr(colon + 1)));
    } catch (const AmqpConnection::Broken& e) {
        c.consumer.reset();
        unavailable(e);
    }
}

void RabbitMqTransport::ack(const Delivery& delivery)
{
    ackOnThisThread(delivery);
}

void RabbitMqTransport::retryLater(const Delivery& delivery, std::chrono::milliseconds delay)
{
    const auto ms = std::max<std::int64_t>(1, delay.count());
    const std::string retryQueue = _queue + ".retry." + std::to_string(ms);
    try {
        withPublisher([&](AmqpConnection& p) {
            // Declared on every use: a retry queue nobody declared for a minute past its TTL expires.
            p.declareQueue(retryQueue, {{"x-dead-letter-exchange", "", 0, false},
                                        {"x-dead-letter-routing-key", _queue, 0, false},
                                        {"x-message-ttl", {}, ms, true},
                                        {"x-expires", {}, ms + 60000, true}});
            p.publish(retryQueue, delivery.jobId,
                      encode(delivery.jobId, delivery.kind, delivery.subject, delivery.attempt + 1),
                      std::chrono::milliseconds(ms));
        });
    } catch (...) {
        dropConsumer();
        throw;
    }
    ackOnThisThread(delivery);
}

void RabbitMqTransport::deadLetter(const Delivery& delivery, const std::string& reason)
{
    try {
        withPublisher([&](AmqpConnection& p) {
            p.publish(_queue + ".dead", delivery.jobId,
                      encode(delivery.jobId, delivery.kind, delivery.subject, delivery.attempt) + "\n"
                          + reason.substr(0, 1000));
        });
    } catch (...) {
        dropConsumer();
        throw;
    }
    ackOnThisThread(delivery);
}

std::int64_t RabbitMqTransport::depth()
{
    return withPublisher([&](AmqpConnection& p) { return p.declareQueue(_queue, {}, true); });
}

std::int64_t RabbitMqTransport::deadCount()
{
    return withPublisher([&](AmqpConnection& p) { return p.declareQueue(_queue + ".dead", {}, true); });
}

std::string RabbitMqTransport::describe()
{
    return _description;
}

} // namespace nestbox::server
