#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

// A nestboxd for the app bench: `serve` on a temp data dir (or one under `parentDir`), a free
// loopback port (read from its port file), cheap Argon2, killed with the bench.
class BenchServer {
public:
    BenchServer(const QString &program, const QString &parentDir, const QStringList &extraArgs);
    ~BenchServer();

    bool start(QString *error);
    QUrl baseUrl() const;
    QString dataDir() const;
    qint64 pid() const { return _process.processId(); }

private:
    QString _program;
    QStringList _extraArgs;
    std::unique_ptr<QTemporaryDir> _dir;
    QProcess _process;
    int _port = 0;
};
