#include "StartWithUsers.h"

#include "HttpReply.h"

#include <QJsonObject>

QString startWithUsers(const TestServer::Options &options, std::unique_ptr<TestServer> *server,
                       std::unique_ptr<HttpClient> *http, std::optional<ApiClient> *alice, std::optional<ApiClient> *bob)
{
    *server = std::make_unique<TestServer>(options);
    if (!(*server)->start())
        return (*server)->error();
    *http = std::make_unique<HttpClient>((*server)->baseUrl());
    *alice = ApiClient::newUser(http->get(), QStringLiteral("alice"));
    if (!*alice)
        return QStringLiteral("cannot sign up alice");
    *bob = ApiClient::newUser(http->get(), QStringLiteral("bob"));
    if (!*bob)
        return QStringLiteral("cannot sign up bob");

    const HttpReply ready = (*http)->send({"GET", "/readyz", {}, {}});
    if (ready.status != 200)
        return ready.describe();
    const QString storage = ready.json().value(QLatin1String("checks")).toObject().value(QLatin1String("storage")).toString();
    if (storage != QLatin1String("ok"))
        return QStringLiteral("/readyz: storage check is '%1', not 'ok'").arg(storage);
    return {};
}
