#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>

// The real services the scale suites run against, found through the env files their CTest fixtures
// write: Ceph RGW (tests/services/ceph.sh, fixture nestbox_scale_ceph), RabbitMQ
// (tests/services/rabbitmq.sh, fixture nestbox_scale_rabbitmq) and MariaDB + Redis (services.sh,
// fixture nestbox_services, read through TestServices). The scale suites own their Ceph and
// RabbitMQ: they stop RGW and restart the broker, which no other suite must see.
class ScaleEnv
{
public:
    static ScaleEnv fromEnvironment();

    bool hasCeph() const { return !value(QStringLiteral("CEPH_S3_ENDPOINT")).isEmpty(); }
    bool hasRabbit() const { return !value(QStringLiteral("RABBITMQ_URL")).isEmpty(); }
    QString error() const { return _error; }
    QString value(const QString &key) const { return _values.value(key); }

    QString s3Endpoint() const { return value(QStringLiteral("CEPH_S3_ENDPOINT")); }
    int rgwPort() const { return value(QStringLiteral("CEPH_RGW_PORT")).toInt(); }
    QString accessKey() const { return value(QStringLiteral("CEPH_S3_ACCESS_KEY")); }
    QString secretKey() const { return value(QStringLiteral("CEPH_S3_SECRET_KEY")); }
    QString region() const { return value(QStringLiteral("CEPH_S3_REGION")); }
    QString amqpUrl() const { return value(QStringLiteral("RABBITMQ_URL")); }

    // s3://BUCKET?endpoint=ENDPOINT&region=…&path_style=true[&extra]; endpoint defaults to RGW's.
    QString storageUrl(const QString &bucket, const QString &endpoint = {}, const QString &extra = {}) const;
    // nestboxd's defines for object storage on `bucket` of this Ceph: storage.url, storage.mode
    // (when `mode` is given, e.g. "direct"; else the default, tiered) and the access keys.
    QStringList storageDefines(const QString &bucket, const QString &mode = {}) const;

    // ceph.sh stop-rgw / start-rgw, rabbitmq.sh restart ENV SECONDS; false and *log on failure.
    bool stopRgw(QString *log = nullptr) const;
    bool startRgw(QString *log = nullptr) const;
    bool restartRabbit(int secondsDown, QString *log = nullptr) const;

    // A lower-case name valid as a bucket, queue or stream prefix, unique in this run.
    static QString uniqueName(const QString &prefix);
    static int freePort();

private:
    static bool runScript(const QString &script, const QStringList &args, QString *log, int timeoutMs);
    static void readEnvFile(const QString &path, QHash<QString, QString> *into);

    QHash<QString, QString> _values;
    QString _cephEnv;
    QString _rabbitEnv;
    QString _error;
};

// Polls `pred` every `stepMs` until it holds or `timeoutMs` passes (no fixed sleeps in the suites).
bool waitUntil(const std::function<bool()> &pred, int timeoutMs, int stepMs = 100);

// A JPEG of random noise (hard to compress: ~1-2 bytes per pixel at quality 92), deterministic
// for a seed.
QByteArray noiseJpeg(int width, int height, quint32 seed);
// The value of one Prometheus sample line `name{labels} value` (exact name+labels), -1 if absent.
double metricValue(const QByteArray &metricsText, const QByteArray &sample);
// Where the local tier keeps a blob: DATA/blobs/ab/cd/<sha256>.
QString localBlobPath(const QString &dataDir, const QByteArray &sha256);
