#include "AppTestUtil.h"

#include "FixtureEnv.h"

#include "HttpClient.h"

#include <nestbox/Sha256.h>

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>

namespace apptest {

QString makeFile(const QString &dir, const QString &name, qint64 size, quint32 seed)
{
    QDir().mkpath(dir);
    const QString path = QDir(dir).absoluteFilePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    QRandomGenerator rng(seed);
    QByteArray block(1 << 20, Qt::Uninitialized);
    qint64 left = size;
    while (left > 0) {
        const qint64 n = qMin<qint64>(left, block.size());
        rng.fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
        f.write(block.constData(), n);
        left -= n;
    }
    return path;
}

QString sha256OfFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    nestbox::Sha256 h;
    QByteArray block(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = f.read(block.data(), block.size());
        if (n <= 0)
            break;
        h.update(block.constData(), std::size_t(n));
    }
    return QString::fromStdString(h.finishHex());
}

qint64 chunkPuts(TestServer &server, int status)
{
    HttpClient http(server.baseUrl());
    const HttpReply r = http.send({QByteArrayLiteral("GET"), QByteArrayLiteral("/metrics"), {}, {}});
    qint64 total = 0;
    static const QRegularExpression line(QStringLiteral(
        R"re(^nestbox_http_requests_total\{(.*)\}\s+([0-9.eE+]+)\s*$)re"));
    const QList<QByteArray> lines = r.body.split('\n');
    for (const QByteArray &l : lines) {
        const QRegularExpressionMatch m = line.match(QString::fromUtf8(l));
        if (!m.hasMatch())
            continue;
        const QString labels = m.captured(1);
        if (!labels.contains(QLatin1String("route=\"/api/v1/uploads/{id}/chunks/{index*}\""))
            || !labels.contains(QLatin1String("method=\"PUT\"")))
            continue;
        if (status != 0 && !labels.contains(QStringLiteral("status=\"%1\"").arg(status)))
            continue;
        total += qint64(m.captured(2).toDouble());
    }
    return total;
}

int freePort()
{
    return FixtureEnv::freePort();
}

} // namespace apptest
