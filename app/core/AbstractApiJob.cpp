#include "AbstractApiJob.h"

#include "ApiClient.h"
#include "AppVersion.h"
#include "Logging.h"

#include <QJsonDocument>
#include <QNetworkReply>

namespace nestbox {

namespace {
// JSON answers of this API are small (a page of 1000 files is well under this).
constexpr qint64 kMaxJsonBytes = 32 * 1024 * 1024;
constexpr int kMaxRedirects = 5;
} // namespace

AbstractApiJob::AbstractApiJob(ApiClient *client, QObject *parent)
    : QObject(parent)
    , _client(client)
{
    Q_ASSERT(client);
}

AbstractApiJob::~AbstractApiJob()
{
    if (_reply) {
        _reply->disconnect(this);
        _reply->abort();
        _reply->deleteLater();
    }
}

QNetworkRequest AbstractApiJob::makeRequest(const QString &path, const QUrlQuery &query) const
{
    QNetworkRequest request(_client->apiUrl(path, query));
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QString(QLatin1String("Nestbox/") + QLatin1String(kAppVersion)));
    request.setRawHeader("Accept", "application/json");
    const QString token = _tokenOverride.isEmpty() ? _client->token() : _tokenOverride;
    if (_authenticated && !token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    const auto timeout = _timeout.count() > 0 ? _timeout : _client->timeout();
    request.setTransferTimeout(static_cast<int>(timeout.count()));
    return request;
}

void AbstractApiJob::setLocalError(const QString &message)
{
    _error = ApiError{};
    _error.kind = ApiError::Kind::Network;
    _error.message = message;
    _error.serverMessage = message;
}

QByteArray AbstractApiJob::toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray AbstractApiJob::responseHeader(const QByteArray &name) const
{
    for (const auto &pair : _headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second;
    }
    return {};
}

void AbstractApiJob::start()
{
    if (_reply || _finished)
        return;
    _tokenUsed = _authenticated ? (_tokenOverride.isEmpty() ? _client->token() : _tokenOverride) : QString();
    QNetworkReply *reply = sendRequest();
    if (!reply) {
        // sendRequest() could not even build the request (e.g. a local file cannot be written);
        // it said why with setLocalError(). Report after start() returns, as for any answer.
        if (!_error.isError())
            setLocalError(tr("The request could not be sent."));
        QMetaObject::invokeMethod(this, &AbstractApiJob::finish, Qt::QueuedConnection);
        return;
    }
    attach(reply);
}

void AbstractApiJob::attach(QNetworkReply *reply)
{
    _reply = reply;
    qCDebug(lcApi) << metaObject()->className() << reply->operation() << reply->url().path();
    connect(reply, &QNetworkReply::finished, this, &AbstractApiJob::onReplyFinished);
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        if (!expectsJson())
            onReadyRead(reply);
        else if (reply->bytesAvailable() + _body.size() > kMaxJsonBytes)
            reply->abort();
        else
            _body += reply->readAll();
    });
}

void AbstractApiJob::onReadyRead(QNetworkReply *reply)
{
    _body += reply->readAll();
}

void AbstractApiJob::abort()
{
    _aborted = true;
    if (_reply) {
        QNetworkReply *reply = _reply;
        _reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    if (_autoDelete)
        deleteLater();
}

void AbstractApiJob::onReplyFinished()
{
    QNetworkReply *reply = _reply;
    if (!reply)
        return;
    _reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();

    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    _httpStatus = status.isValid() ? status.toInt() : 0;
    _headers = reply->rawHeaderPairs();
    const bool redirect = _httpStatus == 301 || _httpStatus == 302 || _httpStatus == 303 || _httpStatus == 307
                          || _httpStatus == 308;
    const QByteArray location = reply->rawHeader("Location");
    if (redirect && !location.isEmpty() && _redirects < kMaxRedirects && reply->error() == QNetworkReply::NoError) {
        const QUrl target = reply->url().resolved(QUrl::fromEncoded(location));
        // never from https down to http, and only to web addresses
        const bool safe = (target.scheme() == QLatin1String("https")
                           || (target.scheme() == QLatin1String("http") && reply->url().scheme() == QLatin1String("http")))
                          && target.isValid();
        if (safe) {
            if (QNetworkReply *next = followRedirect(target)) {
                ++_redirects;
                _body.clear();
                attach(next);
                return;
            }
        }
    }
    const bool statusOk = _httpStatus >= 200 && _httpStatus < 300;
    // Error bodies are JSON even for content downloads.
    if (!expectsJson() && statusOk && reply->error() == QNetworkReply::NoError)
        onReadyRead(reply);
    else
        _body += reply->readAll();

    if (_httpStatus > 0 && !statusOk) {
        _error = ApiError::fromHttp(_httpStatus, _body);
        if (!expectsJson())
            _json = QJsonDocument::fromJson(_body).object();
    } else if (_httpStatus == 0 || reply->error() != QNetworkReply::NoError) {
        _error = ApiError::fromNetwork(reply);
        if (!_error.isError())
            _error = ApiError::network(reply->errorString());
    } else {
        if (expectsJson() && !_body.isEmpty()) {
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(_body, &parseError);
            if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
                _error.kind = ApiError::Kind::NotNestbox;
                _error.httpStatus = _httpStatus;
                _error.message = tr("The server answered in a way Nestbox does not understand. "
                                    "Check the server address.");
            } else {
                _json = doc.object();
            }
        }
        if (!_error.isError())
            _error = parseResponse();
    }
    onFinishedReply(reply);

    if (_error.isError()) {
        qCDebug(lcApi) << metaObject()->className() << "failed:" << _error.toString();
        if (_error.isAuthError() && _authenticated)
            _client->reportAuthenticationFailure(_tokenUsed);
    }
    finish();
}

void AbstractApiJob::finish()
{
    if (_finished || _aborted)
        return;
    _finished = true;
    Q_EMIT finished();
    if (_autoDelete)
        deleteLater();
}

} // namespace nestbox
