// Session, TokenStore (file backend, 0600), AccountStore and the API jobs against a real nestboxd:
// sign-in, wrong password, sign-up, restore from the stored token, sign-out; list/rename/delete,
// thumbnails, resumable downloads verified by SHA-256; ApiError classification.

#include "AppStack.h"
#include "AppTestUtil.h"
// Two headers are called ApiClient.h: tests/support's (the raw API as one user) and app/core's.
#include "../support/ApiClient.h"
#include "HttpClient.h"
#include "TestServer.h"

using UserApi = ::ApiClient;

#include "AccountStore.h"
#include "../../app/core/ApiClient.h"
#include "ApiError.h"
#include "DeleteFileJob.h"
#include "DownloadJob.h"
#include "ListFilesJob.h"
#include "MeJob.h"
#include "RenameFileJob.h"
#include "ServerInfoJob.h"
#include "Session.h"
#include "ThumbnailJob.h"
#include "TokenStore.h"

#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>
#include <sys/stat.h>

using namespace nestbox;

namespace {
constexpr int kWaitMs = 30000;
} // namespace

class TestSession : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void apiErrorFromHttp_data();
    void apiErrorFromHttp();
    void apiErrorNetwork();
    void serverInfo();
    void wrongPassword();
    void unreachableServer();
    void signInRememberAndRestore();
    void restoreWithRevokedToken();
    void signUpThenSignOut();
    void tokenFileIsPrivate();
    void accountStoreOrder();
    void fileJobs();
    void downloadResumesAndVerifies();

private:
    using App = AppStack;

    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    QTemporaryDir _dir;
};

void TestSession::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(_dir.isValid());
    _server = std::make_unique<TestServer>();
    QVERIFY2(_server->start(), qPrintable(_server->error()));
    _http = std::make_unique<HttpClient>(_server->baseUrl());
    QCOMPARE(UserApi(_http.get()).signup(QStringLiteral("hanna"), QStringLiteral("good password")).status, 201);
}

void TestSession::apiErrorFromHttp_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("codeName");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<bool>("auth");
    auto env = [](const char *code) -> QByteArray {
        return QByteArray(R"({"error":{"code":")") + code + R"(","message":"m"}})";
    };
    const int server = int(ApiError::Kind::Server);
    QTest::newRow("401 unauthorized") << 401 << env("unauthorized") << server << QByteArray("unauthorized") << false << true;
    QTest::newRow("401 invalid_credentials") << 401 << env("invalid_credentials") << server << QByteArray("invalid_credentials") << false << true;
    QTest::newRow("409 missing_chunks") << 409 << env("missing_chunks") << server << QByteArray("missing_chunks") << false << false;
    QTest::newRow("409 upload_busy") << 409 << env("upload_busy") << server << QByteArray("upload_busy") << true << false;
    QTest::newRow("410 expired") << 410 << env("upload_expired") << server << QByteArray("upload_expired") << false << false;
    QTest::newRow("429") << 429 << env("too_many_attempts") << server << QByteArray("too_many_attempts") << true << false;
    QTest::newRow("500") << 500 << env("internal") << server << QByteArray("internal") << true << false;
    QTest::newRow("503") << 503 << env("unavailable") << server << QByteArray("unavailable") << true << false;
    QTest::newRow("507 quota") << 507 << env("quota_exceeded") << server << QByteArray("quota_exceeded") << false << false;
    QTest::newRow("502 proxy html") << 502 << QByteArray("<html>bad gateway</html>") << server << QByteArray("") << true << false;
    QTest::newRow("404 html") << 404 << QByteArray("<html>nope</html>") << int(ApiError::Kind::NotNestbox) << QByteArray("")
                              << false << false;
    QTest::newRow("unknown code") << 400 << env("brand_new_code") << server << QByteArray("brand_new_code") << false << false;
}

void TestSession::apiErrorFromHttp()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    QFETCH(QByteArray, codeName);
    QFETCH(bool, retryable);
    QFETCH(bool, auth);
    const ApiError e = ApiError::fromHttp(status, body);
    QCOMPARE(int(e.kind), kind);
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.codeName.toUtf8(), codeName);
    QCOMPARE(e.isRetryable(), retryable);
    QCOMPARE(e.isAuthError(), auth);
    QVERIFY(!e.message.isEmpty());
    if (codeName == "brand_new_code")
        QVERIFY(!e.code.has_value());
    else if (!codeName.isEmpty())
        QVERIFY(e.code.has_value());
}

void TestSession::apiErrorNetwork()
{
    const ApiError missing = ApiError::fromHttp(409, R"({"error":{"code":"missing_chunks","message":"m","missing":[5,1,3]}})");
    QCOMPARE(missing.missingChunks(), (QList<qint64>{1, 3, 5}));
    QVERIFY(missing.is(ErrorCode::MissingChunks));
    QVERIFY(ApiError::timeout().isRetryable());
    QVERIFY(ApiError::network(QStringLiteral("x")).isRetryable());
    QVERIFY(!ApiError::fromHttp(200, {}).isError());
}

void TestSession::serverInfo()
{
    nestbox::ApiClient client;
    client.setBaseUrl(_server->baseUrl());
    auto *job = new ServerInfoJob(&client);
    QVERIFY(apptest::runJob(job));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QVERIFY(job->info().has_value());
    QCOMPARE(job->limits().chunkSizeMin, 65536);
    delete job;
}

void TestSession::wrongPassword()
{
    App app(_dir.filePath(QStringLiteral("wrong")));
    QSignalSpy failed(&app.session, &Session::signInFailed);
    QSignalSpy ok(&app.session, &Session::signedIn);
    app.session.signIn(_server->baseUrl(), QStringLiteral("hanna"), QStringLiteral("not the password"));
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(ok.size(), 0);
    const ApiError e = failed.first().first().value<ApiError>();
    QCOMPARE(e.httpStatus, 401);
    QVERIFY(e.is(ErrorCode::InvalidCredentials));
    QCOMPARE(e.message, ApiError::messageFor(ErrorCode::InvalidCredentials));
    QVERIFY(e.message.contains(QLatin1String("password")));
    QVERIFY(!app.session.isSignedIn());
    QVERIFY(app.accounts.accounts().isEmpty());
}

void TestSession::unreachableServer()
{
    App app(_dir.filePath(QStringLiteral("unreachable")));
    QSignalSpy failed(&app.session, &Session::signInFailed);
    QUrl nowhere;
    nowhere.setScheme(QStringLiteral("http"));
    nowhere.setHost(QStringLiteral("127.0.0.1"));
    nowhere.setPort(apptest::freePort());
    app.session.signIn(nowhere, QStringLiteral("hanna"), QStringLiteral("good password"));
    QVERIFY(failed.wait(kWaitMs));
    const ApiError e = failed.first().first().value<ApiError>();
    QCOMPARE(e.kind, ApiError::Kind::Network);
    QVERIFY(!e.message.isEmpty());
}

void TestSession::signInRememberAndRestore()
{
    const QString dir = _dir.filePath(QStringLiteral("restore"));
    {
        App app(dir);
        QSignalSpy ok(&app.session, &Session::signedIn);
        app.session.signIn(_server->baseUrl(), QStringLiteral("hanna"), QStringLiteral("good password"));
        QVERIFY(ok.wait(kWaitMs));
        QVERIFY(app.session.isSignedIn());
        QCOMPARE(app.session.username(), QStringLiteral("hanna"));
        QCOMPARE(app.session.user().value(QLatin1String("username")).toString(), QStringLiteral("hanna"));
        QCOMPARE(app.accounts.accounts().size(), 1);
        QTRY_VERIFY(QFile::exists(app.tokens.filePath()));
    }
    // the next start: no password asked
    App again(dir);
    QSignalSpy ok(&again.session, &Session::signedIn);
    QVERIFY(again.session.restore());
    QVERIFY(ok.wait(kWaitMs));
    QCOMPARE(again.session.serverUrl(), _server->baseUrl());
    auto *me = new MeJob(&again.client);
    QVERIFY(apptest::runJob(me));
    QVERIFY(me->succeeded());
    QCOMPARE(me->user().value(QLatin1String("username")).toString(), QStringLiteral("hanna"));
    delete me;
}

void TestSession::restoreWithRevokedToken()
{
    const QString dir = _dir.filePath(QStringLiteral("revoked"));
    QString token;
    {
        App app(dir);
        QSignalSpy ok(&app.session, &Session::signedIn);
        app.session.signIn(_server->baseUrl(), QStringLiteral("hanna"), QStringLiteral("good password"));
        QVERIFY(ok.wait(kWaitMs));
        token = app.client.token();
    }
    // the token dies on the server (e.g. a password change elsewhere)
    QCOMPARE(UserApi(_http.get(), token.toUtf8()).logout().status, 204);
    App again(dir);
    QSignalSpy reauth(&again.session, &Session::reauthenticationRequired);
    QSignalSpy ok(&again.session, &Session::signedIn);
    QVERIFY(again.session.restore());
    QVERIFY(reauth.wait(kWaitMs));
    QCOMPARE(ok.size(), 0);
    QVERIFY(!again.session.isSignedIn());
    QCOMPARE(again.session.username(), QStringLiteral("hanna")); // the dialog can prefill it
}

void TestSession::signUpThenSignOut()
{
    App app(_dir.filePath(QStringLiteral("signup")));
    QSignalSpy ok(&app.session, &Session::signedIn);
    QSignalSpy failed(&app.session, &Session::signInFailed);
    app.session.signUp(_server->baseUrl(), QStringLiteral("ivan"), QStringLiteral("short"));
    QVERIFY(failed.wait(kWaitMs));
    QVERIFY(failed.first().first().value<ApiError>().is(ErrorCode::WeakPassword));
    app.session.signUp(_server->baseUrl(), QStringLiteral("ivan"), QStringLiteral("long enough"));
    QVERIFY(ok.wait(kWaitMs));
    QCOMPARE(app.session.username(), QStringLiteral("ivan"));
    app.session.signUp(_server->baseUrl(), QStringLiteral("IVAN"), QStringLiteral("long enough"));
    QVERIFY(failed.wait(kWaitMs));
    QVERIFY(failed.last().first().value<ApiError>().is(ErrorCode::UsernameTaken));

    const QString token = app.client.token();
    QSignalSpy out(&app.session, &Session::signedOut);
    app.session.signOut();
    QCOMPARE(out.size(), 1);
    QVERIFY(!app.session.isSignedIn());
    QTRY_COMPARE(UserApi(_http.get(), token.toUtf8()).me().status, 401);
}

void TestSession::tokenFileIsPrivate()
{
    const QString dir = _dir.filePath(QStringLiteral("tokenfile"));
    TokenStore store(TokenStore::Backend::File, dir);
    QCOMPARE(store.backend(), TokenStore::Backend::File);
    QVERIFY(store.backendDescription().contains(QDir::toNativeSeparators(store.filePath())));
    bool written = false;
    store.writeToken(QStringLiteral("a@host:1"), QStringLiteral("secret-1"), this, [&](bool ok) { written = ok; });
    QTRY_VERIFY(written);
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(store.filePath()).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    QString read;
    bool got = false;
    store.readToken(QStringLiteral("a@host:1"), this, [&](const QString &t) { read = t; got = true; });
    QVERIFY(!got); // never inside the call
    QTRY_VERIFY(got);
    QCOMPARE(read, QStringLiteral("secret-1"));
    written = false;
    store.writeToken(QStringLiteral("b@host:2"), QStringLiteral("secret-2"), this, [&](bool ok) { written = ok; });
    QTRY_VERIFY(written);
    QCOMPARE(::stat(QFile::encodeName(store.filePath()).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    bool deleted = false;
    store.deleteToken(QStringLiteral("a@host:1"), this, [&](bool ok) { deleted = ok; });
    QTRY_VERIFY(deleted);
    got = false;
    store.readToken(QStringLiteral("a@host:1"), this, [&](const QString &t) { read = t; got = true; });
    QTRY_VERIFY(got);
    QVERIFY(read.isEmpty());
    got = false;
    store.readToken(QStringLiteral("b@host:2"), this, [&](const QString &t) { read = t; got = true; });
    QTRY_VERIFY(got);
    QCOMPARE(read, QStringLiteral("secret-2"));

    // NESTBOX_TOKEN_STORE=file picks the file backend under AppDataLocation
    qputenv("NESTBOX_TOKEN_STORE", "file");
    TokenStore fromEnv;
    QCOMPARE(fromEnv.backend(), TokenStore::Backend::File);
    QVERIFY(fromEnv.filePath().startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
    qunsetenv("NESTBOX_TOKEN_STORE");
}

void TestSession::accountStoreOrder()
{
    QSettings settings(_dir.filePath(QStringLiteral("accounts.ini")), QSettings::IniFormat);
    AccountStore store(&settings);
    Account a{QUrl(QStringLiteral("http://nas.local:8080")), QStringLiteral("anna"), {}};
    Account b{QUrl(QStringLiteral("https://cloud.example")), QStringLiteral("ben"), {}};
    store.remember(a);
    QTest::qWait(5);
    store.remember(b);
    QCOMPARE(store.accounts().size(), 2);
    QCOMPARE(store.lastUsed()->username, QStringLiteral("ben"));
    QTest::qWait(5);
    store.remember(a);
    QCOMPARE(store.accounts().size(), 2);
    QCOMPARE(store.accounts().first().username, QStringLiteral("anna"));
    QCOMPARE(a.key(), QStringLiteral("anna@nas.local:8080"));
    store.forget(a);
    QCOMPARE(store.accounts().size(), 1);
    QCOMPARE(store.lastUsed()->username, QStringLiteral("ben"));
}

void TestSession::fileJobs()
{
    auto user = UserApi::newUser(_http.get(), QStringLiteral("files"));
    QVERIFY(user);
    for (int i = 0; i < 5; ++i)
        QVERIFY(!user->uploadFile(QStringLiteral("f%1.txt").arg(i), QByteArray("content ") + QByteArray::number(i)).isEmpty());
    nestbox::ApiClient client;
    client.setBaseUrl(_server->baseUrl());
    client.setToken(QString::fromUtf8(user->token));

    // paging by name
    QStringList names;
    QString cursor;
    int pages = 0;
    do {
        auto *job = new ListFilesJob(&client, QStringLiteral("name"), QStringLiteral("asc"), {}, {}, 2, cursor);
        QVERIFY(apptest::runJob(job));
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        for (const QJsonValue &v : job->items())
            names << v.toObject().value(QLatin1String("name")).toString();
        cursor = job->nextCursor();
        delete job;
        ++pages;
    } while (!cursor.isEmpty() && pages < 10);
    QCOMPARE(names, (QStringList{QStringLiteral("f0.txt"), QStringLiteral("f1.txt"), QStringLiteral("f2.txt"),
                                  QStringLiteral("f3.txt"), QStringLiteral("f4.txt")}));
    QCOMPARE(pages, 3);

    auto *search = new ListFilesJob(&client, {}, {}, QStringLiteral("F3"));
    QVERIFY(apptest::runJob(search));
    QCOMPARE(search->items().size(), 1);
    const QString id = search->items().first().toObject().value(QLatin1String("id")).toString();
    delete search;

    auto *rename = new RenameFileJob(&client, id, QStringLiteral("renamed.txt"));
    QVERIFY(apptest::runJob(rename));
    QVERIFY(rename->succeeded());
    QCOMPARE(rename->file().value(QLatin1String("name")).toString(), QStringLiteral("renamed.txt"));
    delete rename;
    auto *bad = new RenameFileJob(&client, id, QStringLiteral("a/b"));
    QVERIFY(apptest::runJob(bad));
    QVERIFY(bad->error().is(ErrorCode::InvalidName));
    delete bad;

    auto *thumb = new ThumbnailJob(&client, id, 256);
    QVERIFY(apptest::runJob(thumb));
    QVERIFY(thumb->error().is(ErrorCode::NoThumbnail));
    delete thumb;

    auto *del = new DeleteFileJob(&client, id);
    QVERIFY(apptest::runJob(del));
    QVERIFY(del->succeeded());
    delete del;
    auto *again = new DeleteFileJob(&client, id);
    QVERIFY(apptest::runJob(again));
    QVERIFY(again->error().is(ErrorCode::NotFound));
    QVERIFY(!again->error().isRetryable());
    delete again;

    // a job with a dead token makes the client ask for a new sign-in, once
    QSignalSpy authRequired(&client, &nestbox::ApiClient::authenticationRequired);
    QCOMPARE(user->logout().status, 204);
    auto *list1 = new ListFilesJob(&client);
    auto *list2 = new ListFilesJob(&client);
    list1->setAutoDelete(false);
    list1->start();
    QVERIFY(apptest::runJob(list2));
    QTRY_VERIFY(list1->isFinished());
    QVERIFY(list2->error().isAuthError());
    QCOMPARE(authRequired.size(), 1);
    delete list1;
    delete list2;
}

void TestSession::downloadResumesAndVerifies()
{
    auto user = UserApi::newUser(_http.get(), QStringLiteral("dl"));
    QVERIFY(user);
    QByteArray data;
    for (int i = 0; i < 200000; ++i)
        data += char('a' + i % 26);
    const QJsonObject file = user->uploadFile(QStringLiteral("letters.txt"), data);
    const QString id = file.value(QLatin1String("id")).toString();
    const QString sha = file.value(QLatin1String("sha256")).toString();
    nestbox::ApiClient client;
    client.setBaseUrl(_server->baseUrl());
    client.setToken(QString::fromUtf8(user->token));
    const QString target = _dir.filePath(QStringLiteral("downloads/letters.txt"));

    // a .part left by an interrupted download: continued with Range
    QDir().mkpath(QFileInfo(target).absolutePath());
    {
        QFile part(target + QStringLiteral(".part"));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(data.left(70000));
    }
    auto *job = new DownloadJob(&client, id, target, sha);
    QSignalSpy progress(job, &DownloadJob::progress);
    QVERIFY(apptest::runJob(job));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->resumedFrom(), 70000);
    QCOMPARE(job->sha256(), sha);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), qint64(data.size()));
    delete job;
    QFile out(target);
    QVERIFY(out.open(QIODevice::ReadOnly));
    QCOMPARE(out.readAll(), data);
    out.close();
    QVERIFY(!QFile::exists(target + QStringLiteral(".part")));

    // a damaged .part: the SHA-256 check catches it, nothing is put in place
    QFile::remove(target);
    {
        QFile part(target + QStringLiteral(".part"));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(QByteArray(70000, 'x'));
    }
    auto *bad = new DownloadJob(&client, id, target, sha);
    QVERIFY(apptest::runJob(bad));
    QVERIFY(!bad->succeeded());
    QVERIFY(bad->error().is(ErrorCode::ChecksumMismatch));
    QVERIFY(!QFile::exists(target));
    QVERIFY(!QFile::exists(target + QStringLiteral(".part")));
    delete bad;
    // and the next try starts from zero and succeeds
    auto *retry = new DownloadJob(&client, id, target, sha);
    QVERIFY(apptest::runJob(retry));
    QVERIFY(retry->succeeded());
    QCOMPARE(retry->resumedFrom(), 0);
    delete retry;
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
