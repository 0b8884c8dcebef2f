#pragma once

#include "AbstractApiJob.h"

#include <QJsonArray>

namespace nestbox {

// One call of the admin API (API.md "Admin"; only for an account with is_admin, others get 403).
// Made by the named constructors; the answer is in json() (items(), user(), inviteCode()).
class AdminJob : public AbstractApiJob {
    Q_OBJECT

public:
    // GET /admin/users → {items: [{id, username, created_at, is_admin, disabled, usage: {files, bytes, quota_bytes}}]}
    static AdminJob *listUsers(ApiClient *client, QObject *parent = nullptr);
    // POST /admin/users {username, password} → 201 {user}
    static AdminJob *createUser(ApiClient *client, const QString &username, const QString &password,
                                QObject *parent = nullptr);
    // PATCH /admin/users/{id} {disabled}
    static AdminJob *setDisabled(ApiClient *client, const QString &userId, bool disabled, QObject *parent = nullptr);
    // POST /admin/users/{id}/password {new_password} → 204
    static AdminJob *resetPassword(ApiClient *client, const QString &userId, const QString &newPassword,
                                   QObject *parent = nullptr);
    // POST /admin/invites {ttl_hours} → 201 {code, expires_at}; ttlHours <= 0: the server's default.
    static AdminJob *createInvite(ApiClient *client, int ttlHours = 0, QObject *parent = nullptr);

    QJsonArray items() const { return json().value(QLatin1String("items")).toArray(); }
    QJsonObject user() const { return json().value(QLatin1String("user")).toObject(); }
    QString inviteCode() const { return json().value(QLatin1String("code")).toString(); }
    QString inviteExpiresAt() const { return json().value(QLatin1String("expires_at")).toString(); }

protected:
    QNetworkReply *sendRequest() override;
    bool expectsJson() const override { return true; }

private:
    AdminJob(ApiClient *client, const QByteArray &verb, const QString &path, const QJsonObject &body,
             QObject *parent);

    QByteArray _verb;
    QString _path;
    QJsonObject _body;
};

} // namespace nestbox
