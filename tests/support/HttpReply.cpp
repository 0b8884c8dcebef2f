#include "HttpReply.h"

#include <QJsonParseError>

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool HttpReply::hasHeader(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray HttpReply::jsonArray() const
{
    return QJsonDocument::fromJson(body).array();
}

bool HttpReply::isJson() const
{
    QJsonParseError err{};
    QJsonDocument::fromJson(body, &err);
    return err.error == QJsonParseError::NoError;
}

QString HttpReply::errorCode() const
{
    return json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
}

QString HttpReply::describe() const
{
    QString text = QString::fromLatin1(method) + QLatin1Char(' ') + QString::fromUtf8(target) + QLatin1String(" -> ");
    if (status == 0)
        text += QLatin1String("no answer (") + networkError + QLatin1Char(')');
    else
        text += QString::number(status) + QLatin1Char(' ') + QString::fromUtf8(body.left(600));
    return text;
}
