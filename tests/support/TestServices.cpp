#include "TestServices.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QRandomGenerator>

#ifndef NESTBOX_TEST_SERVICES_ENV
#error "NESTBOX_TEST_SERVICES_ENV must name the shared services env file"
#endif
#ifndef NESTBOX_TEST_SERVICES_SCRIPT
#error "NESTBOX_TEST_SERVICES_SCRIPT must name tests/services/services.sh"
#endif

TestServices::Profile TestServices::profile()
{
    const QByteArray p = qgetenv("NESTBOX_TEST_PROFILE");
    return p == "mariadb" ? Profile::Mariadb : Profile::Sqlite;
}

QString TestServices::profileName()
{
    return profile() == Profile::Mariadb ? QStringLiteral("mariadb+redis") : QStringLiteral("sqlite");
}

TestServices TestServices::shared()
{
    QString envFile = qEnvironmentVariable("NESTBOX_TEST_SERVICES_ENV");
    if (envFile.isEmpty())
        envFile = QStringLiteral(NESTBOX_TEST_SERVICES_ENV);
    return fromEnvFile(envFile);
}

TestServices TestServices::fromEnvFile(const QString &envFile)
{
    TestServices s;
    s._envFile = envFile;
    QFile f(envFile);
    if (!f.open(QIODevice::ReadOnly)) {
        s._error = QStringLiteral("cannot read %1 (were the services started? ctest runs the fixture "
                                  "services.start; by hand: tests/services/services.sh start FILE)").arg(envFile);
        return s;
    }
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype eq = line.indexOf('=');
        if (eq <= 0)
            continue;
        s._values.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)).trimmed());
    }
    if (s.mariadbPort() <= 0 && s.redisPort() <= 0)
        s._error = QStringLiteral("%1 names no running service").arg(envFile);
    return s;
}

bool TestServices::runScript(const QString &action, const QString &envFile, const QStringList &extra, QString *log)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(NESTBOX_TEST_SERVICES_SCRIPT), QStringList{action, envFile} + extra);
    const bool finished = p.waitForFinished(180000);
    const QString out = QString::fromUtf8(p.readAll());
    if (log)
        *log = out;
    if (!finished) {
        p.kill();
        p.waitForFinished();
        return false;
    }
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

bool TestServices::mariadbExec(const QString &sql, QString *output) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("mariadb"),
            {QStringLiteral("--no-defaults"), QStringLiteral("--protocol=TCP"), QStringLiteral("-h127.0.0.1"),
             QStringLiteral("-P%1").arg(mariadbPort()), QStringLiteral("-u") + value(QStringLiteral("MARIADB_USER")),
             QStringLiteral("-p") + value(QStringLiteral("MARIADB_PASSWORD")), QStringLiteral("-N"),
             QStringLiteral("-B"), QStringLiteral("-e"), sql});
    const bool ok = p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (output)
        *output = QString::fromUtf8(p.readAll());
    return ok;
}

QString TestServices::createDatabase(const QString &prefix) const
{
    static int counter = 0;
    QString name = QStringLiteral("nbt_%1_%2_%3_%4")
                       .arg(prefix)
                       .arg(QCoreApplication::applicationPid())
                       .arg(++counter)
                       .arg(QRandomGenerator::global()->bounded(100000));
    name.replace(QLatin1Char('-'), QLatin1Char('_'));
    name.replace(QLatin1Char('.'), QLatin1Char('_'));
    name = name.left(64);
    QString out;
    if (!mariadbExec(QStringLiteral("CREATE DATABASE `%1` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin").arg(name), &out)) {
        qWarning("CREATE DATABASE %s failed: %s", qPrintable(name), qPrintable(out));
        return {};
    }
    return name;
}

void TestServices::dropDatabase(const QString &name) const
{
    if (!name.isEmpty())
        mariadbExec(QStringLiteral("DROP DATABASE IF EXISTS `%1`").arg(name));
}

QString TestServices::mysqlUrl(const QString &database) const
{
    return QStringLiteral("mysql://%1:%2@127.0.0.1:%3/%4")
        .arg(value(QStringLiteral("MARIADB_USER")), value(QStringLiteral("MARIADB_PASSWORD")))
        .arg(mariadbPort())
        .arg(database);
}

QString TestServices::allocateRedisUrl() const
{
    // services.sh starts Redis with 4096 databases; hand out indices 1..4095 in turn across every
    // test process of this run so two server instances never share keys.
    int index = 0;
    const QString dir = QFileInfo(_envFile).absolutePath();
    QLockFile lock(dir + QStringLiteral("/redis-db.lock"));
    if (lock.tryLock(10000)) {
        QFile counter(dir + QStringLiteral("/redis-db.counter"));
        if (counter.open(QIODevice::ReadWrite)) {
            index = counter.readAll().trimmed().toInt() % 4095 + 1;
            counter.resize(0);
            counter.seek(0);
            counter.write(QByteArray::number(index));
        }
        lock.unlock();
    }
    if (index == 0)
        index = QRandomGenerator::global()->bounded(1, 4096);
    return QStringLiteral("redis://127.0.0.1:%1/%2").arg(redisPort()).arg(index);
}

QString TestServices::redisCli(const QStringList &args, bool *ok) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("redis-cli"),
            QStringList{QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                        QString::number(redisPort())} + args);
    const bool done = p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (ok)
        *ok = done;
    return QString::fromUtf8(p.readAll()).trimmed();
}
