#pragma once

#include "HttpReply.h"

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QUrl>

// A request as the tests write it: `target` is path + query exactly as it goes on the wire
// (already percent-encoded), relative to the client's base URL.
struct HttpRequest {
    QByteArray method;
    QByteArray target;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

// Synchronous HTTP on top of QNetworkAccessManager, for tests: each call runs a local event loop
// until the reply is finished (or a timeout aborts it). sendAll() runs several requests in parallel.
// Not thread-safe; use from the test thread.
class HttpClient
{
public:
    explicit HttpClient(const QUrl &baseUrl = {});

    void setBaseUrl(const QUrl &baseUrl);
    QUrl baseUrl() const { return _baseUrl; }
    void setTimeoutMs(int ms) { _timeoutMs = ms; }

    HttpReply send(const HttpRequest &request);
    // Writes `raw` (a whole HTTP/1.1 request, as bytes) on a fresh TCP connection and reads the
    // answer while still writing, as curl does: for answers a server gives before it has read the
    // whole body (413 on a too-large body), which QNetworkAccessManager reports as an error.
    HttpReply sendRaw(const QByteArray &raw);
    QList<HttpReply> sendAll(const QList<HttpRequest> &requests);

private:
    class QNetworkReply *start(const HttpRequest &request);
    static HttpReply collect(const HttpRequest &request, class QNetworkReply *reply);

    QNetworkAccessManager _nam;
    QUrl _baseUrl;
    int _timeoutMs = 120000;
};

// One request header, e.g. headers.append(httpHeader("Range", "bytes=0-4")).
inline QPair<QByteArray, QByteArray> httpHeader(const QByteArray &name, const QByteArray &value)
{
    return {name, value};
}
