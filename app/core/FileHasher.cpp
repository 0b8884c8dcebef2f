#include "FileHasher.h"

#include <nestbox/Sha256.h>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace nestbox {

FileHasher::Result FileHasher::hashFile(const QString &path, qint64 chunkSize,
                                        const std::shared_ptr<std::atomic_bool> &canceled)
{
    Result r;
    const QFileInfo info(path);
    r.mtime = info.lastModified().toUTC();
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        r.error = QCoreApplication::translate("nestbox::FileHasher", "Cannot read the file: %1").arg(f.errorString());
        return r;
    }
    r.size = f.size();
    r.chunkSize = chunkSize;
    Sha256 whole;
    Sha256 chunk;
    qint64 inChunk = 0;
    QByteArray block(int(kBlockSize), Qt::Uninitialized);
    qint64 total = 0;
    for (;;) {
        if (canceled && canceled->load())
            return r;
        qint64 want = kBlockSize;
        if (chunkSize > 0)
            want = std::min(want, chunkSize - inChunk);
        const qint64 n = f.read(block.data(), want);
        if (n < 0) {
            r.error = QCoreApplication::translate("nestbox::FileHasher", "Cannot read the file: %1").arg(f.errorString());
            return r;
        }
        if (n == 0)
            break;
        whole.update(block.constData(), std::size_t(n));
        total += n;
        if (chunkSize > 0) {
            chunk.update(block.constData(), std::size_t(n));
            inChunk += n;
            if (inChunk == chunkSize) {
                r.chunkSha256.append(QByteArray::fromStdString(chunk.finishHex()));
                inChunk = 0;
            }
        }
    }
    if (chunkSize > 0 && inChunk > 0)
        r.chunkSha256.append(QByteArray::fromStdString(chunk.finishHex()));
    if (total != r.size) {
        r.error = QCoreApplication::translate("nestbox::FileHasher", "The file changed while it was being read.");
        return r;
    }
    r.sha256 = QString::fromStdString(whole.finishHex());
    r.ok = true;
    return r;
}

QByteArray FileHasher::hashRange(const QString &path, qint64 offset, qint64 length)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered) || !f.seek(offset))
        return {};
    Sha256 hasher;
    QByteArray block(int(std::min(kBlockSize, std::max<qint64>(length, 1))), Qt::Uninitialized);
    qint64 left = length;
    while (left > 0) {
        const qint64 n = f.read(block.data(), std::min<qint64>(left, block.size()));
        if (n <= 0)
            return {};
        hasher.update(block.constData(), std::size_t(n));
        left -= n;
    }
    return QByteArray::fromStdString(hasher.finishHex());
}

} // namespace nestbox
