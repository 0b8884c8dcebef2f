#include "PrivateRedis.h"

#include <QDeadlineTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

PrivateRedis::PrivateRedis() = default;

PrivateRedis::~PrivateRedis()
{
    stop();
}

bool PrivateRedis::start()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        _error = QStringLiteral("no free port");
        return false;
    }
    _port = probe.serverPort();
    probe.close();
    return launch();
}

bool PrivateRedis::launch()
{
    _process = std::make_unique<QProcess>();
    _process->setProcessChannelMode(QProcess::MergedChannels);
    _process->setStandardOutputFile(_dir.filePath(QStringLiteral("redis.out")), QIODevice::Append);
    _process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    _process->start(QStringLiteral("redis-server"),
                    {QStringLiteral("--port"), QString::number(_port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--dir"), _dir.path(), QStringLiteral("--save"), QString(),
                     QStringLiteral("--appendonly"), QStringLiteral("yes"), QStringLiteral("--appendfsync"),
                     QStringLiteral("always"), QStringLiteral("--daemonize"), QStringLiteral("no")});
    if (!_process->waitForStarted(10000)) {
        _error = QStringLiteral("redis-server did not start: ") + _process->errorString();
        return false;
    }
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(_port));
        if (s.waitForConnected(200)) {
            s.write("PING\r\n");
            if (s.waitForReadyRead(500) && s.readAll().startsWith("+PONG"))
                return true;
        }
        if (_process->state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    _error = QStringLiteral("redis-server on port %1 did not answer").arg(_port);
    return false;
}

void PrivateRedis::stop()
{
    if (_process && _process->state() != QProcess::NotRunning) {
        _process->terminate();
        if (!_process->waitForFinished(10000)) {
            _process->kill();
            _process->waitForFinished(5000);
        }
    }
    _process.reset();
}

bool PrivateRedis::restart()
{
    stop();
    QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired()) {
        if (launch())
            return true;
        stop();
        QThread::msleep(200);
    }
    return false;
}
