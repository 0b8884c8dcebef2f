#pragma once

#include "AbstractApiJob.h"

namespace nestbox {

// POST /auth/signup {username, password, invite?} → 201 {user}. No token.
class SignupJob : public AbstractApiJob {
    Q_OBJECT

public:
    SignupJob(ApiClient *client, const QString &username, const QString &password, QObject *parent = nullptr);
    // With an invitation code (sent only when not empty).
    SignupJob(ApiClient *client, const QString &username, const QString &password, const QString &invite,
              QObject *parent = nullptr);

    QJsonObject user() const { return json().value(QLatin1String("user")).toObject(); }

protected:
    QNetworkReply *sendRequest() override;

private:
    QString _username;
    QString _password;
    QString _invite;
};

} // namespace nestbox
