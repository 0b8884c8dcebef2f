#pragma once

#include "queue/AmqpConnection.h"
#include "queue/JobTransport.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace nestbox::server {

// queue.url = amqp://user:pass@host:port/vhost[?queue=NAME&prefetch=N]: RabbitMQ through
// rabbitmq-c. Durable work queue NAME (default nestbox.jobs) of persistent messages, published
// with publisher confirms; consumed with manual acks and basic.qos prefetch (default 1, jobs are
// long). A retry waits in NAME.retry.<ms>, a queue whose TTL dead-letters it back to NAME (one
// queue per backoff step, so a short delay never waits behind a long one; unused ones expire);
// dead letters go to NAME.dead. Every thread gets connections of its own (one to consume, one to
// publish) because rabbitmq-c connections are not thread-safe; a broken one is dropped and the next
// call connects again, so a broker restart costs a failed call, not the worker. Thread-safe.
class RabbitMqTransport : public JobTransport {
public:
    explicit RabbitMqTransport(const std::string& url);
    ~RabbitMqTransport() override;

    void publish(const JobRecord& job) override;
    std::optional<Delivery> receive(std::chrono::milliseconds wait) override;
    void ack(const Delivery& delivery) override;
    void retryLater(const Delivery& delivery, std::chrono::milliseconds delay) override;
    void deadLetter(const Delivery& delivery, const std::string& reason) override;
    std::int64_t depth() override;
    std::int64_t deadCount() override;
    std::string describe() override;

    // Closes this thread's connections (a worker that stops, or a test simulating a dead one).
    void detachThread() override;

private:
    struct ThreadConnections {
        std::unique_ptr<AmqpConnection> consumer;
        std::uint64_t consumerSerial = 0;
        std::unique_ptr<AmqpConnection> publisher;
    };

    ThreadConnections& mine();
    AmqpConnection& consumer(ThreadConnections& c);
    AmqpConnection& publisher(ThreadConnections& c);
    void declareTopology(AmqpConnection& connection);
    template <typename Fn>
    auto withPublisher(Fn&& fn);
    void ackOnThisThread(const Delivery& delivery);
    void dropConsumer();

    AmqpConnection::Settings _settings;
    std::string _queue;
    int _prefetch = 1;
    std::string _description;
    std::atomic<std::uint64_t> _serials{0};
    std::mutex _mutex;
    std::map<std::thread::id, std::unique_ptr<ThreadConnections>> _connections;
};

} // namespace nestbox::server
