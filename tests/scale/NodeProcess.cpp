#include "NodeProcess.h"

#include "HttpClient.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

#ifndef NESTBOXD_PATH
#error "NESTBOXD_PATH must name the nestboxd binary"
#endif

QString nestboxdPath()
{
    return qEnvironmentVariable("NESTBOX_TEST_NESTBOXD", QStringLiteral(NESTBOXD_PATH));
}

namespace {

QProcessEnvironment cleanEnvironment(const QString &dataDir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("NESTBOX_")))
            env.remove(key);
    }
    env.insert(QStringLiteral("XDG_DATA_HOME"), dataDir + QStringLiteral("-xdg"));
    return env;
}

} // namespace

QStringList NodeConfig::defines() const
{
    QStringList d{
        QStringLiteral("auth.argon2_memory_kib=1024"),
        QStringLiteral("auth.argon2_iterations=1"),
        QStringLiteral("limits.chunk_size_min=65536"),
        QStringLiteral("limits.chunk_size_default=1048576"),
        QStringLiteral("auth.login_max_failures_address=1000000"),
    };
    if (!dbUrl.isEmpty())
        d << QStringLiteral("db.url=") + dbUrl;
    if (!redisUrl.isEmpty())
        d << QStringLiteral("redis.url=") + redisUrl;
    if (!queueUrl.isEmpty())
        d << QStringLiteral("queue.url=") + queueUrl;
    if (!storageUrl.isEmpty())
        d << QStringLiteral("storage.url=") + storageUrl;
    if (!accessKey.isEmpty())
        d << QStringLiteral("storage.access_key=") + accessKey;
    if (!secretKey.isEmpty())
        d << QStringLiteral("storage.secret_key=") + secretKey;
    d << extra;
    return d;
}

NodeProcess::NodeProcess(QString name, QString role, NodeConfig config, QString logDir)
    : _name(std::move(name))
    , _role(std::move(role))
    , _config(std::move(config))
    , _logDir(std::move(logDir))
{
    QDir().mkpath(_logDir);
}

NodeProcess::~NodeProcess()
{
    stop();
}

QString NodeProcess::logPath() const
{
    return _logDir + QLatin1Char('/') + _name + QStringLiteral(".log");
}

QByteArray NodeProcess::logText() const
{
    QFile f(logPath());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString NodeProcess::logTail(int lines) const
{
    const QList<QByteArray> all = logText().split('\n');
    QString out;
    for (qsizetype i = qMax<qsizetype>(0, all.size() - lines); i < all.size(); ++i)
        out += QString::fromUtf8(all.at(i)) + QLatin1Char('\n');
    return out;
}

bool NodeProcess::isRunning() const
{
    return _process && _process->state() != QProcess::NotRunning;
}

qint64 NodeProcess::pid() const
{
    return isRunning() ? _process->processId() : 0;
}

QUrl NodeProcess::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(_port);
    return url;
}

bool NodeProcess::start()
{
    _error.clear();
    if (isRunning()) {
        _error = QStringLiteral("already running");
        return false;
    }
    QDir().mkpath(_config.dataDir);
    const QString portFile = _logDir + QLatin1Char('/') + _name + QStringLiteral(".port");
    QFile::remove(portFile);
    QStringList args{QStringLiteral("serve"), QStringLiteral("--role=") + _role,
                     QStringLiteral("--data-dir=") + _config.dataDir,
                     QStringLiteral("-Dhttp.host=127.0.0.1"),
                     QStringLiteral("-Dhttp.port=%1").arg(_port),
                     QStringLiteral("-Dhttp.port_file=") + portFile,
                     QStringLiteral("-Dserver.name=") + _name};
    const QStringList defines = _config.defines();
    for (const QString &d : defines)
        args << QStringLiteral("-D") + d;

    _process = std::make_unique<QProcess>();
    _process->setProgram(nestboxdPath());
    _process->setArguments(args);
    _process->setStandardOutputFile(_logDir + QLatin1Char('/') + _name + QStringLiteral(".out"), QIODevice::Append);
    _process->setStandardErrorFile(logPath(), QIODevice::Append);
    _process->setProcessEnvironment(cleanEnvironment(_config.dataDir));
    _process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    _process->start();
    if (!_process->waitForStarted(10000)) {
        _error = QStringLiteral("cannot start nestboxd: ") + _process->errorString();
        return false;
    }
    QDeadlineTimer deadline(60000);
    int port = 0;
    while (!deadline.hasExpired() && port == 0) {
        if (_process->state() == QProcess::NotRunning) {
            _error = QStringLiteral("%1 exited (code %2) before listening; log:\n%3")
                         .arg(_name)
                         .arg(_process->exitCode())
                         .arg(logTail());
            return false;
        }
        QFile f(portFile);
        if (f.open(QIODevice::ReadOnly))
            port = f.readAll().trimmed().toInt();
        if (port == 0)
            _process->waitForFinished(50);
    }
    if (port == 0) {
        _error = QStringLiteral("%1 wrote no port file in 60 s; log:\n%2").arg(_name, logTail());
        return false;
    }
    _port = port;
    HttpClient http(baseUrl());
    http.setTimeoutMs(5000);
    while (!deadline.hasExpired()) {
        if (http.send({QByteArrayLiteral("GET"), QByteArrayLiteral("/healthz"), {}, {}}).status == 200)
            return true;
        if (_process->state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    _error = QStringLiteral("%1: /healthz never answered 200; log:\n%2").arg(_name, logTail());
    return false;
}

void NodeProcess::kill9()
{
    if (!isRunning())
        return;
    _process->kill();
    _process->waitForFinished(10000);
}

bool NodeProcess::stop()
{
    if (!isRunning())
        return true;
    _process->terminate();
    if (_process->waitForFinished(20000))
        return true;
    _process->kill();
    _process->waitForFinished(5000);
    return false;
}

CommandResult NodeProcess::run(const NodeConfig &config, const QStringList &args, const QByteArray &input,
                               int timeoutMs)
{
    QStringList all = args;
    all << QStringLiteral("--data-dir=") + config.dataDir << QStringLiteral("-Dlog.level=warning");
    const QStringList defines = config.defines();
    for (const QString &d : defines)
        all << QStringLiteral("-D") + d;
    return runToCompletion(nestboxdPath(), all, cleanEnvironment(config.dataDir), input, timeoutMs);
}
