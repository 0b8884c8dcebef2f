#include "TestData.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImage>
#include <QList>
#include <QPair>
#include <QRandomGenerator>

namespace TestData {

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    QRandomGenerator gen(seed);
    qint64 i = 0;
    for (; i + 4 <= size; i += 4) {
        const quint32 v = gen.generate();
        memcpy(out.data() + i, &v, 4);
    }
    for (; i < size; ++i)
        out[i] = char(gen.generate() & 0xff);
    return out;
}

QByteArray uniqueBytes(qint64 size)
{
    return randomBytes(size, QRandomGenerator::global()->generate());
}

QByteArray sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QString uniqueName(const QString &prefix)
{
    static int counter = 0;
    return prefix + QStringLiteral("-%1-%2").arg(++counter).arg(QRandomGenerator::global()->bounded(1000000));
}

QString uniqueUsername(const QString &prefix)
{
    static int counter = 0;
    const QString name = prefix + QStringLiteral("_%1_%2").arg(++counter).arg(QRandomGenerator::global()->bounded(100000000));
    return name.left(32);
}

QByteArray pngImage(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgb(x * 40 % 256, y * 60 % 256, 128));
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QByteArray mp4Stub()
{
    QByteArray ftyp = QByteArray::fromHex("00000020667479706973736f6d0000020069736f6d69736f32617663316d703431");
    ftyp += QByteArray::fromHex("0000000866726565");
    ftyp += randomBytes(2000, 7);
    return ftyp;
}

QByteArray proofOfPossession(const QByteArray &nonceBase64, const QList<QPair<qint64, qint64>> &ranges,
                             const QByteArray &content)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(QByteArray::fromBase64(nonceBase64));
    for (const auto &r : ranges)
        h.addData(content.mid(r.first, r.second));
    return h.result().toHex();
}

QByteArray multipartBody(const QByteArray &field, const QByteArray &fileName, const QByteArray &data,
                         QByteArray *contentType)
{
    const QByteArray boundary = QByteArrayLiteral("----nestboxtest") + QByteArray::number(QRandomGenerator::global()->generate());
    *contentType = QByteArrayLiteral("multipart/form-data; boundary=") + boundary;
    QByteArray body;
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName + "\"\r\n";
    body += "Content-Type: application/octet-stream\r\n\r\n";
    body += data;
    body += "\r\n--" + boundary + "--\r\n";
    return body;
}

} // namespace TestData
