#pragma once

#include <QString>

// The broker one run of the queue suite talks to, picked by NESTBOX_QUEUE_BACKEND (db, redis or
// amqp) and found through the env files the CTest fixtures write (services.sh for Redis,
// rabbitmq.sh for RabbitMQ).
class QueueBackend
{
public:
    enum class Kind { Db, Redis, Amqp };

    static QueueBackend fromEnvironment();

    Kind kind() const { return _kind; }
    QString name() const;
    bool isValid() const { return _error.isEmpty(); }
    QString error() const { return _error; }

    // A queue.url of its own for one test: a fresh stream prefix or queue name.
    QString freshUrl(const QString &tag) const;
    // Restarts the broker, keeping its data; false with *log on failure. Not for db.
    bool restartBroker(QString *log) const;

    int redisPort() const { return _redisPort; }

private:
    Kind _kind = Kind::Db;
    QString _error;
    int _redisPort = 0;
    QString _amqpUrl;
    QString _rabbitEnv;
};
