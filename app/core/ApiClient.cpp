#include "ApiClient.h"

#include "ApiError.h"
#include "Logging.h"
#include "ServerTrustStore.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslError>

namespace nestbox {

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , _network(new QNetworkAccessManager(this))
    , _trust(new ServerTrustStore(nullptr, this))
{
    qRegisterMetaType<ApiError>();
    connect(_network, &QNetworkAccessManager::sslErrors, this, &ApiClient::onSslErrors);
}

void ApiClient::setTrustStore(ServerTrustStore *store)
{
    if (store)
        _trust = store;
}

void ApiClient::onSslErrors(QNetworkReply *reply, const QList<QSslError> &errors)
{
    const QUrl url = reply->url();
    const QString server = ServerTrustStore::serverKey(url);
    const QSslCertificate certificate = reply->sslConfiguration().peerCertificate();
    const QString fingerprint = ServerTrustStore::fingerprintOf(certificate);
    switch (_trust->check(server, certificate, errors)) {
    case ServerTrustStore::Verdict::Trusted:
        reply->ignoreSslErrors(errors);
        return;
    case ServerTrustStore::Verdict::Unknown:
        qCInfo(lcNet) << "certificate of" << server << "is not trusted yet:" << fingerprint;
        reply->setProperty(kUntrustedFingerprintProperty, fingerprint);
        reply->setProperty(kUntrustedReasonProperty, QStringLiteral("unknown"));
        return;
    case ServerTrustStore::Verdict::Changed:
        qCWarning(lcNet) << "certificate of" << server << "changed: now" << fingerprint << "trusted"
                         << _trust->pinnedFingerprint(server) << "- refused";
        reply->setProperty(kUntrustedFingerprintProperty, fingerprint);
        reply->setProperty(kUntrustedReasonProperty, QStringLiteral("changed"));
        return;
    case ServerTrustStore::Verdict::Unusable:
        qCWarning(lcNet) << "certificate of" << server << "refused:" << errors;
        return;
    }
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
