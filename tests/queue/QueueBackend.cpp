#include "QueueBackend.h"

#include "TestServices.h"

#include <QCoreApplication>
#include <QProcess>
#include <QRandomGenerator>

#ifndef NESTBOX_TEST_RABBITMQ_SCRIPT
#error "NESTBOX_TEST_RABBITMQ_SCRIPT must name tests/services/rabbitmq.sh"
#endif

QueueBackend QueueBackend::fromEnvironment()
{
    QueueBackend b;
    const QByteArray name = qgetenv("NESTBOX_QUEUE_BACKEND");
    if (name.isEmpty() || name == "db") {
        b._kind = Kind::Db;
    } else if (name == "redis") {
        b._kind = Kind::Redis;
        const TestServices services = TestServices::shared();
        if (!services.isValid() || !services.hasRedis())
            b._error = QStringLiteral("no Redis from the services fixture: ") + services.error();
        b._redisPort = services.redisPort();
    } else if (name == "amqp") {
        b._kind = Kind::Amqp;
        b._rabbitEnv = qEnvironmentVariable("NESTBOX_TEST_RABBITMQ_ENV");
        const TestServices env = TestServices::fromEnvFile(b._rabbitEnv);
        b._amqpUrl = env.value(QStringLiteral("RABBITMQ_URL"));
        if (b._amqpUrl.isEmpty())
            b._error = QStringLiteral("no RabbitMQ recorded in %1 (the nestbox_rabbitmq fixture starts it)").arg(b._rabbitEnv);
    } else {
        b._error = QStringLiteral("NESTBOX_QUEUE_BACKEND must be db, redis or amqp");
    }
    return b;
}

QString QueueBackend::name() const
{
    switch (_kind) {
    case Kind::Db:
        return QStringLiteral("db");
    case Kind::Redis:
        return QStringLiteral("redis");
    case Kind::Amqp:
        return QStringLiteral("amqp");
    }
    return {};
}

QString QueueBackend::freshUrl(const QString &tag) const
{
    const QString unique = QStringLiteral("%1.%2.%3")
                               .arg(tag)
                               .arg(QCoreApplication::applicationPid())
                               .arg(QRandomGenerator::global()->bounded(1000000));
    switch (_kind) {
    case Kind::Db:
        return QStringLiteral("db");
    case Kind::Redis:
        return QStringLiteral("redis://127.0.0.1:%1/0?prefix=nbq:%2").arg(_redisPort).arg(unique);
    case Kind::Amqp:
        return _amqpUrl + QStringLiteral("?queue=nbq.") + unique;
    }
    return {};
}

bool QueueBackend::restartBroker(QString *log) const
{
    if (_kind != Kind::Amqp) {
        *log = QStringLiteral("restartBroker: only the RabbitMQ fixture is restarted here");
        return false;
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(NESTBOX_TEST_RABBITMQ_SCRIPT), {QStringLiteral("restart"), _rabbitEnv, QStringLiteral("1")});
    const bool ok = p.waitForFinished(180000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    *log = QString::fromUtf8(p.readAll());
    return ok;
}
