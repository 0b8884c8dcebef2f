#pragma once

#include "AbstractApiJob.h"

namespace nestbox {

// POST /uploads/{id}/proof {proof} → 201 {state: complete, instant: true, file}; 422
// proof_mismatch turns the upload into a normal receiving one.
class ProofJob : public AbstractApiJob {
    Q_OBJECT

public:
    ProofJob(ApiClient *client, const QString &uploadId, const QString &proofHex, QObject *parent = nullptr);

    QJsonObject file() const { return json().value(QLatin1String("file")).toObject(); }

protected:
    QNetworkReply *sendRequest() override;

private:
    QString _uploadId;
    QString _proof;
};

} // namespace nestbox
