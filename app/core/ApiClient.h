#pragma once

#include <QObject>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>

class QNetworkAccessManager;

namespace nestbox {

// The connection to one Nestbox server: the one QNetworkAccessManager every job shares, the base
// URL (without /api/v1) and the bearer token. Jobs (AbstractApiJob subclasses) are created with it.
// GUI thread (or the thread that owns it); not thread-safe.
class ApiClient : public QObject {
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds kDefaultTimeout{30'000};

    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    QNetworkAccessManager *network() const { return _network; }

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
    QNetworkAccessManager *_network;
    QUrl _baseUrl;
    QString _token;
    QString _failedToken;
    std::chrono::milliseconds _timeout = kDefaultTimeout;
};

} // namespace nestbox
