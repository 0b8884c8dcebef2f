#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QUrlQuery>

#include <chrono>

class QIODevice;


namespace nestbox {

class ApiClient;

// One HTTP call to the Nestbox API (after owncloud's AbstractNetworkJob). The base owns the
// timeout, the Authorization header, reading and decoding the JSON body, classifying errors into
// an ApiError and reporting 401s to the ApiClient. Subclasses build the request in sendRequest()
// and pick their results out of json() in parseResponse().
//
// start() once; exactly one finished() follows unless abort() is called first (abort emits
// nothing). By default the job deletes itself (deleteLater) after finished() or abort(); call
// setAutoDelete(false) to keep it. Lives on the ApiClient's thread.
class AbstractApiJob : public QObject {
    Q_OBJECT

public:
    explicit AbstractApiJob(ApiClient *client, QObject *parent = nullptr);
    ~AbstractApiJob() override;

    void setAutoDelete(bool autoDelete) { _autoDelete = autoDelete; }
    // Per-job timeout (without progress); the client's by default.
    void setTimeout(std::chrono::milliseconds timeout) { _timeout = timeout; }
    // Whether the bearer token is sent (true, except for sign-in/sign-up/server info).
    void setAuthenticated(bool authenticated) { _authenticated = authenticated; }
    // Sends this token instead of the client's (to check a stored token before using it).
    void setTokenOverride(const QString &token) { _tokenOverride = token; }

    ApiClient *client() const { return _client; }
    bool isRunning() const { return !_reply.isNull(); }
    bool isFinished() const { return _finished; }

    ApiError error() const { return _error; }
    bool succeeded() const { return _finished && !_error.isError(); }
    int httpStatus() const { return _httpStatus; }
    QJsonObject json() const { return _json; }
    QByteArray rawBody() const { return _body; }
    QByteArray responseHeader(const QByteArray &name) const;

public Q_SLOTS:
    void start();
    void abort();

Q_SIGNALS:
    void finished();

protected:
    // Builds and sends the request (with client()->network()); called by start().
    virtual QNetworkReply *sendRequest() = 0;
    // A 2xx answer arrived and json() is set; pick results. Return an error to fail the job.
    virtual ApiError parseResponse() { return {}; }
    // Whether the body is JSON to decode (false for content downloads).
    virtual bool expectsJson() const { return true; }
    // Called for a reply's data as it arrives (only when expectsJson() is false); the default
    // keeps it in rawBody().
    virtual void onReadyRead(QNetworkReply *reply);
    // After finished and before finished() is emitted, success or not.
    virtual void onFinishedReply(QNetworkReply *) {}
    // A 301/302/303/307/308 answer for a request sent with QNetworkRequest::ManualRedirectPolicy:
    // the subclass may send the follow-up request itself (e.g. without the bearer token, for a
    // presigned URL) and return it; nullptr fails the job with the redirect as its answer.
    virtual QNetworkReply *followRedirect(const QUrl &) { return nullptr; }

    QNetworkRequest makeRequest(const QString &path, const QUrlQuery &query = {}) const;
    // For sendRequest() returning nullptr: why the request could not be made (a local file, …).
    void setLocalError(const QString &message);
    static QByteArray toJson(const QJsonObject &object);
    QNetworkReply *reply() const { return _reply; }

    ApiClient *_client;

private:
    void attach(QNetworkReply *reply);
    void onReplyFinished();
    void finish();

    QPointer<QNetworkReply> _reply;
    ApiError _error;
    QJsonObject _json;
    QByteArray _body;
    QList<QPair<QByteArray, QByteArray>> _headers;
    QString _tokenUsed;
    QString _tokenOverride;
    std::chrono::milliseconds _timeout{0};
    int _httpStatus = 0;
    int _redirects = 0;
    bool _authenticated = true;
    bool _autoDelete = true;
    bool _finished = false;
    bool _aborted = false;
};

} // namespace nestbox
