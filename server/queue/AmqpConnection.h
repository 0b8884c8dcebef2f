#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct amqp_connection_state_t_;

namespace nestbox::server {

// One AMQP 0-9-1 connection (rabbitmq-c) with one channel, used by one thread at a time:
// rabbitmq-c connections are not thread-safe. Every failure throws AmqpConnection::Broken after
// marking the connection broken; the owner then drops it and connects anew (a broker restart).
class AmqpConnection {
public:
    struct Settings {
        std::string host = "127.0.0.1";
        int port = 5672;
        std::string user = "guest";
        std::string password = "guest";
        std::string vhost = "/";
        std::chrono::milliseconds timeout{5000};
    };
    struct QueueArgument {
        std::string name;
        std::string text;       // used when `isNumber` is false
        std::int64_t number = 0;
        bool isNumber = false;
    };
    struct Message {
        std::uint64_t deliveryTag = 0;
        bool redelivered = false;
        std::string body;
    };
    class Broken : public std::runtime_error {
    public:
        using std::runtime_error::runtime_error;
    };

    explicit AmqpConnection(const Settings& settings);
    ~AmqpConnection();
    AmqpConnection(const AmqpConnection&) = delete;
    AmqpConnection& operator=(const AmqpConnection&) = delete;

    bool broken() const { return _broken; }

    // queue.declare (durable); returns the ready message count. `passive` only checks it exists.
    std::int64_t declareQueue(const std::string& name, const std::vector<QueueArgument>& arguments, bool passive = false);
    // Publisher confirms on: every publish() then waits for the broker's basic.ack.
    void enableConfirms();
    // Persistent (delivery_mode 2), mandatory message to the default exchange; with confirms on,
    // returns once the broker acknowledged it and throws when it was nacked or unroutable.
    void publish(const std::string& queue, const std::string& messageId, const std::string& body,
                 std::optional<std::chrono::milliseconds> expiration = std::nullopt);
    // Manual-ack consumer on `queue` with at most `prefetch` unacknowledged messages.
    void consume(const std::string& queue, int prefetch);
    std::optional<Message> next(std::chrono::milliseconds wait);
    void ack(std::uint64_t deliveryTag);

private:
    [[noreturn]] void fail(const std::string& what);
    void check(const char* what);
    void waitForConfirm();

    amqp_connection_state_t_* _conn = nullptr;
    bool _broken = false;
    bool _confirms = false;
    std::chrono::milliseconds _timeout;
};

} // namespace nestbox::server
