#include "BenchServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

BenchServer::BenchServer(const QString &program, const QString &parentDir, const QStringList &extraArgs)
    : _program(program)
    , _extraArgs(extraArgs)
    , _dir(parentDir.isEmpty() ? std::make_unique<QTemporaryDir>()
                               : std::make_unique<QTemporaryDir>(parentDir + QStringLiteral("/nestbox-appbench-XXXXXX")))
{
}

BenchServer::~BenchServer()
{
    if (_process.state() != QProcess::NotRunning) {
        _process.terminate();
        if (!_process.waitForFinished(20000))
            _process.kill();
        _process.waitForFinished(5000);
    }
}

QString BenchServer::dataDir() const
{
    return _dir->filePath(QStringLiteral("data"));
}

QUrl BenchServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(_port);
    return url;
}

bool BenchServer::start(QString *error)
{
    const QString portFile = _dir->filePath(QStringLiteral("port"));
    QStringList args{QStringLiteral("serve"), QStringLiteral("--data-dir=") + dataDir(),
                     QStringLiteral("-Dhttp.port=0"), QStringLiteral("-Dhttp.port_file=") + portFile,
                     QStringLiteral("-Dhttp.host=127.0.0.1"), QStringLiteral("-Dauth.argon2_memory_kib=1024"),
                     QStringLiteral("-Dauth.argon2_iterations=1"), QStringLiteral("-Dlog.level=warning")};
    args << _extraArgs;
    _process.setProgram(_program);
    _process.setArguments(args);
    _process.setStandardOutputFile(_dir->filePath(QStringLiteral("stdout.log")));
    _process.setStandardErrorFile(_dir->filePath(QStringLiteral("nestboxd.log")));
    _process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    _process.start();
    if (!_process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(_program, _process.errorString());
        return false;
    }
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        if (_process.state() == QProcess::NotRunning) {
            *error = QStringLiteral("nestboxd exited; see ") + _dir->filePath(QStringLiteral("nestboxd.log"));
            return false;
        }
        QFile f(portFile);
        if (f.open(QIODevice::ReadOnly)) {
            _port = f.readAll().trimmed().toInt();
            if (_port > 0)
                return true;
        }
        QThread::msleep(50);
    }
    *error = QStringLiteral("nestboxd wrote no port file in 60 s");
    return false;
}
