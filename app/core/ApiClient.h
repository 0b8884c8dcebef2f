#pragma once

#include <QObject>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;
class QSslError;

namespace nestbox {

class ServerTrustStore;

// The connection to one Nestbox server: the one QNetworkAccessManager every job shares, the base
// URL (without /api/v1) and the bearer token. Jobs (AbstractApiJob subclasses) are created with it.
// TLS: a certificate Qt does not accept is checked against the ServerTrustStore (trust on first
// use): the pinned certificate of that host:port goes through; an unknown or changed one fails the
// request, and the reply carries why (kUntrustedFingerprintProperty, kUntrustedReasonProperty) so
// ApiError / ServerProbe can show the fingerprint. Every reply of network() is checked, also those
// of a ServerProbe sharing it.
// GUI thread (or the thread that owns it); not thread-safe.
class ApiClient : public QObject {
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds kDefaultTimeout{30'000};
    // Reply properties set when a certificate is refused: its fingerprint and "unknown"/"changed".
    static constexpr const char *kUntrustedFingerprintProperty = "nestboxCertificateFingerprint";
    static constexpr const char *kUntrustedReasonProperty = "nestboxCertificateTrust";

    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    QNetworkAccessManager *network() const { return _network; }
    // The pinned certificates (the app's QSettings unless set; not owned when set).
    ServerTrustStore *trustStore() const { return _trust; }
    void setTrustStore(ServerTrustStore *store);

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return _baseUrl; }
    void setToken(const QString &token);
    QString token() const { return _token; }
    bool hasToken() const { return !_token.isEmpty(); }

    // Without progress for this long a request is given up (per transfer, not in total).
    void setTimeout(std::chrono::milliseconds timeout) { _timeout = timeout; }
    std::chrono::milliseconds timeout() const { return _timeout; }

    // {base}/api/v1{path}?{query}; `path` starts with '/'.
    QUrl apiUrl(const QString &path, const QUrlQuery &query = {}) const;

    // Called by jobs: an authenticated request answered 401. Emits authenticationRequired() once
    // per token (several jobs failing together do not ask several times).
    void reportAuthenticationFailure(const QString &tokenUsed);

Q_SIGNALS:
    // An authenticated job got 401 (the token expired or was revoked): sign in again.
    void authenticationRequired();
    void tokenChanged(const QString &token);
    void baseUrlChanged(const QUrl &url);

private:
    void onSslErrors(QNetworkReply *reply, const QList<QSslError> &errors);

    QNetworkAccessManager *_network;
    ServerTrustStore *_trust;
    QUrl _baseUrl;
    QString _token;
    QString _failedToken;
    std::chrono::milliseconds _timeout = kDefaultTimeout;
};

} // namespace nestbox
