#pragma once

#include <QDateTime>
#include <QString>
#include <QUrl>

namespace nestbox {

// One remembered sign-in: a server and a user name on it (never the password or the token).
struct Account {
    QUrl serverUrl;
    QString username;
    QDateTime lastUsed;

    // A stable key for the token store: "username@host:port/path".
    QString key() const;
    QString displayName() const; // "anna on nas.local:8080"
    bool isValid() const { return serverUrl.isValid() && !username.isEmpty(); }
    bool sameAs(const Account &other) const { return key() == other.key(); }
};

} // namespace nestbox
