#include "ServerProbe.h"

#include "ApiClient.h"
#include "ApiError.h"
#include "AppVersion.h"
#include "Logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace nestbox {

namespace {

// A real /api/v1/server answer is a few hundred bytes; anything far bigger is some other site's
// page, and reading it all would only waste memory.
constexpr qint64 kMaxBodyBytes = 64 * 1024;
constexpr int kMaxRedirects = 5;

// The {"error": {"code", "message"}} envelope of API.md, if the body is one.
QString errorEnvelopeMessage(const QByteArray &body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    const QString message = error.value(QLatin1String("message")).toString();
    return message.isEmpty() ? error.value(QLatin1String("code")).toString() : message;
}

} // namespace

ServerProbe::ServerProbe(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , _network(network)
{
    Q_ASSERT(_network);
}

ServerProbe::~ServerProbe()
{
    abort();
}

std::optional<QUrl> ServerProbe::baseUrlFromUserInput(const QString &text)
{
    QString input = text.trimmed();
    if (input.isEmpty())
        return std::nullopt;
    if (!input.contains(QLatin1String("://")))
        input.prepend(QLatin1String("http://"));

    QUrl url(input, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        || url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return std::nullopt;

    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path);
    return url;
}

QUrl ServerProbe::serverInfoUrl(const QUrl &baseUrl)
{
    QUrl url = baseUrl;
    url.setPath(baseUrl.path() + QLatin1String("/api/v1/server"));
    return url;
}

void ServerProbe::setTimeout(std::chrono::milliseconds timeout)
{
    _timeout = timeout;
}

void ServerProbe::probeAddress(const QString &text)
{
    if (const std::optional<QUrl> url = baseUrlFromUserInput(text)) {
        probe(*url);
        return;
    }
    abort();
    if (text.trimmed().isEmpty())
        fail(Failure::InvalidAddress, tr("Type the address of your Nestbox server."));
    else
        fail(Failure::InvalidAddress,
             tr("“%1” is not a server address. Type something like http://nestbox.local:8080.")
                 .arg(text.trimmed()));
}

void ServerProbe::probe(const QUrl &baseUrl)
{
    abort();
    _baseUrl = baseUrl;
    _certificateFingerprint.clear();
    _bodyTooLarge = false;

    const QString scheme = baseUrl.scheme().toLower();
    if (!baseUrl.isValid() || baseUrl.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        fail(Failure::InvalidAddress,
             tr("“%1” is not a server address. Type something like http://nestbox.local:8080.")
                 .arg(baseUrl.toDisplayString()));
        return;
    }

    QNetworkRequest request(serverInfoUrl(baseUrl));
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QString(QLatin1String("Nestbox/") + QLatin1String(kAppVersion)));
    request.setRawHeader("Accept", "application/json");
    // Follow a proxy's http→https or sub-path redirect, but never downgrade https to http.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(kMaxRedirects);
    request.setTransferTimeout(static_cast<int>(_timeout.count()));

    if (!_network)
        return; // the app is closing
    qCDebug(lcNet) << "probing" << request.url().toDisplayString();
    QNetworkReply *reply = _network->get(request);
    _reply = reply;
    connect(reply, &QNetworkReply::finished, this, &ServerProbe::onFinished);
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64) {
        if (received > kMaxBodyBytes && !_bodyTooLarge) {
            _bodyTooLarge = true;
            reply->abort(); // finishes the reply; onFinished() reports NotNestbox
        }
    });
}

void ServerProbe::abort()
{
    if (!_reply)
        return;
    QNetworkReply *reply = _reply;
    _reply = nullptr;
    // Disconnect first: a cancelled probe must not report anything.
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void ServerProbe::onFinished()
{
    QNetworkReply *reply = _reply;
    if (!reply)
        return;
    _reply = nullptr;
    reply->deleteLater();

    const QString where = _baseUrl.toDisplayString();
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const QNetworkReply::NetworkError error = reply->error();
    qCDebug(lcNet) << "probe of" << where << "finished: status" << statusAttribute << "error" << error;

    const QString notNestbox =
        tr("The server at %1 answered, but it is not a Nestbox server. Check the address and the port.")
            .arg(where);
    if (_bodyTooLarge) {
        fail(Failure::NotNestbox, notNestbox);
        return;
    }

    if (!statusAttribute.isValid()) {
        // No HTTP answer at all: classify the transport failure.
        switch (error) {
        case QNetworkReply::HostNotFoundError:
            fail(Failure::HostNotFound,
                 tr("Cannot find the server “%1”. Check the address for typing mistakes.")
                     .arg(_baseUrl.host()));
            return;
        case QNetworkReply::TimeoutError:
        case QNetworkReply::OperationCanceledError: // what a transfer timeout reports in Qt 6.4
            fail(Failure::TimedOut,
                 tr("The server at %1 did not answer within %n second(s).", nullptr,
                    static_cast<int>(_timeout.count() / 1000))
                     .arg(where));
            return;
        case QNetworkReply::SslHandshakeFailedError: {
            // ApiClient (which owns the network manager in the app) marks a refused certificate.
            const QString trust = reply->property(ApiClient::kUntrustedReasonProperty).toString();
            if (!trust.isEmpty()) {
                _certificateFingerprint = reply->property(ApiClient::kUntrustedFingerprintProperty).toString();
                const QString server = _baseUrl.host() + QLatin1Char(':') + QString::number(_baseUrl.port(443));
                if (trust == QLatin1String("changed"))
                    fail(Failure::CertificateChanged, ApiError::changedMessage(server, _certificateFingerprint));
                else
                    fail(Failure::UntrustedCertificate, ApiError::untrustedMessage(server, _certificateFingerprint));
                return;
            }
            fail(Failure::SecureConnection,
                 tr("Cannot open a secure connection to %1: %2").arg(where, reply->errorString()));
            return;
        }
        case QNetworkReply::ProtocolFailure:
        case QNetworkReply::ProtocolUnknownError:
        case QNetworkReply::TooManyRedirectsError:
        case QNetworkReply::InsecureRedirectError:
            fail(Failure::NotNestbox, notNestbox);
            return;
        default:
            fail(Failure::Unreachable,
                 tr("Cannot reach the server at %1. Check that it is running and that this computer "
                    "can reach it.")
                     .arg(where));
            return;
        }
    }

    const int status = statusAttribute.toInt();
    const QByteArray body = reply->read(kMaxBodyBytes);
    if (status >= 500) {
        const QString serverMessage = errorEnvelopeMessage(body);
        if (!serverMessage.isEmpty())
            fail(Failure::ServerError,
                 tr("The Nestbox server at %1 has a problem: %2. Try again in a moment.")
                     .arg(where, serverMessage));
        else
            fail(Failure::ServerError,
                 tr("The server at %1 answered with error %2. Try again in a moment.")
                     .arg(where, QString::number(status)));
        return;
    }
    if (status < 200 || status >= 300) {
        fail(Failure::NotNestbox, notNestbox);
        return;
    }

    const std::optional<ServerInfo> info = ServerInfo::fromJson(body, _baseUrl);
    if (!info) {
        fail(Failure::NotNestbox, notNestbox);
        return;
    }
    if (info->apiVersion != kSupportedApiVersion) {
        fail(Failure::IncompatibleApi,
             tr("“%1” speaks version %2 of the Nestbox protocol, but this app speaks version %3. "
                "Update the app or the server.")
                 .arg(info->name, QString::number(info->apiVersion),
                      QString::number(kSupportedApiVersion)));
        return;
    }
    qCInfo(lcNet) << "found Nestbox server" << info->name << info->version << "at" << where;
    Q_EMIT succeeded(*info);
}

void ServerProbe::fail(Failure failure, const QString &message)
{
    qCInfo(lcNet) << "probe failed:" << failure << message;
    Q_EMIT failed(failure, message);
}

} // namespace nestbox
