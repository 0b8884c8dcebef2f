#include "ServerInfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>

namespace nestbox {

std::optional<ServerInfo> ServerInfo::fromJson(const QByteArray &json, const QUrl &baseUrl)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();

    const QJsonValue name = object.value(QLatin1String("name"));
    const QJsonValue version = object.value(QLatin1String("version"));
    const QJsonValue api = object.value(QLatin1String("api"));
    if (!name.isString() || name.toString().trimmed().isEmpty() || !version.isString()
        || !api.isDouble())
        return std::nullopt;
    // JSON numbers are doubles; "api": 1.5 or 1e12 is not a version this code can reason about.
    const double apiNumber = api.toDouble();
    if (apiNumber != std::floor(apiNumber) || apiNumber < 0 || apiNumber > 1'000'000)
        return std::nullopt;

    ServerInfo info;
    info.baseUrl = baseUrl;
    info.name = name.toString().trimmed();
    info.version = version.toString();
    info.apiVersion = static_cast<int>(apiNumber);
    info.signupOpen = object.value(QLatin1String("signup_open")).toBool(false);
    const QJsonArray features = object.value(QLatin1String("features")).toArray();
    for (const QJsonValue &feature : features) {
        if (feature.isString())
            info.features.append(feature.toString());
    }
    return info;
}

} // namespace nestbox
