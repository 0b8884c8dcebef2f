#pragma once

#include "ServerInfo.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace nestbox {

// Asks one address whether a Nestbox server answers there (GET {base}/api/v1/server) and reports
// either the server's ServerInfo or a classified failure with a translated, user-readable message.
// One probe at a time: probe() aborts the previous one. Every probe() ends in exactly one of
// succeeded()/failed(), unless abort() (or a newer probe()) cancels it, which emits nothing.
// Lives on the thread of the QNetworkAccessManager it is given (the GUI thread in the app).
class ServerProbe : public QObject {
    Q_OBJECT

public:
    enum class Failure {
        InvalidAddress,  // the text cannot be an http(s) address
        HostNotFound,    // DNS does not know the host
        Unreachable,     // refused, reset, no route: nothing answers at that address
        TimedOut,        // nothing arrived within timeout()
        SecureConnection, // TLS handshake or certificate failure
        NotNestbox,      // something answered, but not the Nestbox API
        IncompatibleApi, // a Nestbox server speaking an API version this app does not
        ServerError,     // a Nestbox server (or its proxy) answered 5xx
        UntrustedCertificate, // a certificate not trusted yet: ask (see certificateFingerprint())
        CertificateChanged,   // not the certificate trusted before: refuse
    };
    Q_ENUM(Failure)

    static constexpr std::chrono::milliseconds kDefaultTimeout{10'000};
    static constexpr int kSupportedApiVersion = 1;

    explicit ServerProbe(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~ServerProbe() override;

    // Turns what a person types ("nas.local:8080", " https://home.example/nestbox/ ") into the base
    // URL to probe: http:// is assumed when no scheme is given (family servers live on the LAN),
    // trailing slashes are dropped, and anything with user info, a query or a fragment is refused.
    static std::optional<QUrl> baseUrlFromUserInput(const QString &text);

    // The URL probed for a base URL: the base path + "/api/v1/server", so a server behind a reverse
    // proxy sub-path works.
    static QUrl serverInfoUrl(const QUrl &baseUrl);

    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const { return _timeout; }
    bool isRunning() const { return !_reply.isNull(); }
    // After UntrustedCertificate / CertificateChanged: the server's certificate fingerprint.
    QString certificateFingerprint() const { return _certificateFingerprint; }

public Q_SLOTS:
    void probe(const QUrl &baseUrl);
    // Convenience for a text field: baseUrlFromUserInput() then probe(). An unusable text emits
    // failed(InvalidAddress, …) before this returns.
    void probeAddress(const QString &text);
    void abort();

Q_SIGNALS:
    void succeeded(const nestbox::ServerInfo &info);
    void failed(nestbox::ServerProbe::Failure failure, const QString &message);

private:
    void onFinished();
    void fail(Failure failure, const QString &message);

    QPointer<QNetworkAccessManager> _network; // may go first while windows close
    QPointer<QNetworkReply> _reply;
    QUrl _baseUrl;
    QString _certificateFingerprint;
    std::chrono::milliseconds _timeout = kDefaultTimeout;
    bool _bodyTooLarge = false;
};

} // namespace nestbox
