#include "ScaleEnv.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QThread>

#ifndef NESTBOX_CEPH_SCRIPT
#error "NESTBOX_CEPH_SCRIPT must name tests/services/ceph.sh"
#endif
#ifndef NESTBOX_RABBITMQ_SCRIPT
#error "NESTBOX_RABBITMQ_SCRIPT must name tests/services/rabbitmq.sh"
#endif

void ScaleEnv::readEnvFile(const QString &path, QHash<QString, QString> *into)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &raw : lines) {
        const QString line = QString::fromUtf8(raw).trimmed();
        const int eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0 || line.startsWith(QLatin1Char('#')))
            continue;
        QString v = line.mid(eq + 1);
        if (v.size() >= 2 && v.startsWith(QLatin1Char('"')) && v.endsWith(QLatin1Char('"')))
            v = v.mid(1, v.size() - 2);
        into->insert(line.left(eq), v);
    }
}

ScaleEnv ScaleEnv::fromEnvironment()
{
    ScaleEnv env;
    env._cephEnv = qEnvironmentVariable("NESTBOX_SCALE_CEPH_ENV");
    env._rabbitEnv = qEnvironmentVariable("NESTBOX_SCALE_RABBITMQ_ENV");
    if (!env._cephEnv.isEmpty())
        readEnvFile(env._cephEnv, &env._values);
    if (!env._rabbitEnv.isEmpty())
        readEnvFile(env._rabbitEnv, &env._values);
    if (!env.hasCeph())
        env._error = QStringLiteral("no Ceph RGW recorded in '%1' (run through ctest: fixture nestbox_scale_ceph)")
                         .arg(env._cephEnv);
    return env;
}

QString ScaleEnv::storageUrl(const QString &bucket, const QString &endpoint, const QString &extra) const
{
    QString url = QStringLiteral("s3://%1?endpoint=%2&region=%3&path_style=true")
                      .arg(bucket, endpoint.isEmpty() ? s3Endpoint() : endpoint,
                           region().isEmpty() ? QStringLiteral("us-east-1") : region());
    if (!extra.isEmpty())
        url += QLatin1Char('&') + extra;
    return url;
}

QStringList ScaleEnv::storageDefines(const QString &bucket, const QString &mode) const
{
    QStringList defines{QStringLiteral("storage.url=") + storageUrl(bucket)};
    if (!mode.isEmpty())
        defines << QStringLiteral("storage.mode=") + mode;
    defines << QStringLiteral("storage.access_key=") + accessKey() << QStringLiteral("storage.secret_key=") + secretKey();
    return defines;
}

bool ScaleEnv::runScript(const QString &script, const QStringList &args, QString *log, int timeoutMs)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(script, args);
    const bool ok = p.waitForFinished(timeoutMs) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (log)
        *log = QString::fromUtf8(p.readAll());
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(5000);
    }
    return ok;
}

bool ScaleEnv::stopRgw(QString *log) const
{
    return runScript(QStringLiteral(NESTBOX_CEPH_SCRIPT), {QStringLiteral("stop-rgw"), _cephEnv}, log, 60000);
}

bool ScaleEnv::startRgw(QString *log) const
{
    return runScript(QStringLiteral(NESTBOX_CEPH_SCRIPT), {QStringLiteral("start-rgw"), _cephEnv}, log, 90000);
}

bool ScaleEnv::restartRabbit(int secondsDown, QString *log) const
{
    return runScript(QStringLiteral(NESTBOX_RABBITMQ_SCRIPT),
                     {QStringLiteral("restart"), _rabbitEnv, QString::number(secondsDown)}, log, 180000);
}

QString ScaleEnv::uniqueName(const QString &prefix)
{
    QString clean = prefix.toLower();
    // valid as an S3 bucket name too: [a-z0-9.-] only
    for (QChar &c : clean) {
        if (!((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
              || c == QLatin1Char('.') || c == QLatin1Char('-')))
            c = QLatin1Char('-');
    }
    return QStringLiteral("%1-%2-%3")
        .arg(clean)
        .arg(QCoreApplication::applicationPid())
        .arg(QRandomGenerator::global()->bounded(100000000));
}

int ScaleEnv::freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool waitUntil(const std::function<bool()> &pred, int timeoutMs, int stepMs)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        if (pred())
            return true;
        if (deadline.hasExpired())
            return false;
        QThread::msleep(static_cast<unsigned long>(stepMs));
    }
}

#include <QBuffer>
#include <QImage>
#include <QRandomGenerator>

QByteArray noiseJpeg(int width, int height, quint32 seed)
{
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator random(seed);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<quint32 *>(image.scanLine(y));
        for (int x = 0; x < width; ++x)
            line[x] = 0xff000000u | (random.generate() & 0x00ffffffu);
    }
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "JPG", 92))
        return {};
    return out;
}

double metricValue(const QByteArray &metricsText, const QByteArray &sample)
{
    const QList<QByteArray> lines = metricsText.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(QByteArray(sample + ' ')))
            return line.mid(sample.size() + 1).trimmed().toDouble();
    }
    return -1;
}

QString localBlobPath(const QString &dataDir, const QByteArray &sha256)
{
    const QString sha = QString::fromLatin1(sha256);
    return dataDir + QStringLiteral("/blobs/") + sha.left(2) + QLatin1Char('/') + sha.mid(2, 2) + QLatin1Char('/') + sha;
}
