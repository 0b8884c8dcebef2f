#include "ApiClient.h"

#include "ApiError.h"
#include "Logging.h"

#include <QNetworkAccessManager>

namespace nestbox {

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , _network(new QNetworkAccessManager(this))
{
    qRegisterMetaType<ApiError>();
}

ApiClient::~ApiClient() = default;

void ApiClient::setBaseUrl(const QUrl &url)
{
    QUrl clean = url;
    QString path = clean.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    clean.setPath(path);
    if (clean == _baseUrl)
        return;
    _baseUrl = clean;
    Q_EMIT baseUrlChanged(_baseUrl);
}

void ApiClient::setToken(const QString &token)
{
    if (token == _token)
        return;
    _token = token;
    Q_EMIT tokenChanged(_token);
}

QUrl ApiClient::apiUrl(const QString &path, const QUrlQuery &query) const
{
    QUrl url = _baseUrl;
    url.setPath(_baseUrl.path() + QStringLiteral("/api/v1") + path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

void ApiClient::reportAuthenticationFailure(const QString &tokenUsed)
{
    // A job started with an older token says nothing about the current one.
    if (tokenUsed.isEmpty() || tokenUsed != _token || _failedToken == tokenUsed)
        return;
    _failedToken = tokenUsed;
    qCInfo(lcAuth) << "the server refused the session token; asking for a new sign-in";
    Q_EMIT authenticationRequired();
}

} // namespace nestbox
