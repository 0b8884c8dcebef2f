#include "HttpClient.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

HttpClient::HttpClient(const QUrl &baseUrl)
    : _baseUrl(baseUrl)
{
}

void HttpClient::setBaseUrl(const QUrl &baseUrl)
{
    _baseUrl = baseUrl;
    // Connections to a server that was killed must not be reused.
    _nam.clearConnectionCache();
}

QNetworkReply *HttpClient::start(const HttpRequest &request)
{
    QByteArray base = _baseUrl.toEncoded();
    if (base.endsWith('/'))
        base.chop(1);
    QNetworkRequest req(QUrl::fromEncoded(base + request.target, QUrl::StrictMode));
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    bool hasContentType = false;
    for (const auto &h : request.headers) {
        req.setRawHeader(h.first, h.second);
        if (h.first.compare("Content-Type", Qt::CaseInsensitive) == 0)
            hasContentType = true;
    }
    if (!hasContentType && !request.body.isNull())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    if (request.body.isNull() && request.method != "GET" && request.method != "DELETE" && request.method != "HEAD")
        return _nam.sendCustomRequest(req, request.method, QByteArray(""));
    return _nam.sendCustomRequest(req, request.method, request.body);
}

HttpReply HttpClient::collect(const HttpRequest &request, QNetworkReply *reply)
{
    HttpReply r;
    r.method = request.method;
    r.target = request.target;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (r.status == 0)
        r.networkError = reply->errorString();
    r.headers = reply->rawHeaderPairs();
    r.body = reply->readAll();
    return r;
}

HttpReply HttpClient::send(const HttpRequest &request)
{
    return sendAll({request}).value(0);
}

QList<HttpReply> HttpClient::sendAll(const QList<HttpRequest> &requests)
{
    QList<QNetworkReply *> replies;
    QEventLoop loop;
    int pending = int(requests.size());
    for (const auto &request : requests) {
        QNetworkReply *reply = start(request);
        replies.append(reply);
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&pending, &loop] {
            if (--pending == 0)
                loop.quit();
        });
    }
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&replies] {
        for (QNetworkReply *reply : std::as_const(replies)) {
            if (!reply->isFinished())
                reply->abort();
        }
    });
    timer.start(_timeoutMs);
    if (pending > 0)
        loop.exec();
    QList<HttpReply> result;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        result.append(collect(requests.at(i), replies.at(i)));
        replies.at(i)->deleteLater();
    }
    return result;
}
