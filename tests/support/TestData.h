#pragma once

#include <QByteArray>
#include <QString>

// Deterministic test content and the hashes the contract uses.
namespace TestData {

// `size` pseudo-random bytes; the same seed gives the same bytes.
QByteArray randomBytes(qint64 size, quint32 seed);
// `size` random bytes no other call of this process returns (content no user holds yet).
QByteArray uniqueBytes(qint64 size);
// Lower-case hex SHA-256, the content identity of the API.
QByteArray sha256Hex(const QByteArray &data);
// A name no other test of this run uses: prefix + random suffix.
QString uniqueName(const QString &prefix);
// A username valid per the contract (3-32 of [A-Za-z0-9_.-]), unique in this run.
QString uniqueUsername(const QString &prefix = QStringLiteral("u"));
// A small valid PNG of the given size.
QByteArray pngImage(int width, int height);
// The first bytes of an MP4 file (ftyp box), enough for any sniffing by magic bytes.
QByteArray mp4Stub();
// proof = hex(SHA-256(nonce bytes || bytes of each range, in order)), per API.md.
QByteArray proofOfPossession(const QByteArray &nonceBase64, const QList<QPair<qint64, qint64>> &ranges,
                             const QByteArray &content);
// multipart/form-data body with one part named `field`; sets *contentType.
QByteArray multipartBody(const QByteArray &field, const QByteArray &fileName, const QByteArray &data,
                         QByteArray *contentType);

} // namespace TestData
