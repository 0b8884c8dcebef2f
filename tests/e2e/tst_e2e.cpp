#include "../support/ApiClient.h"
#include "../support/FixtureEnv.h"
#include "../support/HttpClient.h"
#include "../support/TestServer.h"
#include "ScriptedApp.h"
#include "SampledColours.h"
#include "XvfbDisplay.h"

#include <QCryptographicHash>
#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <optional>

// The "done when", with the real `nestbox` binary under Xvfb against a real nestboxd:
// a new user signs up through the app's own dialog, a folder of 200 photos is dropped on the
// window (a QDropEvent sent through Qt's event path by the app's --script hook), some uploads are
// paused and resumed, and the app quits while uploads are in flight. Started again, it finishes
// every upload from its SQLite queue (checked through the server API: every file there once, with
// its SHA-256), shows the timeline with thumbnails, the viewer, and downloads a file through its
// Download action (bytes checked). Then the same account in Chinese. Each step saves a PNG.
class TestEndToEnd : public QObject {
    Q_OBJECT

private:
    static constexpr int kPhotos = 200;
    // Done before the first run quits; the rest are queued or in flight at that moment.
    static constexpr int kDoneBeforeQuit = 40;

    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    std::optional<::ApiClient> _user;
    QTemporaryDir _root;
    XvfbDisplay _xvfb;
    QString _output;
    QString _username = QStringLiteral("anna");
    QString _password = QStringLiteral("sunflower-meadow-42");
    QHash<QString, QByteArray> _photoSha; // file name -> SHA-256 hex

    QString photoFolder() const { return _root.filePath(QStringLiteral("summer-2025")); }
    QString downloadFolder() const { return _root.filePath(QStringLiteral("downloads")); }

    // Simple postcard-like scenes, mostly 320x240 so 200 of them upload in seconds; every tenth
    // (rows 5, 15, …: the one uploading in the panel's screenshot) and the newest (the viewer's)
    // are 1280x960. Each one differs.
    static QSize sceneSize(int i) { return i % 10 == 5 || i == kPhotos - 1 ? QSize(1280, 960) : QSize(320, 240); }

    static QImage scene(int i)
    {
        const QSize size = sceneSize(i);
        QImage image(size, QImage::Format_RGB32);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size.width() / 320.0, size.height() / 240.0);
        const int hue = (i * 29 + 190) % 360;
        QLinearGradient sky(0, 0, 0, 240);
        sky.setColorAt(0, QColor::fromHsv(hue, 90, 250));
        sky.setColorAt(1, QColor::fromHsv((hue + 30) % 360, 60, 255));
        painter.fillRect(QRect(0, 0, 320, 240), sky);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 214, 102));
        painter.drawEllipse(QPointF(40 + (i * 37) % 240, 50 + (i % 5) * 6), 22, 22);
        for (int layer = 0; layer < 3; ++layer) {
            QPainterPath hill;
            hill.moveTo(0, 240);
            hill.lineTo(0, 150 + layer * 24);
            hill.cubicTo(100, 110 + layer * 26 - (i % 13) * 2, 200, 190 + layer * 12, 320, 140 + layer * 26);
            hill.lineTo(320, 240);
            painter.setBrush(QColor::fromHsv((hue + 100 + layer * 12) % 360, 120 + layer * 30, 180 - layer * 40));
            painter.drawPath(hill);
        }
        return image;
    }

    int openUploadsOnServer() const
    {
        const HttpReply list = _user->listUploads();
        return list.status == 200 ? int(list.json().value(QLatin1String("items")).toArray().size()) : -1;
    }

    // Runs nestbox with a script; returns its exit code (-1 when it did not end in time).
    // `signInArguments`: pass --server/--user/--password-file (the dialog is filled in); without
    // them the app signs in with the token it kept.
    int runApp(const QString &script, const QString &language, QByteArray *log, bool signInArguments = true)
    {
        const QString passwordPath = _root.filePath(QStringLiteral("password"));
        QFile password(passwordPath);
        password.open(QIODevice::WriteOnly);
        password.write(_password.toUtf8() + '\n');
        password.close();

        ScriptedApp app(QStringLiteral(NESTBOX_APP_PATH), _root.path(), _xvfb.display());
        app.environment().insert(QStringLiteral("NESTBOX_LANG"), language);
        QStringList arguments;
        if (signInArguments)
            arguments << QStringLiteral("--server") << _server->baseUrl().toString() << QStringLiteral("--user")
                      << _username << QStringLiteral("--password-file") << passwordPath;
        return app.run(_root.filePath(QStringLiteral("script-%1.txt").arg(language)), script, arguments, 300000, log);
    }

    void checkPicture(const QString &name)
    {
        const QString path = QDir(_output).filePath(name);
        const QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(path));
        QVERIFY(image.width() >= 300 && image.height() >= 200);
        // Not one flat colour (a window that never painted).
        QVERIFY2(sampledColours(image, 7) > 20, qPrintable(name));
        qInfo().noquote() << name << image.size() << QFileInfo(path).size() / 1024 << "KiB";
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(_root.isValid());
        _output = qEnvironmentVariable("NESTBOX_SCREENSHOT_DIR", QStringLiteral(NESTBOX_E2E_OUTPUT_DIR));
        QVERIFY(QDir().mkpath(_output));
        QVERIFY(QDir().mkpath(downloadFolder()));
        QVERIFY2(_xvfb.start(93, 160, QStringLiteral("1280x860x24")), "cannot start Xvfb (apt install xvfb)");
        _server = std::make_unique<TestServer>();
        QVERIFY2(_server->start(), qPrintable(_server->error()));
        _http = std::make_unique<HttpClient>(_server->baseUrl());

        // A folder of photos taken over a few months (the server dates them by modification time).
        QVERIFY(QDir().mkpath(photoFolder()));
        for (int i = 0; i < kPhotos; ++i) {
            const QString name = QStringLiteral("IMG_%1.jpg").arg(2040 + i);
            const QString path = QDir(photoFolder()).filePath(name);
            QVERIFY(scene(i).save(path, "JPG", 90));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            const QDateTime when(QDate(2025, 4 + i / 40, 1 + (i % 40) / 2), QTime(8 + i % 10, 15), Qt::UTC);
            QVERIFY(file.setFileTime(when, QFileDevice::FileModificationTime));
            file.close();
            _photoSha.insert(name, FixtureEnv::sha256OfFile(path));
        }
        QCOMPARE(int(QSet<QByteArray>(_photoSha.cbegin(), _photoSha.cend()).size()), kPhotos);
    }

    void cleanupTestCase()
    {
        _xvfb.stop();
    }

    // A new user signs up in the dialog, drops the folder, pauses and resumes three uploads and
    // quits (File ▸ Quit's path: the window closes, the process exits) with uploads in flight.
    void signUpDropPauseAndQuitMidUpload()
    {
        const QString out = _output + QLatin1Char('/');
        // The server account does not exist before the app creates it.
        QCOMPARE(::ApiClient(_http.get()).login(_username, _password).status, 401);
        const QString script = QStringLiteral(
                                   "sleep 600\n"
                                   "screenshot sign-in %1sign-in.png\n"
                                   "sign-up\n"
                                   "sleep 300\n"
                                   "screenshot sign-in %1sign-up.png\n"
                                   "sign-in\n"
                                   "wait-signed-in\n"
                                   "set-bandwidth 24\n"
                                   "drop %2\n"
                                   "wait-upload-progress\n"
                                   "pause-upload 4\n"
                                   "pause-upload 6\n"
                                   "pause-upload 7\n"
                                   "wait-state 4 paused\n"
                                   "wait-state 7 paused\n"
                                   "wait-upload-progress 5\n"
                                   "show-upload 3\n"
                                   "sleep 1000\n"
                                   "screenshot window %1upload-panel.png\n"
                                   "resume-upload 6\n"
                                   "resume-upload 7\n"
                                   "wait-uploads-count 8\n"
                                   "wait-state 4 paused\n"
                                   "resume-upload 4\n"
                                   "set-bandwidth 96\n"
                                   "wait-uploads-count %3\n"
                                   "quit\n")
                                   .arg(out, photoFolder())
                                   .arg(kDoneBeforeQuit);
        QByteArray log;
        const int code = runApp(script, QStringLiteral("en_US"), &log);
        if (code != 0)
            qWarning().noquote() << log << "\n--- server log:\n" << _server->logTail(60);
        QCOMPARE(code, 0);

        // The account is the one the dialog created.
        ::ApiClient user(_http.get());
        const HttpReply login = user.login(_username, _password);
        QCOMPARE(login.status, 200);
        user.token = login.json().value(QLatin1String("token")).toString().toUtf8();
        QVERIFY(!user.token.isEmpty());
        user.username = _username;
        user.password = _password;
        _user = user;

        // Quit mid-upload: some files are on the server, most are not, and uploads were open.
        const int stored = int(_user->listAll().size());
        qInfo() << "after the first run:" << stored << "files on the server," << openUploadsOnServer() << "uploads open";
        QVERIFY2(stored >= kDoneBeforeQuit && stored < kPhotos, qPrintable(QString::number(stored)));
        for (const char *name : {"sign-in.png", "sign-up.png", "upload-panel.png"})
            checkPicture(QString::fromLatin1(name));
    }

    // Started again (signed in from the kept token), the app finishes every upload, shows the
    // timeline and the viewer, and downloads a file into a folder.
    void restartFinishesEveryUploadThenBrowseAndDownload()
    {
        QVERIFY(_user);
        const QString out = _output + QLatin1Char('/');
        const QString script = QStringLiteral(
                                   "wait-signed-in\n"
                                   "wait-uploads-done\n"
                                   "wait-timeline %2\n"
                                   "wait-thumbnails\n"
                                   "select 0\n"
                                   "sleep 800\n"
                                   "screenshot window %1timeline.png\n"
                                   "download-selected %3\n"
                                   "wait-downloads-done\n"
                                   "open-viewer 0\n"
                                   "wait-viewer-full\n"
                                   "sleep 500\n"
                                   "screenshot viewer %1viewer.png\n"
                                   "close-viewer\n"
                                   "quit\n")
                                   .arg(out)
                                   .arg(kPhotos)
                                   .arg(downloadFolder());
        QByteArray log;
        const int code = runApp(script, QStringLiteral("en_US"), &log, false);
        if (code != 0)
            qWarning().noquote() << log << "\n--- server log:\n" << _server->logTail(60);
        QCOMPARE(code, 0);

        // Every photo on the server exactly once, with the bytes of the file on disk.
        const QList<QJsonObject> files = _user->listAll();
        QCOMPARE(int(files.size()), kPhotos);
        QSet<QString> names;
        for (const QJsonObject &file : files) {
            const QString name = file.value(QLatin1String("name")).toString();
            QVERIFY2(!names.contains(name), qPrintable(QStringLiteral("twice on the server: ") + name));
            names.insert(name);
            QVERIFY2(_photoSha.contains(name), qPrintable(name));
            QCOMPARE(file.value(QLatin1String("sha256")).toString().toLatin1(), _photoSha.value(name));
        }
        QCOMPARE(openUploadsOnServer(), 0);

        // The downloaded file: one, and the same bytes as the photo it came from.
        const QStringList downloaded = QDir(downloadFolder()).entryList(QDir::Files);
        QCOMPARE(downloaded.size(), 1);
        QVERIFY2(_photoSha.contains(downloaded.first()), qPrintable(downloaded.first()));
        QCOMPARE(FixtureEnv::sha256OfFile(QDir(downloadFolder()).filePath(downloaded.first())), _photoSha.value(downloaded.first()));

        for (const char *name : {"timeline.png", "viewer.png"})
            checkPicture(QString::fromLatin1(name));
    }

    void chineseSession()
    {
        QVERIFY(_user);
        const QString out = _output + QLatin1Char('/');
        const QString script = QStringLiteral(
                                   "sleep 600\n"
                                   "screenshot sign-in %1sign-in-zh_CN.png\n"
                                   "sign-in\n"
                                   "wait-signed-in\n"
                                   "wait-timeline %2\n"
                                   "wait-thumbnails\n"
                                   "select 2\n"
                                   "sleep 800\n"
                                   "screenshot window %1timeline-zh_CN.png\n"
                                   "open-viewer 2\n"
                                   "wait-viewer-full\n"
                                   "sleep 500\n"
                                   "screenshot viewer %1viewer-zh_CN.png\n"
                                   "close-viewer\n"
                                   "quit\n")
                                   .arg(out)
                                   .arg(kPhotos);
        QByteArray log;
        const int code = runApp(script, QStringLiteral("zh_CN"), &log);
        if (code != 0)
            qWarning().noquote() << log;
        QCOMPARE(code, 0);
        for (const char *name : {"sign-in-zh_CN.png", "timeline-zh_CN.png", "viewer-zh_CN.png"})
            checkPicture(QString::fromLatin1(name));
    }
};

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestEndToEnd test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_e2e.moc"
