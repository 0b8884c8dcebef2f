#include "FixtureEnv.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFile>
#include <QList>
#include <QTcpServer>
#include <QTest>

namespace FixtureEnv {

QString value(const QString &envFile, const QString &key)
{
    QFile f(envFile);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &raw : lines) {
        QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(QLatin1String("export ")))
            line = line.mid(7);
        if (!line.startsWith(key + QLatin1Char('=')))
            continue;
        QString value = line.mid(key.size() + 1);
        if (value.size() >= 2 && (value.startsWith(QLatin1Char('"')) || value.startsWith(QLatin1Char('\''))))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

QString avahiSystemBus()
{
    const QString envFile = qEnvironmentVariable("NESTBOX_TEST_AVAHI_ENV");
    return envFile.isEmpty() ? QString() : value(envFile, QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"));
}

int freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

int waitForPortFile(const QString &path, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        QFile f(path);
        if (f.open(QIODevice::ReadOnly)) {
            const int port = f.readAll().trimmed().toInt();
            if (port > 0)
                return port;
        }
        QTest::qWait(50);
    }
    return 0;
}

QByteArray sha256OfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

} // namespace FixtureEnv
