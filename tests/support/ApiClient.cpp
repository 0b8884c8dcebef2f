#include "ApiClient.h"

#include "TestData.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrl>

namespace {
QByteArray enc(const QString &s)
{
    return QUrl::toPercentEncoding(s);
}
QByteArray jsonBytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
} // namespace

QByteArray chunkOf(const QByteArray &data, qint64 chunkSize, int index)
{
    return data.mid(chunkSize * index, chunkSize);
}

QList<int> receivedOf(const QJsonObject &upload)
{
    QList<int> out;
    const QJsonArray a = upload.value(QLatin1String("received")).toArray();
    for (const auto &v : a)
        out.append(v.toInt());
    std::sort(out.begin(), out.end());
    return out;
}

ApiClient::ApiClient(HttpClient *http, const QByteArray &tok)
    : token(tok)
    , _http(http)
{
}

std::optional<ApiClient> ApiClient::newUser(HttpClient *http, const QString &prefix)
{
    ApiClient c(http);
    c.username = TestData::uniqueUsername(prefix);
    c.password = QStringLiteral("correct horse ") + c.username;
    const HttpReply s = c.signup(c.username, c.password);
    if (s.status != 201) {
        QTest::qFail(qPrintable(QStringLiteral("signup failed: ") + s.describe()), __FILE__, __LINE__);
        return std::nullopt;
    }
    const HttpReply l = c.login(c.username, c.password);
    if (l.status != 200 || l.json().value(QLatin1String("token")).toString().isEmpty()) {
        QTest::qFail(qPrintable(QStringLiteral("login failed: ") + l.describe()), __FILE__, __LINE__);
        return std::nullopt;
    }
    c.token = l.json().value(QLatin1String("token")).toString().toUtf8();
    return c;
}

HttpRequest ApiClient::makeRequest(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                                   QList<QPair<QByteArray, QByteArray>> headers) const
{
    if (!token.isEmpty())
        headers.prepend({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + token});
    return HttpRequest{method, target, body, headers};
}

HttpReply ApiClient::request(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                             QList<QPair<QByteArray, QByteArray>> headers) const
{
    return _http->send(makeRequest(method, target, body, std::move(headers)));
}

HttpReply ApiClient::postJson(const QByteArray &target, const QJsonObject &body) const
{
    return request("POST", target, jsonBytes(body), {{"Content-Type", "application/json"}});
}

HttpReply ApiClient::signup(const QString &user, const QString &pass) const
{
    return postJson("/api/v1/auth/signup", {{QStringLiteral("username"), user}, {QStringLiteral("password"), pass}});
}

HttpReply ApiClient::login(const QString &user, const QString &pass) const
{
    return postJson("/api/v1/auth/login", {{QStringLiteral("username"), user}, {QStringLiteral("password"), pass}});
}

HttpReply ApiClient::logout() const
{
    return request("POST", "/api/v1/auth/logout");
}

HttpReply ApiClient::me() const
{
    return request("GET", "/api/v1/me");
}

HttpReply ApiClient::changePassword(const QString &oldPass, const QString &newPass) const
{
    return postJson("/api/v1/me/password",
                    {{QStringLiteral("old_password"), oldPass}, {QStringLiteral("new_password"), newPass}});
}

HttpReply ApiClient::listFiles(const QByteArray &query) const
{
    return request("GET", query.isEmpty() ? QByteArrayLiteral("/api/v1/files") : "/api/v1/files?" + query);
}

HttpReply ApiClient::getFile(const QString &id) const
{
    return request("GET", "/api/v1/files/" + enc(id));
}

HttpReply ApiClient::renameFile(const QString &id, const QString &name) const
{
    return request("PATCH", "/api/v1/files/" + enc(id), jsonBytes({{QStringLiteral("name"), name}}),
                   {{"Content-Type", "application/json"}});
}

HttpReply ApiClient::deleteFile(const QString &id) const
{
    return request("DELETE", "/api/v1/files/" + enc(id));
}

HttpReply ApiClient::download(const QString &id, QList<QPair<QByteArray, QByteArray>> headers) const
{
    return request("GET", "/api/v1/files/" + enc(id) + "/content", {}, std::move(headers));
}

HttpReply ApiClient::uploadSimple(const QString &name, const QByteArray &data,
                                  QList<QPair<QByteArray, QByteArray>> headers) const
{
    headers.prepend({QByteArrayLiteral("X-Nestbox-Name"), enc(name)});
    return request("POST", "/api/v1/files", data.isNull() ? QByteArray("") : data, std::move(headers));
}

HttpReply ApiClient::startUpload(const QString &name, qint64 size, const QByteArray &sha256, qint64 chunkSize) const
{
    QJsonObject body{{QStringLiteral("name"), name},
                     {QStringLiteral("size"), size},
                     {QStringLiteral("sha256"), QString::fromLatin1(sha256)}};
    if (chunkSize > 0)
        body.insert(QStringLiteral("chunk_size"), chunkSize);
    return postJson("/api/v1/uploads", body);
}

HttpRequest ApiClient::chunkRequest(const QString &uploadId, const QByteArray &index, const QByteArray &data,
                                    const QByteArray &sha256) const
{
    return makeRequest("PUT", "/api/v1/uploads/" + enc(uploadId) + "/chunks/" + index,
                       data.isNull() ? QByteArray("") : data,
                       {{"X-Nestbox-Chunk-SHA256", sha256.isEmpty() ? TestData::sha256Hex(data) : sha256}});
}

HttpReply ApiClient::putChunk(const QString &uploadId, int index, const QByteArray &data, const QByteArray &sha256) const
{
    return _http->send(chunkRequest(uploadId, QByteArray::number(index), data, sha256));
}

HttpReply ApiClient::uploadStatus(const QString &uploadId) const
{
    return request("GET", "/api/v1/uploads/" + enc(uploadId));
}

HttpReply ApiClient::listUploads() const
{
    return request("GET", "/api/v1/uploads");
}

HttpReply ApiClient::complete(const QString &uploadId) const
{
    return request("POST", "/api/v1/uploads/" + enc(uploadId) + "/complete");
}

HttpReply ApiClient::abort(const QString &uploadId) const
{
    return request("DELETE", "/api/v1/uploads/" + enc(uploadId));
}

HttpReply ApiClient::proof(const QString &uploadId, const QByteArray &proofHex) const
{
    return postJson("/api/v1/uploads/" + enc(uploadId) + "/proof", {{QStringLiteral("proof"), QString::fromLatin1(proofHex)}});
}

QJsonObject ApiClient::uploadFile(const QString &name, const QByteArray &data) const
{
    const HttpReply r = uploadSimple(name, data);
    if (r.status != 201 || r.json().value(QLatin1String("id")).toString().isEmpty()) {
        QTest::qFail(qPrintable(QStringLiteral("simple upload failed: ") + r.describe()), __FILE__, __LINE__);
        return {};
    }
    return r.json();
}

bool ApiClient::sendChunks(const QJsonObject &upload, const QByteArray &data, const QList<int> &indices) const
{
    const QString id = upload.value(QLatin1String("id")).toString();
    const qint64 chunkSize = upload.value(QLatin1String("chunk_size")).toInteger();
    const int count = upload.value(QLatin1String("chunk_count")).toInt();
    QList<int> todo = indices;
    if (todo.isEmpty()) {
        for (int i = 0; i < count; ++i)
            todo.append(i);
    }
    for (int i : std::as_const(todo)) {
        const HttpReply r = putChunk(id, i, chunkOf(data, chunkSize, i));
        if (r.status != 204) {
            QTest::qFail(qPrintable(QStringLiteral("chunk %1 failed: ").arg(i) + r.describe()), __FILE__, __LINE__);
            return false;
        }
    }
    return true;
}

QJsonObject ApiClient::uploadChunked(const QString &name, const QByteArray &data, qint64 chunkSize) const
{
    const HttpReply s = startUpload(name, data.size(), TestData::sha256Hex(data), chunkSize);
    const QJsonObject start = s.json();
    if (s.status != 201 || start.value(QLatin1String("state")).toString() != QLatin1String("receiving")) {
        QTest::qFail(qPrintable(QStringLiteral("upload start failed: ") + s.describe()), __FILE__, __LINE__);
        return {};
    }
    const QJsonObject upload = start.value(QLatin1String("upload")).toObject();
    if (!sendChunks(upload, data))
        return {};
    const HttpReply c = complete(upload.value(QLatin1String("id")).toString());
    if (c.status != 201 || !c.json().value(QLatin1String("file")).isObject()) {
        QTest::qFail(qPrintable(QStringLiteral("complete failed: ") + c.describe()), __FILE__, __LINE__);
        return {};
    }
    return c.json().value(QLatin1String("file")).toObject();
}

QList<QJsonObject> ApiClient::listAll(const QByteArray &query, int limit) const
{
    QList<QJsonObject> items;
    QString cursor;
    for (int page = 0; page < 10000; ++page) {
        QByteArray q = "limit=" + QByteArray::number(limit);
        if (!query.isEmpty())
            q += '&' + query;
        if (!cursor.isEmpty())
            q += "&cursor=" + enc(cursor);
        const HttpReply r = listFiles(q);
        if (r.status != 200 || !r.json().value(QLatin1String("items")).isArray()) {
            QTest::qFail(qPrintable(QStringLiteral("list failed: ") + r.describe()), __FILE__, __LINE__);
            return {};
        }
        const QJsonArray a = r.json().value(QLatin1String("items")).toArray();
        for (const auto &v : a)
            items.append(v.toObject());
        const QJsonValue next = r.json().value(QLatin1String("next_cursor"));
        if (next.isNull() || next.isUndefined())
            return items;
        cursor = next.toString();
        if (cursor.isEmpty()) {
            QTest::qFail(qPrintable(QStringLiteral("next_cursor neither null nor a string: ") + r.describe()),
                         __FILE__, __LINE__);
            return {};
        }
    }
    return items;
}

QPair<qint64, qint64> ApiClient::usage() const
{
    const HttpReply r = me();
    const QJsonObject u = r.json().value(QLatin1String("usage")).toObject();
    if (r.status != 200 || u.isEmpty()) {
        QTest::qFail(qPrintable(QStringLiteral("GET /me failed: ") + r.describe()), __FILE__, __LINE__);
        return {-1, -1};
    }
    return {u.value(QLatin1String("files")).toInteger(), u.value(QLatin1String("bytes")).toInteger()};
}
