#include "../support/ApiClient.h"
#include "../support/HttpClient.h"
#include "../support/TestServer.h"

#include <QDir>
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

// The real `nestbox` binary under Xvfb against a real nestboxd: it signs in through its sign-in
// dialog, gets a folder of photos dropped on its window (a QDropEvent sent through Qt's event
// path by the app's --script hook), uploads them with one file paused and resumed, shows the
// timeline with thumbnails and the viewer, then does it again in Chinese. Each step saves a PNG.
class TestEndToEnd : public QObject {
    Q_OBJECT

private:
    static constexpr int kPhotos = 12;

    std::unique_ptr<TestServer> _server;
    std::unique_ptr<HttpClient> _http;
    std::optional<::ApiClient> _user;
    QTemporaryDir _root;
    QProcess _xvfb;
    QString _display;
    QString _output;

    // Simple postcard-like scenes: flat shapes keep the PNG screenshots small.
    static QImage scene(int i)
    {
        QImage image(1600, 1200, QImage::Format_RGB32);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        const int hue = (i * 29 + 190) % 360;
        QLinearGradient sky(0, 0, 0, 1200);
        sky.setColorAt(0, QColor::fromHsv(hue, 90, 250));
        sky.setColorAt(1, QColor::fromHsv((hue + 30) % 360, 60, 255));
        painter.fillRect(image.rect(), sky);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 214, 102));
        painter.drawEllipse(QPointF(300 + i * 90, 300), 130, 130);
        for (int layer = 0; layer < 3; ++layer) {
            QPainterPath hill;
            hill.moveTo(0, 1200);
            hill.lineTo(0, 760 + layer * 120);
            hill.cubicTo(500, 560 + layer * 130 - i * 8, 1000, 960 + layer * 60, 1600, 700 + layer * 130);
            hill.lineTo(1600, 1200);
            painter.setBrush(QColor::fromHsv((hue + 100 + layer * 12) % 360, 120 + layer * 30, 180 - layer * 40));
            painter.drawPath(hill);
        }
        return image;
    }

    bool startXvfb()
    {
        for (int n = 93; n < 160; ++n) {
            if (QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(n)) || QFile::exists(QStringLiteral("/tmp/.X%1-lock").arg(n)))
                continue;
            _xvfb.start(QStringLiteral("Xvfb"), {QStringLiteral(":%1").arg(n), QStringLiteral("-screen"), QStringLiteral("0"),
                                                 QStringLiteral("1280x860x24"), QStringLiteral("-nolisten"), QStringLiteral("tcp")});
            if (!_xvfb.waitForStarted(5000))
                return false;
            for (int i = 0; i < 100 && _xvfb.state() == QProcess::Running; ++i) {
                if (QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(n))) {
                    _display = QStringLiteral(":%1").arg(n);
                    return true;
                }
                QThread::msleep(50);
            }
            _xvfb.kill();
            _xvfb.waitForFinished();
        }
        return false;
    }

    // Runs nestbox with a script; returns its exit code (-1 when it did not end in time).
    int runApp(const QString &script, const QString &language, QByteArray *log)
    {
        const QString scriptPath = _root.filePath(QStringLiteral("script-%1.txt").arg(language));
        QFile file(scriptPath);
        if (!file.open(QIODevice::WriteOnly))
            return -2;
        file.write(script.toUtf8());
        file.close();
        const QString passwordPath = _root.filePath(QStringLiteral("password"));
        QFile password(passwordPath);
        password.open(QIODevice::WriteOnly);
        password.write(_user->password.toUtf8() + '\n');
        password.close();

        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString home = _root.filePath(QStringLiteral("home"));
        env.insert(QStringLiteral("DISPLAY"), _display);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), _root.filePath(QStringLiteral("runtime")));
        env.insert(QStringLiteral("NESTBOX_TOKEN_STORE"), QStringLiteral("file"));
        env.insert(QStringLiteral("NESTBOX_LANG"), language);
        env.insert(QStringLiteral("QT_SCALE_FACTOR"), QStringLiteral("1"));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("nestbox.automation.info=true"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        QDir().mkpath(_root.filePath(QStringLiteral("runtime")));
        QFile::setPermissions(_root.filePath(QStringLiteral("runtime")), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::MergedChannels);
        app.start(QStringLiteral(NESTBOX_APP_PATH),
                  {QStringLiteral("--server"), _server->baseUrl().toString(), QStringLiteral("--user"), _user->username,
                   QStringLiteral("--password-file"), passwordPath, QStringLiteral("--script"), scriptPath});
        if (!app.waitForStarted(10000))
            return -3;
        const bool ended = app.waitForFinished(300000);
        *log = app.readAll();
        if (!ended) {
            app.kill();
            app.waitForFinished();
            return -1;
        }
        return app.exitStatus() == QProcess::NormalExit ? app.exitCode() : -4;
    }

    void checkPicture(const QString &name)
    {
        const QString path = QDir(_output).filePath(name);
        const QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(path));
        QVERIFY(image.width() >= 300 && image.height() >= 200);
        // Not one flat colour (a window that never painted).
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(name));
        qInfo().noquote() << name << image.size() << QFileInfo(path).size() / 1024 << "KiB";
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(_root.isValid());
        _output = qEnvironmentVariable("NESTBOX_SCREENSHOT_DIR", QStringLiteral(NESTBOX_E2E_OUTPUT_DIR));
        QVERIFY(QDir().mkpath(_output));
        QVERIFY2(startXvfb(), "cannot start Xvfb (apt install xvfb)");
        _server = std::make_unique<TestServer>();
        QVERIFY2(_server->start(), qPrintable(_server->error()));
        _http = std::make_unique<HttpClient>(_server->baseUrl());
        _user = ::ApiClient::newUser(_http.get(), QStringLiteral("anna"));
        QVERIFY(_user);

        // A folder of photos taken over three months (the server dates them by modification time).
        const QString folder = _root.filePath(QStringLiteral("summer-2025"));
        QVERIFY(QDir().mkpath(folder));
        for (int i = 0; i < kPhotos; ++i) {
            const QString path = QDir(folder).filePath(QStringLiteral("IMG_%1.jpg").arg(2040 + i));
            QVERIFY(scene(i).save(path, "JPG", 96));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            const QDateTime when(QDate(2025, 6 + i / 4, 3 + i * 2), QTime(10 + i % 8, 15), Qt::UTC);
            QVERIFY(file.setFileTime(when, QFileDevice::FileModificationTime));
        }
    }

    void cleanupTestCase()
    {
        if (_xvfb.state() == QProcess::Running) {
            _xvfb.terminate();
            if (!_xvfb.waitForFinished(5000))
                _xvfb.kill();
        }
    }

    void englishSession()
    {
        const QString out = _output + QLatin1Char('/');
        const QString folder = _root.filePath(QStringLiteral("summer-2025"));
        const QString script = QStringLiteral(
                                   "sleep 600\n"
                                   "screenshot sign-in %1sign-in.png\n"
                                   "sign-in\n"
                                   "wait-signed-in\n"
                                   "set-bandwidth 48\n"
                                   "drop %2\n"
                                   "wait-upload-progress\n"
                                   "pause-upload 1\n"
                                   "wait-state 1 paused\n"
                                   "sleep 1500\n"
                                   "screenshot window %1upload-panel.png\n"
                                   "set-bandwidth 0\n"
                                   "resume-upload 1\n"
                                   "wait-uploads-done\n"
                                   "wait-timeline %3\n"
                                   "wait-thumbnails\n"
                                   "sleep 800\n"
                                   "screenshot window %1timeline.png\n"
                                   "open-viewer 0\n"
                                   "wait-viewer-full\n"
                                   "sleep 500\n"
                                   "screenshot viewer %1viewer.png\n"
                                   "close-viewer\n"
                                   "quit\n")
                                   .arg(out, folder)
                                   .arg(kPhotos);
        QByteArray log;
        const int code = runApp(script, QStringLiteral("en_US"), &log);
        if (code != 0)
            qWarning().noquote() << log << "\n--- server log:\n" << _server->logTail(60);
        QCOMPARE(code, 0);
        // Every photo reached the server.
        QCOMPARE(int(_user->listAll().size()), kPhotos);
        for (const char *name : {"sign-in.png", "upload-panel.png", "timeline.png", "viewer.png"})
            checkPicture(QString::fromLatin1(name));
    }

    void chineseSession()
    {
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
                                   "quit\n")
                                   .arg(out)
                                   .arg(kPhotos);
        QByteArray log;
        const int code = runApp(script, QStringLiteral("zh_CN"), &log);
        if (code != 0)
            qWarning().noquote() << log;
        QCOMPARE(code, 0);
        checkPicture(QStringLiteral("sign-in-zh_CN.png"));
        checkPicture(QStringLiteral("timeline-zh_CN.png"));
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
