#pragma once

#include "CommandRunner.h"

#include "TestServices.h"

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

// One real nestboxd process for a test: `serve --data-dir=TMP -Dhttp.port=0 -Dhttp.port_file=TMP/port`
// plus the profile's database settings and the test's own -D flags. start() waits for the port file
// and GET /healthz. kill9() and start() again run it on the same data (and the same database) so
// crash/restart behaviour can be tested. In the mariadb profile every TestServer gets a fresh
// database of its own and a Redis database index of its own.
class TestServer
{
public:
    struct Options {
        QStringList defines;              // "key=value" pairs given as -Dkey=value
        QStringList arguments;            // further command-line arguments, e.g. --config=FILE
        bool smallChunks = true;          // chunk_size_min/default 64 KiB so tests stay small
        bool fastArgon2 = true;           // cheap Argon2 parameters
        // Use these services instead of the shared ones (mariadb profile only).
        const TestServices *services = nullptr;
    };

    TestServer();
    explicit TestServer(Options options);
    ~TestServer();
    TestServer(const TestServer &) = delete;
    TestServer &operator=(const TestServer &) = delete;

    bool start();      // false + error() when it did not come up
    bool launch();     // starts nestboxd and returns at once, without waiting for it to serve
    int exitCode() const; // after it exited by itself or after stop(): its exit code; -1 if running or killed by a signal
    void kill9();      // SIGKILL, no clean-up by the server
    bool stop();       // SIGTERM and wait; false if it did not exit in time
    bool isRunning() const;
    qint64 pid() const;

    // Runs an operator sub-command (`user add NAME`, `fsck`, …) against the same data dir and
    // database as the server; the exit code (-1 when it did not finish) and stdout+stderr.
    using CommandResult = ::CommandResult;
    CommandResult runCommand(const QStringList &args, const QByteArray &input = {}, int timeoutMs = 60000);

    QString error() const { return _error; }
    QUrl baseUrl() const;
    int port() const { return _port; }
    QString dataDir() const;
    QString logPath() const;
    QString logTail(int lines = 40) const;
    QByteArray standardOutput() const;
    QStringList arguments() const { return _arguments; }
    QString databaseUrl() const { return _dbUrl; }
    QString redisUrl() const { return _redisUrl; }

private:
    bool prepareProfile();
    QStringList profileDefines() const;

    Options _options;
    std::unique_ptr<QTemporaryDir> _root;
    std::unique_ptr<QProcess> _process;
    QStringList _arguments;
    QString _error;
    QString _database;
    QString _dbUrl;
    QString _redisUrl;
    TestServices _services;
    int _port = 0;
    int _starts = 0;
    bool _prepared = false;
};
