// The desktop app's download against a server with presigned downloads (direct storage on the
// real Ceph RGW): the app's DownloadJob follows the 302 to the bucket without its bearer token
// (the store refuses a request signed twice), checks the SHA-256, and continues a .part with a
// plain Range on the presigned URL.

#include "../support/ApiClient.h"
#include "HttpClient.h"
#include "ScaleEnv.h"
#include "TestData.h"
#include "TestServer.h"

#include "../../app/core/ApiClient.h"
#include "DownloadJob.h"

#include <nestbox/ErrorCode.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using nestbox::DownloadJob;

class TestAppDownload : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(_dir.isValid());
        _env = ScaleEnv::fromEnvironment();
        QVERIFY2(_env.hasCeph(), qPrintable(_env.error()));
        const QString bucket = ScaleEnv::uniqueName(QStringLiteral("nba-") + TestServices::profileName());
        TestServer::Options options;
        options.smallChunks = false;
        options.defines << QStringLiteral("storage.url=") + _env.storageUrl(bucket)
                        << QStringLiteral("storage.mode=direct") << QStringLiteral("storage.presign_seconds=300")
                        << QStringLiteral("storage.access_key=") + _env.accessKey()
                        << QStringLiteral("storage.secret_key=") + _env.secretKey();
        _server = std::make_unique<TestServer>(options);
        QVERIFY2(_server->start(), qPrintable(_server->error()));
        _http = std::make_unique<HttpClient>(_server->baseUrl());
        _user = ::ApiClient::newUser(_http.get(), QStringLiteral("frank"));
        QVERIFY(_user);
    }

    void followsThePresignedRedirectWithoutToken()
    {
        const QByteArray data = TestData::uniqueBytes(700000);
        const QJsonObject file = _user->uploadFile(QStringLiteral("garden.mov"), data);
        QVERIFY(!file.isEmpty());
        const QString id = file.value(QLatin1String("id")).toString();
        const QString sha = file.value(QLatin1String("sha256")).toString();
        // the server does redirect (else this test proves nothing about redirects)
        QCOMPARE(_user->download(id).status, 302);

        nestbox::ApiClient client;
        client.setBaseUrl(_server->baseUrl());
        client.setToken(QString::fromUtf8(_user->token));
        const QString target = _dir.filePath(QStringLiteral("downloads/garden.mov"));

        // the whole file, then again from a .part left by an interrupted download
        for (const qint64 partBytes : {qint64(0), qint64(250000)}) {
            QFile::remove(target);
            QDir().mkpath(QFileInfo(target).absolutePath());
            if (partBytes > 0) {
                QFile part(target + QStringLiteral(".part"));
                QVERIFY(part.open(QIODevice::WriteOnly));
                part.write(data.left(partBytes));
            }
            // no expected hash given: the check must not take the store's ETag for a SHA-256
            auto *job = new DownloadJob(&client, id, target, partBytes > 0 ? sha : QString());
            job->setAutoDelete(false);
            QSignalSpy done(job, &DownloadJob::finished);
            job->start();
            QVERIFY(done.wait(60000));
            QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
            QCOMPARE(job->resumedFrom(), partBytes);
            QCOMPARE(job->sha256(), sha);
            delete job;
            QFile out(target);
            QVERIFY(out.open(QIODevice::ReadOnly));
            QVERIFY(out.readAll() == data);
        }

        // a damaged .part: caught by the SHA-256 check, nothing put in place
        QFile::remove(target);
        {
            QFile part(target + QStringLiteral(".part"));
            QVERIFY(part.open(QIODevice::WriteOnly));
            part.write(QByteArray(250000, 'x'));
        }
        auto *bad = new DownloadJob(&client, id, target, sha);
        bad->setAutoDelete(false);
        QSignalSpy badDone(bad, &DownloadJob::finished);
        bad->start();
        QVERIFY(badDone.wait(60000));
        QVERIFY(!bad->succeeded());
        QVERIFY(bad->error().is(nestbox::ErrorCode::ChecksumMismatch));
        QVERIFY(!QFile::exists(target));
        delete bad;
    }

    void cleanupTestCase()
    {
        if (_server)
            QVERIFY(_server->stop());
    }

private:
    QTemporaryDir _dir;
    ScaleEnv _env;
    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    std::optional<::ApiClient> _user;
};

QTEST_GUILESS_MAIN(TestAppDownload)
#include "tst_appdownload.moc"
