#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

// A redis-server of one test's own (the shared fixture's Redis must not be restarted under other
// suites): loopback, a free port, append-only file with fsync on every write so a restart keeps
// every stream entry the server acknowledged. restart() stops it with SIGTERM and starts it again
// on the same port and data.
class PrivateRedis
{
public:
    PrivateRedis();
    ~PrivateRedis();

    bool start();
    bool restart();
    void stop();
    int port() const { return _port; }
    QString error() const { return _error; }

private:
    bool launch();

    QTemporaryDir _dir;
    std::unique_ptr<QProcess> _process;
    int _port = 0;
    QString _error;
};
