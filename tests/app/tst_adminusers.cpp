// AdminUsersModel (under QAbstractItemModelTester) and AdminJob against a real nestboxd: the first
// account is the admin; it lists every user with files and bytes used, creates an account, disables
// and enables one (a disabled account cannot sign in), resets a password (the old one stops
// working), creates an invitation code that lets someone sign up; a non-admin gets 403 and the
// model says so; bad input (a short password, a taken name) comes back as a readable error.

#include "AppTestUtil.h"
#include "../support/ApiClient.h"
#include "HttpClient.h"
#include "TestServer.h"

using UserApi = ::ApiClient;

#include "../../app/core/ApiClient.h"
#include "AdminJob.h"
#include "AdminUsersModel.h"
#include "ApiError.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace nestbox;

namespace {
constexpr int kWaitMs = 30000;
}

class TestAdminUsers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsUsersWithUsage();
    void createAccount();
    void disableAndEnable();
    void resetPassword();
    void inviteLetsSomeoneSignUp();
    void badInputIsReadable();
    void nonAdminIsRefused();

private:
    bool reload(AdminUsersModel &model);
    bool act(AdminUsersModel &model, const std::function<void()> &action, ApiError *error = nullptr);

    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    std::optional<UserApi> _admin;
    std::optional<UserApi> _member;
    nestbox::ApiClient _client;
};

void TestAdminUsers::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    _server = std::make_unique<TestServer>();
    QVERIFY2(_server->start(), qPrintable(_server->error()));
    _http = std::make_unique<HttpClient>(_server->baseUrl());
    _admin = UserApi::newUser(_http.get(), QStringLiteral("boss"));
    QVERIFY(_admin);
    _member = UserApi::newUser(_http.get(), QStringLiteral("kid"));
    QVERIFY(_member);
    QVERIFY(!_member->uploadFile(QStringLiteral("a.bin"), QByteArray(3000, 'a')).isEmpty());
    QVERIFY(!_member->uploadFile(QStringLiteral("b.bin"), QByteArray(5000, 'b')).isEmpty());
    _client.setBaseUrl(_server->baseUrl());
    _client.setToken(QString::fromUtf8(_admin->token));
    const HttpReply probe = _admin->request("GET", "/api/v1/admin/users");
    if (probe.status == 404)
        QSKIP("this nestboxd has no admin API yet");
    QCOMPARE(probe.status, 200);
}

bool TestAdminUsers::reload(AdminUsersModel &model)
{
    QSignalSpy loaded(&model, &AdminUsersModel::loaded);
    QSignalSpy failed(&model, &AdminUsersModel::loadFailed);
    model.reload();
    QDeadlineTimer deadline(kWaitMs);
    while (loaded.isEmpty() && failed.isEmpty() && !deadline.hasExpired())
        QTest::qWait(10);
    return !loaded.isEmpty();
}

// Runs an action and waits for its result (and the reload that follows a change).
bool TestAdminUsers::act(AdminUsersModel &model, const std::function<void()> &action, ApiError *error)
{
    QSignalSpy done(&model, &AdminUsersModel::actionFinished);
    QSignalSpy failed(&model, &AdminUsersModel::actionFailed);
    action();
    QDeadlineTimer deadline(kWaitMs);
    while (done.isEmpty() && failed.isEmpty() && !deadline.hasExpired())
        QTest::qWait(10);
    if (!failed.isEmpty()) {
        if (error)
            *error = failed.first().first().value<ApiError>();
        return false;
    }
    while (model.isLoading() && !deadline.hasExpired())
        QTest::qWait(10);
    return !done.isEmpty() && !model.isLoading();
}

void TestAdminUsers::listsUsersWithUsage()
{
    AdminUsersModel model(&_client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(reload(model));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(AdminUsersModel::ColumnCount));
    const int boss = model.rowOfUsername(_admin->username);
    const int kid = model.rowOfUsername(_member->username);
    QVERIFY(boss >= 0 && kid >= 0);
    QVERIFY(model.user(boss).admin);
    QVERIFY(!model.user(kid).admin);
    QCOMPARE(model.user(kid).files, 2);
    QCOMPARE(model.user(kid).bytes, 8000);
    QCOMPARE(model.user(boss).files, 0);
    QVERIFY(!model.user(kid).disabled);
    QCOMPARE(model.index(kid, AdminUsersModel::StateColumn).data().toString(), QStringLiteral("Active"));
    QCOMPARE(model.index(kid, 0).data(AdminUsersModel::FilesRole).toLongLong(), 2);
    QVERIFY(model.index(boss, AdminUsersModel::UsernameColumn).data().toString().contains(QStringLiteral("admin")));
    QVERIFY(model.user(kid).createdAt.isValid());
}

void TestAdminUsers::createAccount()
{
    AdminUsersModel model(&_client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(reload(model));
    const int before = model.rowCount();
    QVERIFY(act(model, [&] { model.createUser(QStringLiteral("grandpa"), QStringLiteral("long password 1")); }));
    QCOMPARE(model.rowCount(), before + 1);
    QVERIFY(model.rowOfUsername(QStringLiteral("grandpa")) >= 0);
    UserApi grandpa(_http.get());
    QCOMPARE(grandpa.login(QStringLiteral("grandpa"), QStringLiteral("long password 1")).status, 200);
}

void TestAdminUsers::disableAndEnable()
{
    AdminUsersModel model(&_client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(reload(model));
    int kid = model.rowOfUsername(_member->username);
    QVERIFY(act(model, [&] { model.setDisabled(kid, true); }));
    kid = model.rowOfUsername(_member->username);
    QVERIFY(model.user(kid).disabled);
    QCOMPARE(model.index(kid, AdminUsersModel::StateColumn).data().toString(), QStringLiteral("Disabled"));
    UserApi other(_http.get());
    QVERIFY(other.login(_member->username, _member->password).status >= 400);
    QVERIFY(act(model, [&] { model.setDisabled(kid, false); }));
    kid = model.rowOfUsername(_member->username);
    QVERIFY(!model.user(kid).disabled);
    QCOMPARE(other.login(_member->username, _member->password).status, 200);
}

void TestAdminUsers::resetPassword()
{
    AdminUsersModel model(&_client);
    QVERIFY(reload(model));
    const int kid = model.rowOfUsername(_member->username);
    QVERIFY(act(model, [&] { model.resetPassword(kid, QStringLiteral("brand new secret")); }));
    UserApi other(_http.get());
    QCOMPARE(other.login(_member->username, QStringLiteral("brand new secret")).status, 200);
    QCOMPARE(other.login(_member->username, _member->password).status, 401);
    _member->password = QStringLiteral("brand new secret");
}

void TestAdminUsers::inviteLetsSomeoneSignUp()
{
    AdminUsersModel model(&_client);
    QSignalSpy invited(&model, &AdminUsersModel::inviteCreated);
    QVERIFY(act(model, [&] { model.createInvite(24); }));
    QCOMPARE(invited.size(), 1);
    const QString code = invited.first().at(0).toString();
    QVERIFY(!code.isEmpty());
    const QDateTime expires = invited.first().at(1).toDateTime();
    QVERIFY(expires.isValid());
    QVERIFY(expires > QDateTime::currentDateTimeUtc().addSecs(23 * 3600));
    UserApi guest(_http.get());
    const HttpReply r = guest.postJson("/api/v1/auth/signup", QJsonObject{{QStringLiteral("username"), QStringLiteral("cousin")},
                                                                          {QStringLiteral("password"), QStringLiteral("cousin password")},
                                                                          {QStringLiteral("invite"), code}});
    QCOMPARE(r.status, 201);
}

void TestAdminUsers::badInputIsReadable()
{
    AdminUsersModel model(&_client);
    QVERIFY(reload(model));
    ApiError error;
    QVERIFY(!act(model, [&] { model.createUser(QStringLiteral("shorty"), QStringLiteral("short")); }, &error));
    QCOMPARE(error.httpStatus, 400);
    QVERIFY(!error.message.isEmpty());
    QVERIFY(!act(model, [&] { model.createUser(_member->username, QStringLiteral("long enough pass")); }, &error));
    QCOMPARE(error.httpStatus, 409);
    QVERIFY(error.is(ErrorCode::UsernameTaken));
    QCOMPARE(model.rowOfUsername(QStringLiteral("shorty")), -1);
}

void TestAdminUsers::nonAdminIsRefused()
{
    UserApi kid(_http.get());
    const HttpReply login = kid.login(_member->username, _member->password);
    QCOMPARE(login.status, 200);
    nestbox::ApiClient client;
    client.setBaseUrl(_server->baseUrl());
    client.setToken(QJsonDocument::fromJson(login.body).object().value(QLatin1String("token")).toString());
    AdminUsersModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy failed(&model, &AdminUsersModel::loadFailed);
    model.reload();
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWaitMs);
    const ApiError e = failed.first().first().value<ApiError>();
    QCOMPARE(e.httpStatus, 403);
    QCOMPARE(e.codeName, QStringLiteral("forbidden"));
    QVERIFY(!e.message.isEmpty());
    QCOMPARE(model.rowCount(), 0);
    ApiError actionError;
    QVERIFY(!act(model, [&] { model.createInvite(); }, &actionError));
    QCOMPARE(actionError.httpStatus, 403);
}

QTEST_GUILESS_MAIN(TestAdminUsers)
#include "tst_adminusers.moc"
