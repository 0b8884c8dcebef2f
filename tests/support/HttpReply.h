#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

// One finished HTTP exchange as the tests see it: status, headers, raw body, and the JSON body when
// there is one. `status` is 0 when no HTTP answer arrived (connection refused, timeout).
struct HttpReply {
    QByteArray method;
    QByteArray target;   // path and query as sent
    int status = 0;
    QString networkError; // Qt's text when status is 0
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    // Header value by case-insensitive name; empty when absent.
    QByteArray header(const QByteArray &name) const;
    bool hasHeader(const QByteArray &name) const;

    QJsonObject json() const;
    QJsonArray jsonArray() const;
    bool isJson() const;

    // error.code of an error body, empty when the body is not an error object.
    QString errorCode() const;

    // "POST /api/v1/uploads -> 400 {...}" for failure messages (body cut to 600 bytes).
    QString describe() const;
};
