#pragma once

#include <nestbox/ErrorCode.h>

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

class QNetworkReply;

namespace nestbox {

// What went wrong with one API call, as a plain value: the kind of failure, the HTTP status, the
// server's error code (API.md "Errors") and a translated message a person can read. The upload
// engine decides retry / resync / fail from kind, httpStatus and code, never from the text.
class ApiError {
    Q_DECLARE_TR_FUNCTIONS(ApiError)

public:
    enum class Kind {
        None,       // no error
        Network,    // refused, reset, host not found, connection lost: no HTTP answer
        Timeout,    // no answer in time
        Tls,        // TLS handshake or certificate failure
        NotNestbox, // something answered, but not with the Nestbox API
        Server,     // the Nestbox server answered with an error status (see httpStatus, code)
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    std::optional<nestbox::ErrorCode> code;
    QString codeName;      // the wire name, e.g. "missing_chunks" (also for codes this build does not know)
    QString serverMessage; // the server's English text, for logs
    QString message;       // translated, user-readable
    QJsonObject details;   // the whole "error" object (holds "missing", "retry_after", …)
    // Kind::Tls for a self-signed certificate this app has not trusted (Unknown: ask the user) or
    // one that differs from the trusted one (Changed: refuse); its SHA-256 "AB:CD:…".
    enum class Trust { NotAsked, Unknown, Changed };
    Trust certificateTrust = Trust::NotAsked;
    QString certificateFingerprint;

    static ApiError fromHttp(int status, const QByteArray &body);
    // Classifies a finished reply: an HTTP error status (reads nothing: pass the body through
    // fromHttp when you have it) or a transport failure.
    static ApiError fromNetwork(QNetworkReply *reply);
    static ApiError timeout();
    static ApiError network(const QString &detail);

    bool isError() const { return kind != Kind::None; }
    explicit operator bool() const { return isError(); }
    // Worth trying again later: network failures, timeouts, 5xx except 507, 429 too_many_attempts.
    bool isRetryable() const;
    // 401: the token is missing, expired or revoked (or the credentials are wrong, at login).
    bool isAuthError() const;
    bool is(ErrorCode c) const { return code && *code == c; }
    bool isUntrustedCertificate() const { return certificateTrust == Trust::Unknown; }
    bool isChangedCertificate() const { return certificateTrust == Trust::Changed; }
    // The messages for the two cases above (also used by ServerProbe).
    static QString untrustedMessage(const QString &server, const QString &fingerprint);
    static QString changedMessage(const QString &server, const QString &fingerprint);
    // "missing" of a 409 missing_chunks, sorted.
    QList<qint64> missingChunks() const;
    // Seconds from "retry_after" (429, 202 thumbnails), 0 when absent.
    int retryAfterSeconds() const;

    // Translated text for a code, used for `message` (falls back to a generic text per status).
    static QString messageFor(ErrorCode code);
    QString toString() const; // for logs: "409 missing_chunks (…)"
};

} // namespace nestbox

Q_DECLARE_METATYPE(nestbox::ApiError)
