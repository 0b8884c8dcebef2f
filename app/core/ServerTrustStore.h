#pragma once

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QUrl>

class QSettings;

namespace nestbox {

// The certificates this app trusts on first use: one pinned SHA-256 fingerprint per server
// (host:port), kept in QSettings under "trustedServers". A server whose certificate a public CA
// vouches for needs no pin. check() decides what to do with a TLS handshake that Qt refused:
// the pinned certificate is accepted, an unknown one is a question for the user, a different one
// is refused (the user may remove the old pin explicitly, never the app by itself). GUI thread.
class ServerTrustStore : public QObject {
    Q_OBJECT

public:
    enum class Verdict {
        Trusted,   // the pinned certificate: ignore Qt's complaints about it
        Unknown,   // no pin for this server: ask the user
        Changed,   // a pin exists and this is another certificate: refuse
        Unusable,  // no certificate, or errors a pin cannot excuse (revoked, blacklisted)
    };
    Q_ENUM(Verdict)

    struct Pin {
        QString server;      // "host:port"
        QString fingerprint; // "AB:CD:…"
    };

    // `settings` (not owned) for tests; the app's QSettings when null.
    explicit ServerTrustStore(QSettings *settings = nullptr, QObject *parent = nullptr);
    ~ServerTrustStore() override;

    // SHA-256 of the DER certificate as colon-separated upper-case hex ("AB:CD:…", 95 characters),
    // the same text `nestboxd tls fingerprint` prints.
    static QString fingerprintOf(const QSslCertificate &certificate);
    // "host:port" for a URL (443 for https without a port); lower-case host.
    static QString serverKey(const QUrl &url);
    static QString serverKey(const QString &host, int port);
    // Whether `text` looks like a SHA-256 fingerprint ("AB:CD:…", case-insensitive, or 64 hex digits);
    // normalized to upper-case colon form in `normalized`.
    static bool isFingerprint(const QString &text, QString *normalized = nullptr);
    // A fingerprint on two lines of 16 bytes each, easier to compare by eye.
    static QString fingerprintForDisplay(const QString &fingerprint);

    QString pinnedFingerprint(const QString &serverKey) const;
    void pin(const QString &serverKey, const QString &fingerprint);
    // Forgets a pin (the user removes a server's old certificate on purpose).
    void unpin(const QString &serverKey);
    QList<Pin> pins() const;

    Verdict check(const QString &serverKey, const QSslCertificate &certificate, const QList<QSslError> &errors) const;

Q_SIGNALS:
    void pinsChanged();

private:
    QSettings *settings() const;

    QSettings *_settings;
    mutable QSettings *_ownSettings = nullptr;
};

} // namespace nestbox
