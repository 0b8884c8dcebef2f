// The administrator's API: is_admin on /me and login, the account list with storage, creating,
// disabling and re-enabling accounts, new passwords, invitation codes (stored only as SHA-256)
// that let a sign-up through while sign-up is closed. Runs against both profiles.

#include "ApiAssert.h"
#include "ApiClient.h"
#include "HttpClient.h"
#include "TestData.h"
#include "TestServer.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

#include <memory>

class TestAdmin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void firstAccountIsAdmin();
    void listUsersWithUsage();
    void nonAdminForbidden_data();
    void nonAdminForbidden();
    void createUserWhileSignupClosed();
    void disableAndEnable();
    void resetPassword();
    void invites();
    void inviteExpiresAndIsStoredHashed();
    void unknownUser();

private:
    // A server with sign-up closed and its first account (the administrator) made on the
    // command line, signed in.
    bool startClosedServer();
    // SQL on the server's own database (SQLite file or MariaDB database); the first column of
    // every row, one per line.
    bool sql(TestServer &server, const QString &statement, QString *out = nullptr);

    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    std::optional<ApiClient> _admin;
    std::optional<ApiClient> _user;

    std::unique_ptr<TestServer> _closed;
    std::unique_ptr<HttpClient> _closedHttp;
    std::optional<ApiClient> _closedAdmin;
};

static QJsonObject findUser(const QJsonArray &items, const QString &username)
{
    for (const auto &v : items)
        if (v.toObject().value(QLatin1String("username")).toString() == username)
            return v.toObject();
    return {};
}

static std::optional<ApiClient> signIn(HttpClient *http, const QString &user, const QString &pass)
{
    ApiClient c(http);
    const HttpReply l = c.login(user, pass);
    if (l.status != 200)
        return std::nullopt;
    c.token = l.json().value(QLatin1String("token")).toString().toUtf8();
    c.username = user;
    c.password = pass;
    return c;
}

void TestAdmin::initTestCase()
{
    qInfo("profile: %s", qPrintable(TestServices::profileName()));
    _server = std::make_unique<TestServer>();
    QVERIFY2(_server->start(), qPrintable(_server->error()));
    _http = std::make_unique<HttpClient>(_server->baseUrl());
    _admin = ApiClient::newUser(_http.get(), QStringLiteral("boss")); // the first account
    QVERIFY(_admin);
    _user = ApiClient::newUser(_http.get(), QStringLiteral("kid"));
    QVERIFY(_user);
    QVERIFY(startClosedServer());
}

void TestAdmin::cleanup()
{
    if (QTest::currentTestFailed()) {
        qWarning("nestboxd log tail:\n%s", qPrintable(_server->logTail(15)));
        if (_closed)
            qWarning("closed nestboxd log tail:\n%s", qPrintable(_closed->logTail(15)));
    }
}

bool TestAdmin::startClosedServer()
{
    TestServer::Options options;
    options.defines << QStringLiteral("signup.open=false");
    _closed = std::make_unique<TestServer>(options);
    const QString pass = QStringLiteral("the owner's password");
    const auto added = _closed->runCommand({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("owner")},
                                           pass.toUtf8() + "\n");
    if (added.exitCode != 0) {
        qWarning("user add: %s", added.output.constData());
        return false;
    }
    if (!_closed->start()) {
        qWarning("%s", qPrintable(_closed->error()));
        return false;
    }
    _closedHttp = std::make_unique<HttpClient>(_closed->baseUrl());
    _closedAdmin = signIn(_closedHttp.get(), QStringLiteral("owner"), pass);
    return _closedAdmin.has_value();
}

bool TestAdmin::sql(TestServer &server, const QString &statement, QString *out)
{
    if (TestServices::profile() == TestServices::Profile::Mariadb) {
        const QString db = QUrl(server.databaseUrl()).path().mid(1);
        return TestServices::shared().mariadbExec(QStringLiteral("USE `%1`; %2").arg(db, statement), out);
    }
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
        db.setDatabaseName(server.dataDir() + QStringLiteral("/nestbox.db"));
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(statement);
            if (!ok)
                qWarning("%s: %s", qPrintable(statement), qPrintable(q.lastError().text()));
            while (ok && q.next())
                if (out)
                    *out += q.value(0).toString() + QLatin1Char('\n');
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return ok;
}

void TestAdmin::firstAccountIsAdmin()
{
    const HttpReply me = _admin->me();
    NB_EXPECT(me, 200);
    QCOMPARE(me.json().value(QLatin1String("user")).toObject().value(QLatin1String("is_admin")).toBool(false), true);
    const HttpReply login = _admin->login(_admin->username, _admin->password);
    NB_EXPECT(login, 200);
    QCOMPARE(login.json().value(QLatin1String("user")).toObject().value(QLatin1String("is_admin")).toBool(false), true);

    const HttpReply other = _user->me();
    NB_EXPECT(other, 200);
    const QJsonObject u = other.json().value(QLatin1String("user")).toObject();
    QVERIFY(u.contains(QLatin1String("is_admin")));
    QCOMPARE(u.value(QLatin1String("is_admin")).toBool(true), false);
    const HttpReply otherLogin = _user->login(_user->username, _user->password);
    QCOMPARE(otherLogin.json().value(QLatin1String("user")).toObject().value(QLatin1String("is_admin")).toBool(true), false);
}

void TestAdmin::listUsersWithUsage()
{
    const QByteArray a = TestData::randomBytes(3000, 1), b = TestData::randomBytes(5000, 2);
    QVERIFY(!_user->uploadFile(QStringLiteral("a.bin"), a).isEmpty());
    QVERIFY(!_user->uploadFile(QStringLiteral("b.bin"), b).isEmpty());

    const HttpReply r = _admin->request("GET", "/api/v1/admin/users");
    NB_EXPECT(r, 200);
    const QJsonArray items = r.json().value(QLatin1String("items")).toArray();
    QVERIFY(items.size() >= 2);
    const QJsonObject kid = findUser(items, _user->username);
    QVERIFY2(!kid.isEmpty(), qPrintable(r.describe()));
    QVERIFY(!kid.value(QLatin1String("id")).toString().isEmpty());
    QVERIFY(QDateTime::fromString(kid.value(QLatin1String("created_at")).toString(), Qt::ISODateWithMs).isValid());
    QCOMPARE(kid.value(QLatin1String("is_admin")).toBool(true), false);
    QCOMPARE(kid.value(QLatin1String("disabled")).toBool(true), false);
    const QJsonObject usage = kid.value(QLatin1String("usage")).toObject();
    QCOMPARE(usage.value(QLatin1String("files")).toInteger(), 2);
    QCOMPARE(usage.value(QLatin1String("bytes")).toInteger(), a.size() + b.size());
    QVERIFY(usage.contains(QLatin1String("quota_bytes")));
    QVERIFY(usage.value(QLatin1String("quota_bytes")).isNull());
    QVERIFY(!kid.contains(QLatin1String("password_hash")) && !r.body.contains("argon2"));

    const QJsonObject boss = findUser(items, _admin->username);
    QCOMPARE(boss.value(QLatin1String("is_admin")).toBool(false), true);
    // the same figures as the user's own /me
    const QPair<qint64, qint64> own = _user->usage();
    QCOMPARE(own.first, 2);
    QCOMPARE(own.second, qint64(a.size() + b.size()));

    // a quota shows in the list
    auto quoted = _server->runCommand({QStringLiteral("user"), QStringLiteral("add"), TestData::uniqueUsername(QStringLiteral("q")),
                                       QStringLiteral("--quota=1000000")},
                                      "quota password\n");
    QCOMPARE(quoted.exitCode, 0);
    const QJsonArray again = _admin->request("GET", "/api/v1/admin/users").json().value(QLatin1String("items")).toArray();
    bool sawQuota = false;
    for (const auto &v : again)
        sawQuota |= v.toObject().value(QLatin1String("usage")).toObject().value(QLatin1String("quota_bytes")).toInteger() == 1000000;
    QVERIFY(sawQuota);
}

void TestAdmin::nonAdminForbidden_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("list") << QByteArray("GET") << QByteArray("/api/v1/admin/users") << QByteArray();
    QTest::newRow("create") << QByteArray("POST") << QByteArray("/api/v1/admin/users")
                            << QByteArray(R"({"username":"sneaky","password":"password123"})");
    QTest::newRow("disable") << QByteArray("PATCH") << QByteArray("/api/v1/admin/users/ADMIN") << QByteArray(R"({"disabled":true})");
    QTest::newRow("password") << QByteArray("POST") << QByteArray("/api/v1/admin/users/ADMIN/password")
                              << QByteArray(R"({"new_password":"taken over!"})");
    QTest::newRow("invite") << QByteArray("POST") << QByteArray("/api/v1/admin/invites") << QByteArray("{}");
}

void TestAdmin::nonAdminForbidden()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, body);
    const QString adminId = _admin->me().json().value(QLatin1String("user")).toObject().value(QLatin1String("id")).toString();
    target.replace("ADMIN", adminId.toUtf8());
    const QList<QPair<QByteArray, QByteArray>> json{{"Content-Type", "application/json"}};
    NB_EXPECT_ERROR(_user->request(method, target, body, json), 403, "forbidden");
    NB_EXPECT_ERROR(ApiClient(_http.get()).request(method, target, body, json), 401, "unauthorized");
    // nothing happened: the admin still signs in with the old password and is enabled
    QVERIFY(signIn(_http.get(), _admin->username, _admin->password));
    QVERIFY(!signIn(_http.get(), QStringLiteral("sneaky"), QStringLiteral("password123")));
}

void TestAdmin::createUserWhileSignupClosed()
{
    ApiClient anon(_closedHttp.get());
    NB_EXPECT_ERROR(anon.signup(QStringLiteral("walkin"), QStringLiteral("password123")), 403, "signup_closed");

    const QString name = TestData::uniqueUsername(QStringLiteral("grandma"));
    QJsonObject body{{QStringLiteral("username"), name}, {QStringLiteral("password"), QStringLiteral("knitting needles")}};
    const HttpReply r = _closedAdmin->postJson("/api/v1/admin/users", body);
    NB_EXPECT(r, 201);
    const QJsonObject user = r.json().value(QLatin1String("user")).toObject();
    QCOMPARE(user.value(QLatin1String("username")).toString(), name);
    QCOMPARE(user.value(QLatin1String("is_admin")).toBool(true), false);
    QVERIFY(!user.value(QLatin1String("id")).toString().isEmpty());
    QVERIFY(signIn(_closedHttp.get(), name, QStringLiteral("knitting needles")));

    // the sign-up rules hold
    NB_EXPECT_ERROR(_closedAdmin->postJson("/api/v1/admin/users", body), 409, "username_taken");
    body[QStringLiteral("username")] = name.toUpper();
    NB_EXPECT_ERROR(_closedAdmin->postJson("/api/v1/admin/users", body), 409, "username_taken");
    body[QStringLiteral("username")] = QStringLiteral("no spaces allowed");
    NB_EXPECT_ERROR(_closedAdmin->postJson("/api/v1/admin/users", body), 400, "invalid_username");
    body[QStringLiteral("username")] = TestData::uniqueUsername(QStringLiteral("w"));
    body[QStringLiteral("password")] = QStringLiteral("short");
    NB_EXPECT_ERROR(_closedAdmin->postJson("/api/v1/admin/users", body), 400, "weak_password");
    NB_EXPECT_ERROR(_closedAdmin->request("POST", "/api/v1/admin/users", "[1,2]"), 400, "invalid_json");
    body.remove(QStringLiteral("password"));
    NB_EXPECT_ERROR(_closedAdmin->postJson("/api/v1/admin/users", body), 400, "weak_password");
}

void TestAdmin::disableAndEnable()
{
    auto victim = ApiClient::newUser(_http.get(), QStringLiteral("v"));
    QVERIFY(victim);
    auto second = signIn(_http.get(), victim->username, victim->password); // a second session
    QVERIFY(second);
    const QString id = victim->me().json().value(QLatin1String("user")).toObject().value(QLatin1String("id")).toString();
    const QByteArray target = "/api/v1/admin/users/" + id.toUtf8();

    HttpReply r = _admin->request("PATCH", target, R"({"disabled":true})");
    NB_EXPECT(r, 200);
    QCOMPARE(r.json().value(QLatin1String("id")).toString(), id);
    QCOMPARE(r.json().value(QLatin1String("username")).toString(), victim->username);
    QCOMPARE(r.json().value(QLatin1String("disabled")).toBool(false), true);
    QVERIFY(r.json().value(QLatin1String("usage")).isObject());
    // every session is gone, and signing in fails like a wrong password
    NB_EXPECT_ERROR(victim->me(), 401, "unauthorized");
    NB_EXPECT_ERROR(second->me(), 401, "unauthorized");
    NB_EXPECT_ERROR(victim->login(victim->username, victim->password), 401, "invalid_credentials");
    QCOMPARE(findUser(_admin->request("GET", "/api/v1/admin/users").json().value(QLatin1String("items")).toArray(),
                      victim->username)
                 .value(QLatin1String("disabled"))
                 .toBool(false),
             true);
    // the old tokens stay dead after re-enabling; a new sign-in works
    r = _admin->request("PATCH", target, R"({"disabled":false})");
    NB_EXPECT(r, 200);
    QCOMPARE(r.json().value(QLatin1String("disabled")).toBool(true), false);
    NB_EXPECT_ERROR(victim->me(), 401, "unauthorized");
    QVERIFY(signIn(_http.get(), victim->username, victim->password));

    // not oneself; bad bodies
    const QString adminId = _admin->me().json().value(QLatin1String("user")).toObject().value(QLatin1String("id")).toString();
    NB_EXPECT_ERROR(_admin->request("PATCH", "/api/v1/admin/users/" + adminId.toUtf8(), R"({"disabled":true})"), 400,
                    "cannot_disable_self");
    NB_EXPECT(_admin->me(), 200);
    NB_EXPECT(_admin->request("PATCH", "/api/v1/admin/users/" + adminId.toUtf8(), R"({"disabled":false})"), 200);
    NB_EXPECT_ERROR(_admin->request("PATCH", target, R"({"disabled":"yes"})"), 400, "invalid_json");
    NB_EXPECT_ERROR(_admin->request("PATCH", target, R"({"disabled":1})"), 400, "invalid_json");
    NB_EXPECT_ERROR(_admin->request("PATCH", target, R"({})"), 400, "bad_request");
    NB_EXPECT_ERROR(_admin->request("PATCH", target, "not json"), 400, "invalid_json");
    QVERIFY(signIn(_http.get(), victim->username, victim->password)); // none of these changed anything
}

void TestAdmin::resetPassword()
{
    auto forgetful = ApiClient::newUser(_http.get(), QStringLiteral("f"));
    QVERIFY(forgetful);
    auto second = signIn(_http.get(), forgetful->username, forgetful->password);
    QVERIFY(second);
    const QString id = forgetful->me().json().value(QLatin1String("user")).toObject().value(QLatin1String("id")).toString();
    const QByteArray target = "/api/v1/admin/users/" + id.toUtf8() + "/password";

    NB_EXPECT_ERROR(_admin->postJson(target, {{QStringLiteral("new_password"), QStringLiteral("1234567")}}), 400, "weak_password");
    NB_EXPECT(forgetful->me(), 200); // a refused reset changes nothing
    NB_EXPECT_ERROR(_admin->postJson(target, QJsonObject{}), 400, "weak_password");

    const HttpReply r = _admin->postJson(target, {{QStringLiteral("new_password"), QStringLiteral("a fresh start 2026")}});
    NB_EXPECT(r, 204);
    QVERIFY(r.body.isEmpty());
    NB_EXPECT_ERROR(forgetful->me(), 401, "unauthorized");
    NB_EXPECT_ERROR(second->me(), 401, "unauthorized");
    NB_EXPECT_ERROR(forgetful->login(forgetful->username, forgetful->password), 401, "invalid_credentials");
    QVERIFY(signIn(_http.get(), forgetful->username, QStringLiteral("a fresh start 2026")));
    NB_EXPECT(_admin->me(), 200); // the admin's own session is untouched
}

void TestAdmin::invites()
{
    ApiClient anon(_closedHttp.get());
    const QDateTime before = QDateTime::currentDateTimeUtc();
    HttpReply r = _closedAdmin->request("POST", "/api/v1/admin/invites"); // no body at all
    NB_EXPECT(r, 201);
    const QString code = r.json().value(QLatin1String("code")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")).match(code).hasMatch(),
             qPrintable(code));
    const QDateTime expires = QDateTime::fromString(r.json().value(QLatin1String("expires_at")).toString(), Qt::ISODateWithMs);
    QVERIFY(expires.isValid());
    QVERIFY2(qAbs(before.secsTo(expires) - 72 * 3600) < 60, qPrintable(expires.toString(Qt::ISODate)));

    const auto signupWith = [&](const QString &user, const QString &invite) {
        QJsonObject body{{QStringLiteral("username"), user}, {QStringLiteral("password"), QStringLiteral("invited guest")}};
        if (!invite.isNull())
            body[QStringLiteral("invite")] = invite;
        return anon.postJson("/api/v1/auth/signup", body);
    };
    const QString guest = TestData::uniqueUsername(QStringLiteral("guest"));
    NB_EXPECT_ERROR(signupWith(guest, QString()), 403, "signup_closed");
    NB_EXPECT_ERROR(signupWith(guest, QStringLiteral("AAAA-BBBB-CCCC-DDDD")), 403, "invalid_invite");
    // a taken name or a weak password does not use the code up
    NB_EXPECT_ERROR(signupWith(QStringLiteral("owner"), code), 409, "username_taken");
    NB_EXPECT_ERROR(anon.postJson("/api/v1/auth/signup", {{QStringLiteral("username"), guest},
                                                          {QStringLiteral("password"), QStringLiteral("short")},
                                                          {QStringLiteral("invite"), code}}),
                    400, "weak_password");
    NB_EXPECT_ERROR(anon.postJson("/api/v1/auth/signup", {{QStringLiteral("username"), guest},
                                                          {QStringLiteral("password"), QStringLiteral("invited guest")},
                                                          {QStringLiteral("invite"), 42}}),
                    400, "invalid_json");
    // typed by hand: lower case, without dashes
    r = signupWith(guest, code.toLower().remove(QLatin1Char('-')));
    NB_EXPECT(r, 201);
    QCOMPARE(r.json().value(QLatin1String("user")).toObject().value(QLatin1String("is_admin")).toBool(true), false);
    QVERIFY(signIn(_closedHttp.get(), guest, QStringLiteral("invited guest")));
    // used up
    NB_EXPECT_ERROR(signupWith(TestData::uniqueUsername(QStringLiteral("guest")), code), 403, "invalid_invite");

    // on a server with sign-up open, a bad code is still refused, not ignored
    NB_EXPECT_ERROR(ApiClient(_http.get()).postJson("/api/v1/auth/signup", {{QStringLiteral("username"), TestData::uniqueUsername()},
                                                                              {QStringLiteral("password"), QStringLiteral("password123")},
                                                                              {QStringLiteral("invite"), code}}),
                    403, "invalid_invite");

    // ttl_hours
    r = _closedAdmin->postJson("/api/v1/admin/invites", {{QStringLiteral("ttl_hours"), 720}});
    NB_EXPECT(r, 201);
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(
                     QDateTime::fromString(r.json().value(QLatin1String("expires_at")).toString(), Qt::ISODateWithMs))
                 - 720 * 3600)
            < 60);
    r = _closedAdmin->postJson("/api/v1/admin/invites", {{QStringLiteral("ttl_hours"), 1}});
    NB_EXPECT(r, 201);
    QVERIFY(r.json().value(QLatin1String("code")).toString() != code);
    NB_EXPECT(_closedAdmin->postJson("/api/v1/admin/invites", QJsonObject{}), 201);
    NB_EXPECT_ERROR(_closedAdmin->postJson("/api/v1/admin/invites", {{QStringLiteral("ttl_hours"), 721}}), 400, "invalid_parameter");
    NB_EXPECT_ERROR(_closedAdmin->postJson("/api/v1/admin/invites", {{QStringLiteral("ttl_hours"), 0}}), 400, "invalid_parameter");
    NB_EXPECT_ERROR(_closedAdmin->postJson("/api/v1/admin/invites", {{QStringLiteral("ttl_hours"), -5}}), 400, "invalid_parameter");
    NB_EXPECT_ERROR(_closedAdmin->postJson("/api/v1/admin/invites", {{QStringLiteral("ttl_hours"), QStringLiteral("72")}}), 400,
                    "invalid_parameter");
    NB_EXPECT_ERROR(_closedAdmin->postJson("/api/v1/admin/invites", {{QStringLiteral("ttl_hours"), 1.5}}), 400, "invalid_parameter");
}

void TestAdmin::inviteExpiresAndIsStoredHashed()
{
    HttpReply r = _closedAdmin->postJson("/api/v1/admin/invites", {{QStringLiteral("ttl_hours"), 1}});
    NB_EXPECT(r, 201);
    const QString code = r.json().value(QLatin1String("code")).toString();
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(code.toUtf8().replace("-", ""), QCryptographicHash::Sha256).toHex());

    // only the hash is in the database
    QString rows;
    QVERIFY(sql(*_closed, QStringLiteral("SELECT code_hash FROM invites"), &rows));
    QVERIFY2(rows.contains(hash), qPrintable(rows));
    QString all;
    QVERIFY(sql(*_closed,
                TestServices::profile() == TestServices::Profile::Mariadb
                    ? QStringLiteral("SELECT CONCAT(code_hash, '|', created_by, '|', COALESCE(used_by, '')) FROM invites")
                    : QStringLiteral("SELECT code_hash || '|' || created_by || '|' || COALESCE(used_by, '') FROM invites"),
                &all));
    QVERIFY2(all.count(QLatin1Char('|')) >= 2, qPrintable(all));
    QVERIFY(!all.contains(code) && !all.contains(QString(code).remove(QLatin1Char('-'))));

    // the clock passes expires_at
    QVERIFY(sql(*_closed, QStringLiteral("UPDATE invites SET expires_at = %1 WHERE code_hash = '%2'")
                              .arg(QDateTime::currentMSecsSinceEpoch() - 1000)
                              .arg(hash)));
    ApiClient anon(_closedHttp.get());
    const QString user = TestData::uniqueUsername(QStringLiteral("late"));
    NB_EXPECT_ERROR(anon.postJson("/api/v1/auth/signup", {{QStringLiteral("username"), user},
                                                          {QStringLiteral("password"), QStringLiteral("too late now")},
                                                          {QStringLiteral("invite"), code}}),
                    403, "invalid_invite");
    QVERIFY(!signIn(_closedHttp.get(), user, QStringLiteral("too late now")));
}

void TestAdmin::unknownUser()
{
    const QByteArray id = "0123456789abcdef01234567";
    NB_EXPECT_ERROR(_admin->request("PATCH", "/api/v1/admin/users/" + id, R"({"disabled":true})"), 404, "not_found");
    NB_EXPECT_ERROR(_admin->postJson("/api/v1/admin/users/" + id + "/password",
                                     {{QStringLiteral("new_password"), QStringLiteral("whatever you say")}}),
                    404, "not_found");
    NB_EXPECT_ERROR(_admin->request("PATCH", "/api/v1/admin/users/..%2Fx", R"({"disabled":true})"), 404, "not_found");
    NB_EXPECT_ERROR(_admin->request("DELETE", "/api/v1/admin/users/" + id), 405, "method_not_allowed");
}

QTEST_GUILESS_MAIN(TestAdmin)
#include "tst_admin.moc"
