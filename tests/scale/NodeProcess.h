#pragma once

#include "CommandRunner.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

// What several nestboxd processes of one deployment share: one data dir (tiered mode needs it
// shared between API nodes and workers), one database, Redis, the queue and the bucket.
struct NodeConfig {
    QString dataDir;
    QString dbUrl;      // empty: SQLite under dataDir
    QString redisUrl;   // empty: in-process locks
    QString queueUrl;   // empty: db
    QString storageUrl; // s3://…
    QString accessKey;
    QString secretKey;
    QStringList extra;  // more key=value pairs

    // -D pairs for `serve` and the operator sub-commands (fast Argon2, 64 KiB smallest chunk).
    QStringList defines() const;
};

// One nestboxd of a multi-process deployment: `serve --role=ROLE` on a free loopback port (the
// same port again after kill9() + start(), so a load balancer's upstream list stays right), its
// stderr in LOGDIR/NAME.log (appended over restarts). Killed by the kernel if the test dies.
class NodeProcess
{
public:
    NodeProcess(QString name, QString role, NodeConfig config, QString logDir);
    ~NodeProcess();
    NodeProcess(const NodeProcess &) = delete;
    NodeProcess &operator=(const NodeProcess &) = delete;

    NodeConfig &config() { return _config; }
    bool start();   // waits for the port file and /healthz; false + error()
    void kill9();   // SIGKILL
    bool stop();    // SIGTERM and wait
    bool isRunning() const;
    qint64 pid() const;
    int port() const { return _port; }
    QUrl baseUrl() const;
    QString name() const { return _name; }
    QString error() const { return _error; }
    QString logPath() const;
    QByteArray logText() const;
    QString logTail(int lines = 30) const;

    using CommandResult = ::CommandResult;
    // `nestboxd ARGS --data-dir=… -D…` against the deployment of `config` (gc, fsck, jobs list …).
    static CommandResult run(const NodeConfig &config, const QStringList &args, const QByteArray &input = {},
                             int timeoutMs = 120000);

private:
    QString _name;
    QString _role;
    NodeConfig _config;
    QString _logDir;
    std::unique_ptr<QProcess> _process;
    QString _error;
    int _port = 0;
};

// The nestboxd binary the suites run (NESTBOX_TEST_NESTBOXD overrides the build's).
QString nestboxdPath();
