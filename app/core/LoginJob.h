#pragma once

#include "AbstractApiJob.h"

#include <QDateTime>

namespace nestbox {

// POST /auth/login {username, password, device} → {token, expires_at, user}. No token sent.
class LoginJob : public AbstractApiJob {
    Q_OBJECT

public:
    LoginJob(ApiClient *client, const QString &username, const QString &password, const QString &device,
             QObject *parent = nullptr);

    QString token() const { return _token; }
    QDateTime expiresAt() const { return _expiresAt; }
    QJsonObject user() const { return json().value(QLatin1String("user")).toObject(); }

protected:
    QNetworkReply *sendRequest() override;
    ApiError parseResponse() override;

private:
    QString _username;
    QString _password;
    QString _device;
    QString _token;
    QDateTime _expiresAt;
};

} // namespace nestbox
