#pragma once

#include "HttpClient.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// The Nestbox HTTP API v1 as one user (bearer token) sees it: one method per route, each returning
// the raw HttpReply so tests can check statuses and bodies, plus a few composite helpers
// (uploadFile, uploadChunked, listAll) that record a test failure and return an empty object when a
// step fails. Shares the caller's HttpClient.
class ApiClient
{
public:
    explicit ApiClient(HttpClient *http, const QByteArray &token = {});

    // signup + login of a fresh user; nullopt (and a recorded failure) when either step fails.
    static std::optional<ApiClient> newUser(HttpClient *http, const QString &prefix = QStringLiteral("u"));

    QByteArray token;
    QString username;
    QString password;

    HttpReply request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                      QList<QPair<QByteArray, QByteArray>> headers = {}) const;
    HttpReply postJson(const QByteArray &target, const QJsonObject &body) const;
    HttpRequest makeRequest(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                            QList<QPair<QByteArray, QByteArray>> headers = {}) const;

    HttpReply signup(const QString &user, const QString &pass) const;
    HttpReply login(const QString &user, const QString &pass) const;
    HttpReply logout() const;
    HttpReply me() const;
    HttpReply changePassword(const QString &oldPass, const QString &newPass) const;

    HttpReply listFiles(const QByteArray &query = {}) const;
    HttpReply getFile(const QString &id) const;
    HttpReply renameFile(const QString &id, const QString &name) const;
    HttpReply deleteFile(const QString &id) const;
    HttpReply download(const QString &id, QList<QPair<QByteArray, QByteArray>> headers = {}) const;
    HttpReply uploadSimple(const QString &name, const QByteArray &data,
                           QList<QPair<QByteArray, QByteArray>> headers = {}) const;

    HttpReply startUpload(const QString &name, qint64 size, const QByteArray &sha256, qint64 chunkSize = 0) const;
    HttpRequest chunkRequest(const QString &uploadId, const QByteArray &index, const QByteArray &data,
                             const QByteArray &sha256 = {}) const;
    HttpReply putChunk(const QString &uploadId, int index, const QByteArray &data, const QByteArray &sha256 = {}) const;
    HttpReply uploadStatus(const QString &uploadId) const;
    HttpReply listUploads() const;
    HttpReply complete(const QString &uploadId) const;
    HttpReply abort(const QString &uploadId) const;
    HttpReply proof(const QString &uploadId, const QByteArray &proof) const;

    // Simple upload; the File object or {} on failure.
    QJsonObject uploadFile(const QString &name, const QByteArray &data) const;
    // start -> every chunk -> complete; the File object or {} on failure.
    QJsonObject uploadChunked(const QString &name, const QByteArray &data, qint64 chunkSize = 0) const;
    // Sends the chunks of `upload` (an Upload object) that are in `indices` (all when empty).
    bool sendChunks(const QJsonObject &upload, const QByteArray &data, const QList<int> &indices = {}) const;
    // Every item of GET /files with `query`, following next_cursor; {} and a failure on error.
    QList<QJsonObject> listAll(const QByteArray &query = {}, int limit = 1000) const;
    // me().usage as {files, bytes}
    QPair<qint64, qint64> usage() const;

    HttpClient *http() const { return _http; }

private:
    HttpClient *_http;
};

// The chunk `index` of `data` for an upload with `chunkSize`.
QByteArray chunkOf(const QByteArray &data, qint64 chunkSize, int index);
QList<int> receivedOf(const QJsonObject &upload);
