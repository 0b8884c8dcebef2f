#pragma once

#include "AbstractApiJob.h"

#include <nestbox/ProofOfPossession.h>

#include <QDateTime>

#include <vector>

namespace nestbox {

// POST /uploads {name, size, sha256, modified_at?, chunk_size?}. The answer is one of: instant
// (the user has the content already: file()), proofRequired() (challenge nonce + ranges, upload()),
// or receiving (upload() to send chunks to); a zero-byte file completes at once (file()).
class CreateUploadJob : public AbstractApiJob {
    Q_OBJECT

public:
    CreateUploadJob(ApiClient *client, const QString &name, qint64 size, const QString &sha256,
                    const QDateTime &modifiedAt, qint64 chunkSizeHint = 0, QObject *parent = nullptr);

    bool isComplete() const { return _state == QLatin1String("complete"); }
    bool isInstant() const { return _instant; }
    bool proofRequired() const { return _state == QLatin1String("proof_required"); }
    QJsonObject upload() const { return json().value(QLatin1String("upload")).toObject(); }
    QJsonObject file() const { return json().value(QLatin1String("file")).toObject(); }
    QByteArray challengeNonce() const { return _nonce; } // decoded bytes
    std::vector<ByteRange> challengeRanges() const { return _ranges; }

protected:
    QNetworkReply *sendRequest() override;
    ApiError parseResponse() override;

private:
    QString _name;
    qint64 _size;
    QString _sha256;
    QDateTime _modifiedAt;
    qint64 _chunkSizeHint;
    QString _state;
    bool _instant = false;
    QByteArray _nonce;
    std::vector<ByteRange> _ranges;
};

} // namespace nestbox
