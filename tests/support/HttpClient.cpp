#include "HttpClient.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpSocket>
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

HttpReply HttpClient::sendRaw(const QByteArray &raw)
{
    HttpReply r;
    const qsizetype lineEnd = raw.indexOf("\r\n");
    const QList<QByteArray> requestLine = raw.left(lineEnd).split(' ');
    r.method = requestLine.value(0);
    r.target = requestLine.value(1);
    QTcpSocket socket;
    socket.connectToHost(_baseUrl.host(), quint16(_baseUrl.port()));
    if (!socket.waitForConnected(10000)) {
        r.networkError = socket.errorString();
        return r;
    }
    QByteArray in;
    qsizetype written = 0;
    QDeadlineTimer deadline(_timeoutMs);
    // write in pieces and read whatever comes back in between
    while (!deadline.hasExpired() && socket.state() == QAbstractSocket::ConnectedState) {
        if (written < raw.size()) {
            const qint64 n = socket.write(raw.constData() + written, qMin<qsizetype>(64 * 1024, raw.size() - written));
            if (n < 0)
                break;
            written += n;
            socket.waitForBytesWritten(1000);
        }
        if (socket.waitForReadyRead(written < raw.size() ? 1 : 2000))
            in += socket.readAll();
        const qsizetype headerEnd = in.indexOf("\r\n\r\n");
        if (headerEnd >= 0) {
            // a complete answer (Content-Length known) ends the exchange
            const QByteArray head = in.left(headerEnd).toLower();
            const qsizetype cl = head.indexOf("\r\ncontent-length:");
            if (cl >= 0) {
                const qsizetype eol = head.indexOf("\r\n", cl + 2);
                const qsizetype len = head.mid(cl + 17, eol < 0 ? -1 : eol - cl - 17).trimmed().toLongLong();
                if (in.size() >= headerEnd + 4 + len)
                    break;
            }
        }
        if (written >= raw.size() && headerEnd < 0 && !socket.bytesAvailable() && socket.state() != QAbstractSocket::ConnectedState)
            break;
    }
    in += socket.readAll();
    // skip interim 1xx answers
    while (in.startsWith("HTTP/1.1 1")) {
        const qsizetype end = in.indexOf("\r\n\r\n");
        if (end < 0)
            break;
        in = in.mid(end + 4);
    }
    const qsizetype headerEnd = in.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        r.networkError = QStringLiteral("no complete answer (%1 bytes read, %2 of %3 written): %4")
                             .arg(in.size()).arg(written).arg(raw.size()).arg(socket.errorString());
        return r;
    }
    const QList<QByteArray> lines = in.left(headerEnd).split('\n');
    r.status = lines.value(0).split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    r.body = in.mid(headerEnd + 4);
    const QByteArray cl = r.header("Content-Length");
    if (!cl.isEmpty())
        r.body = r.body.left(cl.toLongLong());
    return r;
}
