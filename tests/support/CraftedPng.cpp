#include "CraftedPng.h"

#include <QStringBuilder>

#include <zlib.h>

namespace {

QByteArray be32(quint32 v)
{
    QByteArray out(4, '\0');
    out[0] = char(v >> 24);
    out[1] = char(v >> 16);
    out[2] = char(v >> 8);
    out[3] = char(v);
    return out;
}

} // namespace

QByteArray pngChunk(const char *type, const QByteArray &body)
{
    const QByteArray typed = QByteArray(type) + body;
    const auto crc = static_cast<quint32>(
        crc32(0L, reinterpret_cast<const Bytef *>(typed.constData()), static_cast<uInt>(typed.size())));
    return be32(quint32(body.size())) + typed + be32(crc);
}

QByteArray zeroPng(quint32 width, quint32 height, int bitDepth, quint32 rows)
{
    const qsizetype rowBytes = 1 + (qsizetype(width) * bitDepth + 7) / 8; // filter byte + samples
    const QByteArray raw(rowBytes * rows, '\0');
    // qCompress = 4-byte length + a zlib stream, which is exactly what IDAT holds.
    const QByteArray idat = qCompress(raw, 9).mid(4);
    QByteArray ihdr = be32(width) + be32(height);
    ihdr += char(bitDepth);
    ihdr += char(0); // greyscale
    ihdr += QByteArray(3, '\0');
    return QByteArray("\x89PNG\r\n\x1A\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", idat)
        + pngChunk("IEND", {});
}
