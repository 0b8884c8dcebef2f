#include "TestServer.h"

#include "HttpClient.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QTest>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

#ifndef NESTBOXD_PATH
#error "NESTBOXD_PATH must name the nestboxd binary"
#endif

TestServer::TestServer()
    : TestServer(Options{})
{
}

TestServer::TestServer(Options options)
    : _options(std::move(options))
    , _root(std::make_unique<QTemporaryDir>())
{
}

TestServer::~TestServer()
{
    // servers that live inside one test function die before cleanup(): show their log here
    if (QTest::currentTestFailed() && _starts > 0)
        qWarning("nestboxd (%s) log tail:\n%s", qPrintable(_arguments.join(QLatin1Char(' '))), qPrintable(logTail(30)));
    if (isRunning()) {
        _process->terminate();
        if (!_process->waitForFinished(10000)) {
            _process->kill();
            _process->waitForFinished(5000);
        }
    }
    if (!_database.isEmpty())
        _services.dropDatabase(_database);
}

QString TestServer::dataDir() const
{
    return _root->filePath(QStringLiteral("data"));
}

QString TestServer::logPath() const
{
    return _root->filePath(QStringLiteral("nestboxd.log"));
}

QUrl TestServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(_port);
    return url;
}

bool TestServer::isRunning() const
{
    return _process && _process->state() != QProcess::NotRunning;
}

qint64 TestServer::pid() const
{
    return _process ? _process->processId() : 0;
}

QString TestServer::logTail(int lines) const
{
    QFile f(logPath());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> all = f.readAll().split('\n');
    QString out;
    for (qsizetype i = qMax<qsizetype>(0, all.size() - lines); i < all.size(); ++i)
        out += QString::fromUtf8(all.at(i)) + QLatin1Char('\n');
    return out;
}

QByteArray TestServer::standardOutput() const
{
    QFile f(_root->filePath(QStringLiteral("stdout.log")));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool TestServer::prepareProfile()
{
    if (_prepared)
        return true;
    if (TestServices::profile() != TestServices::Profile::Mariadb) {
        _prepared = true;
        return true;
    }
    _services = _options.services ? *_options.services : TestServices::shared();
    if (!_services.isValid()) {
        _error = QStringLiteral("mariadb profile but no services: ") + _services.error();
        return false;
    }
    const QString app = QCoreApplication::applicationName().left(20);
    _database = _services.createDatabase(app.isEmpty() ? QStringLiteral("t") : app);
    if (_database.isEmpty()) {
        _error = QStringLiteral("could not create a MariaDB database on port %1").arg(_services.mariadbPort());
        return false;
    }
    _dbUrl = _services.mysqlUrl(_database);
    if (_services.hasRedis())
        _redisUrl = _services.allocateRedisUrl();
    _prepared = true;
    return true;
}

QStringList TestServer::profileDefines() const
{
    QStringList defines;
    if (_options.fastArgon2)
        defines << QStringLiteral("auth.argon2_memory_kib=1024") << QStringLiteral("auth.argon2_iterations=1");
    if (_options.smallChunks)
        defines << QStringLiteral("limits.chunk_size_min=65536") << QStringLiteral("limits.chunk_size_default=65536");
    if (!_dbUrl.isEmpty())
        defines << QStringLiteral("db.url=") + _dbUrl;
    if (!_redisUrl.isEmpty())
        defines << QStringLiteral("redis.url=") + _redisUrl;
    defines << _options.defines;
    return defines;
}

CommandResult TestServer::runCommand(const QStringList &args, const QByteArray &input, int timeoutMs)
{
    CommandResult result;
    if (!prepareProfile()) {
        result.output = _error.toUtf8();
        return result;
    }
    QStringList all = args;
    all << QStringLiteral("--data-dir=") + dataDir();
    const QStringList defines = profileDefines();
    for (const QString &d : defines)
        all << QStringLiteral("-D") + d;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("NESTBOX_")))
            env.remove(key);
    }
    env.insert(QStringLiteral("XDG_DATA_HOME"), _root->filePath(QStringLiteral("xdg")));
    return runToCompletion(qEnvironmentVariable("NESTBOX_TEST_NESTBOXD", QStringLiteral(NESTBOXD_PATH)), all, env, input,
                           timeoutMs);
}

bool TestServer::launch()
{
    _error.clear();
    if (!_root->isValid()) {
        _error = QStringLiteral("no temp dir");
        return false;
    }
    if (isRunning()) {
        _error = QStringLiteral("already running");
        return false;
    }
    if (!prepareProfile())
        return false;
    ++_starts;

    const QString portFile = _root->filePath(QStringLiteral("port"));
    QFile::remove(portFile);
    QStringList defines{
        QStringLiteral("http.port=0"),
        QStringLiteral("http.port_file=") + portFile,
        QStringLiteral("http.host=127.0.0.1"),
        // many tests log in from 127.0.0.1; only the per-account limit is under test
        QStringLiteral("auth.login_max_failures_address=1000000"),
    };
    defines << profileDefines();

    _arguments = QStringList{QStringLiteral("serve"), QStringLiteral("--data-dir=") + dataDir()};
    for (const QString &d : std::as_const(defines))
        _arguments << QStringLiteral("-D") + d;

    _process = std::make_unique<QProcess>();
    // NESTBOX_TEST_NESTBOXD runs the suites against another binary (e.g. an installed one)
    _process->setProgram(qEnvironmentVariable("NESTBOX_TEST_NESTBOXD", QStringLiteral(NESTBOXD_PATH)));
    _arguments << _options.arguments;
    _process->setArguments(_arguments);
    _process->setStandardOutputFile(_root->filePath(QStringLiteral("stdout.log")), QIODevice::Append);
    _process->setStandardErrorFile(logPath(), QIODevice::Append);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // the server must take nothing from the developer's environment
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("NESTBOX_")))
            env.remove(key);
    }
    env.insert(QStringLiteral("XDG_DATA_HOME"), _root->filePath(QStringLiteral("xdg")));
    _process->setProcessEnvironment(env);
    // a test killed by a CTest timeout must not leave its server running
    _process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    _process->start();
    if (!_process->waitForStarted(10000)) {
        _error = QStringLiteral("cannot start %1: %2").arg(_process->program(), _process->errorString());
        return false;
    }
    return true;
}

bool TestServer::start()
{
    if (!launch())
        return false;
    const QString portFile = _root->filePath(QStringLiteral("port"));
    QDeadlineTimer deadline(60000);
    _port = 0;
    while (!deadline.hasExpired()) {
        if (_process->state() == QProcess::NotRunning) {
            _error = QStringLiteral("nestboxd exited (code %1) before writing its port file; log:\n%2")
                         .arg(_process->exitCode())
                         .arg(logTail());
            return false;
        }
        QFile f(portFile);
        if (f.open(QIODevice::ReadOnly)) {
            const int p = f.readAll().trimmed().toInt();
            if (p > 0) {
                _port = p;
                break;
            }
        }
        _process->waitForFinished(50);
    }
    if (_port == 0) {
        _error = QStringLiteral("no port file after 60 s; log:\n") + logTail();
        return false;
    }

    HttpClient http(baseUrl());
    http.setTimeoutMs(5000);
    while (!deadline.hasExpired()) {
        const HttpReply r = http.send({QByteArrayLiteral("GET"), QByteArrayLiteral("/healthz"), {}, {}});
        if (r.status == 200)
            return true;
        if (_process->state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    _error = QStringLiteral("GET /healthz never answered 200; log:\n") + logTail();
    return false;
}

void TestServer::kill9()
{
    if (!isRunning())
        return;
    _process->kill(); // SIGKILL on Unix
    _process->waitForFinished(10000);
}

int TestServer::exitCode() const
{
    return _process && _process->state() == QProcess::NotRunning && _process->exitStatus() == QProcess::NormalExit
               ? _process->exitCode()
               : -1;
}

bool TestServer::stop()
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
