#pragma once

#include "AbstractApiJob.h"

namespace nestbox {

// POST /auth/signup {username, password} → 201 {user}. No token.
class SignupJob : public AbstractApiJob {
    Q_OBJECT

public:
    SignupJob(ApiClient *client, const QString &username, const QString &password, QObject *parent = nullptr);

    QJsonObject user() const { return json().value(QLatin1String("user")).toObject(); }

protected:
    QNetworkReply *sendRequest() override;

private:
    QString _username;
    QString _password;
};

} // namespace nestbox
