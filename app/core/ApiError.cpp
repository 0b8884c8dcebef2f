#include "ApiError.h"

#include "ApiClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>

#include <algorithm>

namespace nestbox {

ApiError ApiError::fromHttp(int status, const QByteArray &body)
{
    ApiError e;
    e.httpStatus = status;
    if (status >= 200 && status < 300)
        return e;

    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    const QString codeName = error.value(QLatin1String("code")).toString();
    if (codeName.isEmpty()) {
        // No Nestbox error envelope: a 5xx is likely a proxy in front of the server (worth another
        // try); anything else means the address does not lead to the Nestbox API.
        if (status >= 500) {
            e.kind = Kind::Server;
            e.message = tr("The server had a problem (HTTP %1). Try again later.").arg(status);
        } else {
            e.kind = Kind::NotNestbox;
            e.message = tr("The server answered in a way Nestbox does not understand (HTTP %1). "
                           "Check the server address.")
                            .arg(status);
        }
        return e;
    }
    e.kind = Kind::Server;
    e.codeName = codeName;
    e.details = error;
    e.serverMessage = error.value(QLatin1String("message")).toString();
    const QByteArray utf8 = codeName.toUtf8();
    e.code = errorCodeFromName(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    if (e.code) {
        e.message = messageFor(*e.code);
    } else if (status >= 500) {
        e.message = tr("The server had a problem (HTTP %1). Try again later.").arg(status);
    } else {
        e.message = tr("The server refused the request: %1").arg(e.serverMessage.isEmpty() ? codeName : e.serverMessage);
    }
    return e;
}

ApiError ApiError::fromNetwork(QNetworkReply *reply)
{
    ApiError e;
    if (!reply)
        return network(QString());
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid() && status.toInt() > 0) {
        e = fromHttp(status.toInt(), QByteArray());
        return e;
    }
    switch (reply->error()) {
    case QNetworkReply::NoError:
        return e;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return timeout();
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::UnknownNetworkError:
        if (reply->error() == QNetworkReply::SslHandshakeFailedError) {
            e.kind = Kind::Tls;
            const QString reason = reply->property(ApiClient::kUntrustedReasonProperty).toString();
            if (!reason.isEmpty()) {
                e.certificateFingerprint = reply->property(ApiClient::kUntrustedFingerprintProperty).toString();
                const QString server = reply->url().host() + QLatin1Char(':')
                                       + QString::number(reply->url().port(443));
                e.certificateTrust = reason == QLatin1String("changed") ? Trust::Changed : Trust::Unknown;
                e.message = e.certificateTrust == Trust::Changed ? changedMessage(server, e.certificateFingerprint)
                                                                 : untrustedMessage(server, e.certificateFingerprint);
                return e;
            }
            e.message = tr("Cannot open a secure connection to the server: %1").arg(reply->errorString());
            return e;
        }
        return network(reply->errorString());
    case QNetworkReply::HostNotFoundError:
        e = network(reply->errorString());
        e.message = tr("Cannot find the server “%1”. Check the address.").arg(reply->url().host());
        return e;
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        e.kind = Kind::NotNestbox;
        e.message = tr("The server answered in a way Nestbox does not understand. Check the server address.");
        return e;
    default:
        return network(reply->errorString());
    }
}

QString ApiError::untrustedMessage(const QString &server, const QString &fingerprint)
{
    return tr("The server %1 uses a certificate this computer does not know yet. Its fingerprint is %2. "
              "Trust it only if it is the same as the one shown on the computer hosting the server.")
        .arg(server, fingerprint);
}

QString ApiError::changedMessage(const QString &server, const QString &fingerprint)
{
    return tr("Warning: the certificate of %1 has changed since you trusted it (it is now %2). "
              "Nestbox refuses to connect: someone may be pretending to be your server. If the server "
              "was reinstalled on purpose, remove the old certificate under Server ▸ Trusted Servers… and connect again.")
        .arg(server, fingerprint);
}

ApiError ApiError::timeout()
{
    ApiError e;
    e.kind = Kind::Timeout;
    e.message = tr("The server did not answer in time.");
    return e;
}

ApiError ApiError::network(const QString &detail)
{
    ApiError e;
    e.kind = Kind::Network;
    e.serverMessage = detail;
    e.message = tr("Cannot reach the server. Check that it is running and that this computer is online.");
    return e;
}

bool ApiError::isRetryable() const
{
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
        return true;
    case Kind::Server:
        if (httpStatus == 429)
            return true;
        if (is(ErrorCode::UploadBusy))
            return true;
        return httpStatus >= 500 && httpStatus != 507;
    default:
        return false;
    }
}

bool ApiError::isAuthError() const
{
    return httpStatus == 401;
}

QList<qint64> ApiError::missingChunks() const
{
    QList<qint64> out;
    const QJsonArray missing = details.value(QLatin1String("missing")).toArray();
    for (const QJsonValue &v : missing)
        out.append(static_cast<qint64>(v.toDouble()));
    std::sort(out.begin(), out.end());
    return out;
}

int ApiError::retryAfterSeconds() const
{
    return details.value(QLatin1String("retry_after")).toInt(0);
}

QString ApiError::toString() const
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("no error");
    case Kind::Network:
        return QStringLiteral("network error: ") + serverMessage;
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Tls:
        return QStringLiteral("TLS error: ") + message;
    case Kind::NotNestbox:
        return QStringLiteral("not nestbox (HTTP %1)").arg(httpStatus);
    case Kind::Server:
        break;
    }
    return QStringLiteral("%1 %2 (%3)").arg(httpStatus).arg(codeName, serverMessage);
}

QString ApiError::messageFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::BadRequest:
    case ErrorCode::InvalidJson:
    case ErrorCode::InvalidParameter:
    case ErrorCode::MethodNotAllowed:
    case ErrorCode::LengthRequired:
    case ErrorCode::UriTooLong:
    case ErrorCode::PayloadTooLarge:
        return tr("The server did not understand the request. Nestbox may need an update.");
    case ErrorCode::InvalidCursor:
        return tr("The list changed its order; it will be loaded again.");
    case ErrorCode::InvalidUsername:
        return tr("A user name has 3 to 32 letters, digits, dots, dashes or underscores.");
    case ErrorCode::WeakPassword:
        return tr("The password must have at least 8 characters.");
    case ErrorCode::InvalidName:
        return tr("That name cannot be used. Names cannot contain / or \\ and cannot be empty.");
    case ErrorCode::InvalidSize:
        return tr("The file size is not valid.");
    case ErrorCode::InvalidSha256:
    case ErrorCode::BadChunkIndex:
    case ErrorCode::ChunkSizeMismatch:
        return tr("A piece of the file was sent wrongly; it will be sent again.");
    case ErrorCode::Unauthorized:
        return tr("Your session has ended. Sign in again.");
    case ErrorCode::InvalidCredentials:
        return tr("Wrong user name or password.");
    case ErrorCode::WrongPassword:
        return tr("The current password is wrong.");
    case ErrorCode::SignupClosed:
        return tr("This server does not allow creating new accounts. Ask its owner for one.");
    case ErrorCode::AccountDisabled:
        return tr("This account is disabled. Ask the server's owner.");
    case ErrorCode::NotFound:
        return tr("It is not there any more. It may have been deleted.");
    case ErrorCode::NoThumbnail:
        return tr("There is no preview for this file.");
    case ErrorCode::UsernameTaken:
        return tr("That user name is taken. Choose another one.");
    case ErrorCode::UploadComplete:
        return tr("This upload is already complete.");
    case ErrorCode::MissingChunks:
        return tr("Some pieces of the file have not reached the server yet.");
    case ErrorCode::UploadBusy:
        return tr("The server is still busy with this upload. It will be tried again.");
    case ErrorCode::UploadExpired:
        return tr("The upload waited too long and expired on the server; it starts again.");
    case ErrorCode::FileTooLarge:
        return tr("The file is larger than this server accepts.");
    case ErrorCode::RangeNotSatisfiable:
        return tr("The download could not continue where it stopped; it starts again.");
    case ErrorCode::ChecksumMismatch:
        return tr("The file arrived damaged on the server (checksum mismatch). Was it changed while uploading?");
    case ErrorCode::ChunkChecksumMismatch:
        return tr("A piece of the file arrived damaged; it will be sent again.");
    case ErrorCode::ProofMismatch:
        return tr("The server could not confirm the file; it will be uploaded in full.");
    case ErrorCode::TooManyAttempts:
        return tr("Too many attempts. Wait a few minutes and try again.");
    case ErrorCode::Internal:
        return tr("The server had an internal problem. Try again later.");
    case ErrorCode::Unavailable:
        return tr("The server is temporarily unavailable. Try again later.");
    case ErrorCode::QuotaExceeded:
        return tr("Your storage on the server is full.");
    case ErrorCode::Forbidden:
        return tr("Only the server's administrator can do this.");
    case ErrorCode::CannotDisableSelf:
        return tr("You cannot disable your own account.");
    case ErrorCode::InvalidInvite:
        return tr("This invitation code is not valid: it may be mistyped, used already or expired. Ask for a new one.");
    }
    return tr("The server refused the request.");
}

} // namespace nestbox
