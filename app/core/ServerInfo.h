#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace nestbox {

// What a Nestbox server says about itself in GET /api/v1/server (API.md, "Server"). A plain value;
// fromJson() accepts only a body that really is a Nestbox answer, so callers can tell a Nestbox
// server from any other web server answering 200.
struct ServerInfo {
    QUrl baseUrl;          // the address the app talks to, without /api/v1
    QString name;          // the operator's name for the server, e.g. "The Lins' album"
    QString version;       // nestboxd's version, e.g. "0.1.0"
    int apiVersion = 0;    // the "api" field; this app speaks 1
    bool signupOpen = false;
    QStringList features;

    // nullopt unless `json` is an object with a non-empty string "name", a string "version" and an
    // integer "api"; the other fields are optional so newer servers may drop or add them.
    static std::optional<ServerInfo> fromJson(const QByteArray &json, const QUrl &baseUrl);
};

} // namespace nestbox
