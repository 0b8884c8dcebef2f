// nestbox-grid-bench: the desktop app's timeline grid with a 100,000-file library on a real
// nestboxd. Prints figures; not a test.
//
//  1. A nestboxd (embedded profile, TestServer from tests/support) gets a user and K real photos
//     through the API; the server makes their thumbnails.
//  2. The server is stopped and the library grows to N files with a bulk generator on nestboxd's
//     own SQLite database: one transaction of INSERTs into `files` (distinct ids, names, SHA-256s
//     and capture times over ten years), each new file's 256 px thumbnail a hard link to one of
//     the K real ones under the server's thumbnail path, and users.file_count/used_bytes set.
//     (Uploading 100,000 files, even as instant uploads, is minutes of API calls for the same rows.)
//  3. The server starts again on the same data; the app's real MainWindow (offscreen) signs in.
//     Measured: time from start() to the first screen with every visible thumbnail; a scripted
//     scroll to the end, one page (the viewport's height) per frame, 16 ms apart; frames whose work
//     (scroll + synchronous repaint + the events that were due) took over 16 ms; the process RSS
//     after reaching the end and loading the last screen's thumbnails (target < 400 MB).
#include "../../tests/support/ApiClient.h"
#include "../../tests/support/HttpClient.h"
#include "../../tests/support/TestServer.h"

#include "LaunchOptions.h"
#include "MainWindow.h"
#include "Session.h"
#include "TimelineModel.h"
#include "TimelineView.h"

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPainter>
#include <QScrollBar>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <unistd.h>
#include <vector>

namespace {

void say(const QString &text)
{
    std::printf("%s\n", qPrintable(text));
    std::fflush(stdout);
}

[[noreturn]] void die(const QString &text)
{
    std::fprintf(stderr, "nestbox-grid-bench: %s\n", qPrintable(text));
    std::exit(1);
}

qint64 statusKiB(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

QByteArray photo(int i)
{
    QImage image(640, 480, QImage::Format_RGB32);
    QPainter p(&image);
    p.fillRect(image.rect(), QColor::fromHsv((i * 37) % 360, 120, 230));
    p.setBrush(QColor::fromHsv((i * 37 + 160) % 360, 160, 140));
    p.setPen(Qt::NoPen);
    p.drawEllipse(QPoint(100 + (i * 53) % 440, 240), 90, 90);
    p.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPG", 85);
    return bytes;
}

template <typename Predicate>
bool waitFor(Predicate done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

bool visibleThumbnailsShown(nestbox::MainWindow &window)
{
    const auto [first, last] = window.timelineView()->visibleRows();
    if (first < 0)
        return false;
    for (int row = first; row <= last; ++row)
        if (!window.timelineModel()->index(row).data(nestbox::TimelineModel::HasThumbnailRole).toBool())
            return false;
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("NESTBOX_TOKEN_STORE", "file");
    if (!qEnvironmentVariableIsSet("NESTBOX_TEST_PROFILE"))
        qputenv("NESTBOX_TEST_PROFILE", "sqlite");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("nestbox.*.debug=false\nnestbox.*.info=false"));
    QCoreApplication::setOrganizationName(QStringLiteral("Nestbox"));
    QCoreApplication::setApplicationName(QStringLiteral("nestbox-grid-bench"));
    QStandardPaths::setTestModeEnabled(true); // the app's settings, queue and caches under ~/.qttest

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption filesOption(QStringLiteral("files"), QStringLiteral("library size (default 100000)"),
                                         QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption photosOption(QStringLiteral("photos"),
                                          QStringLiteral("real photos uploaded first (default 200)"),
                                          QStringLiteral("K"), QStringLiteral("200"));
    parser.addOptions({filesOption, photosOption});
    parser.process(app);
    const int total = parser.value(filesOption).toInt();
    const int photos = std::clamp(parser.value(photosOption).toInt(), 1, total);

    // The app's caches from an earlier run would make the first screen look faster than it is.
    QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)).removeRecursively();

    // 1. Server, user, K real photos with thumbnails.
    TestServer server;
    if (!server.start())
        die(server.error());
    HttpClient http(server.baseUrl());
    std::optional<::ApiClient> user = ::ApiClient::newUser(&http, QStringLiteral("grid"));
    if (!user)
        die(QStringLiteral("cannot create the user"));
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < photos; ++i)
        if (user->uploadFile(QStringLiteral("real_%1.jpg").arg(i, 4, 10, QLatin1Char('0')), photo(i)).isEmpty())
            die(QStringLiteral("upload %1 failed").arg(i));
    const bool thumbs = waitFor(
        [&] {
            const QList<QJsonObject> files = user->listAll();
            return files.size() == photos
                   && std::all_of(files.cbegin(), files.cend(), [](const QJsonObject &f) {
                          return f.value(QLatin1String("thumbnail")).toString() == QLatin1String("ready");
                      });
        },
        120000);
    if (!thumbs)
        die(QStringLiteral("the server did not make the thumbnails in 2 minutes"));
    say(QStringLiteral("seed: %1 photos uploaded through the API, thumbnails made, in %2 s")
            .arg(photos)
            .arg(clock.elapsed() / 1000.0, 0, 'f', 1));

    // 2. Bulk generator on the server's own database, server stopped.
    if (!server.stop())
        die(QStringLiteral("nestboxd did not stop"));
    clock.restart();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bulk"));
        db.setDatabaseName(QDir(server.dataDir()).filePath(QStringLiteral("nestbox.db")));
        if (!db.open())
            die(db.lastError().text());
        QSqlQuery q(db);
        struct Template {
            QString sha;
            qint64 size;
            QString mime, kind;
            QVariant width, height;
        };
        std::vector<Template> templates;
        QString userId;
        q.exec(QStringLiteral("SELECT user_id, sha256, size, mime, kind, width, height FROM files"));
        while (q.next()) {
            userId = q.value(0).toString();
            templates.push_back({q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toString(),
                                 q.value(4).toString(), q.value(5), q.value(6)});
        }
        if (int(templates.size()) != photos)
            die(QStringLiteral("expected %1 files in the database, found %2").arg(photos).arg(templates.size()));
        QString thumbRoot;
        QDirIterator it(server.dataDir(), {QStringLiteral("thumbnails")}, QDir::Dirs, QDirIterator::Subdirectories);
        while (it.hasNext() && thumbRoot.isEmpty())
            thumbRoot = it.next();
        if (thumbRoot.isEmpty())
            die(QStringLiteral("no thumbnails directory under ") + server.dataDir());

        db.transaction();
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral(
            "INSERT INTO files (id, user_id, name, size, sha256, mime, kind, uploaded_at, taken_at, width, height, "
            "thumbnail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ready')"));
        qint64 bytes = 0;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (const Template &t : templates)
            bytes += t.size;
        for (int i = 0; i < total - photos; ++i) {
            const Template &t = templates[size_t(i) % templates.size()];
            const QString sha = QString::fromLatin1(
                QCryptographicHash::hash(QByteArray("nestbox-grid-bench-").append(QByteArray::number(i)), QCryptographicHash::Sha256).toHex());
            const QString id = sha.left(24);
            // Ten years of photos, about 27 a day, newest first.
            const qint64 taken = now - qint64(i) * 3200;
            insert.addBindValue(id);
            insert.addBindValue(userId);
            insert.addBindValue(QStringLiteral("IMG_%1.jpg").arg(i, 6, 10, QLatin1Char('0')));
            insert.addBindValue(t.size);
            insert.addBindValue(sha);
            insert.addBindValue(t.mime);
            insert.addBindValue(t.kind);
            insert.addBindValue(now);
            insert.addBindValue(taken);
            insert.addBindValue(t.width);
            insert.addBindValue(t.height);
            if (!insert.exec())
                die(insert.lastError().text());
            bytes += t.size;
            const QString from = QStringLiteral("%1/%2/%3-256.jpg").arg(thumbRoot, t.sha.left(2), t.sha);
            const QString dir = QStringLiteral("%1/%2").arg(thumbRoot, sha.left(2));
            QDir().mkpath(dir);
            if (::link(QFile::encodeName(from).constData(), QFile::encodeName(QStringLiteral("%1/%2-256.jpg").arg(dir, sha)).constData()) != 0)
                die(QStringLiteral("cannot link %1").arg(from));
        }
        QSqlQuery counts(db);
        counts.prepare(QStringLiteral("UPDATE users SET file_count = ?, used_bytes = ? WHERE id = ?"));
        counts.addBindValue(total);
        counts.addBindValue(bytes);
        counts.addBindValue(userId);
        if (!counts.exec())
            die(counts.lastError().text());
        if (!db.commit())
            die(db.lastError().text());
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bulk"));
    say(QStringLiteral("bulk: %1 more files (rows in nestboxd's SQLite, thumbnails hard-linked) in %2 s")
            .arg(total - photos)
            .arg(clock.elapsed() / 1000.0, 0, 'f', 1));
    if (!server.start())
        die(server.error());
    HttpClient http2(server.baseUrl()); // a new port
    ::ApiClient again(&http2, user->token);
    const HttpReply probe = again.listFiles("limit=1");
    if (probe.status != 200)
        die(QStringLiteral("the restarted server does not list files: ") + probe.describe());

    // 3. The app.
    const qint64 rssBefore = statusKiB("VmRSS:");
    nestbox::LaunchOptions options;
    options.server = server.baseUrl().toString();
    options.user = user->username;
    options.password = user->password;
    nestbox::MainWindow window(options);
    window.resize(1280, 860);
    window.show();
    QElapsedTimer startClock;
    startClock.start();
    window.start(); // fills in the sign-in dialog and signs in
    if (!waitFor([&] { return window.session()->isSignedIn(); }, 30000))
        die(QStringLiteral("not signed in after 30 s"));
    const qint64 signedInMs = startClock.elapsed();
    if (!waitFor([&] { return visibleThumbnailsShown(window); }, 60000))
        die(QStringLiteral("first screen of thumbnails not shown in 60 s"));
    const qint64 firstScreenMs = startClock.elapsed();
    const auto [firstRow, lastRow] = window.timelineView()->visibleRows();
    say(QStringLiteral("first screen: signed in after %1 ms; %2 thumbnails shown %3 ms after start()")
            .arg(signedInMs)
            .arg(lastRow - firstRow + 1)
            .arg(firstScreenMs));

    nestbox::TimelineView *view = window.timelineView();
    QScrollBar *bar = view->verticalScrollBar();
    std::vector<double> frames;
    QElapsedTimer scrollClock;
    scrollClock.start();
    QElapsedTimer frameClock;
    qint64 peakDuringScroll = 0;
    while (scrollClock.elapsed() < 300000) {
        const bool atEnd = bar->value() >= bar->maximum();
        if (atEnd && window.timelineModel()->isComplete())
            break;
        frameClock.start();
        bar->setValue(bar->value() + view->viewport()->height());
        view->viewport()->repaint();
        QCoreApplication::processEvents();
        const double ms = frameClock.nsecsElapsed() / 1e6;
        frames.push_back(ms);
        if (frames.size() % 256 == 0)
            peakDuringScroll = std::max(peakDuringScroll, statusKiB("VmRSS:"));
        if (ms < 16.0)
            QThread::usleep(useconds_t((16.0 - ms) * 1000));
    }
    const qint64 scrollMs = scrollClock.elapsed();
    const bool reachedEnd = bar->value() >= bar->maximum() && window.timelineModel()->isComplete();
    const bool lastScreen = waitFor([&] { return visibleThumbnailsShown(window); }, 60000);
    const qint64 rssEnd = statusKiB("VmRSS:");
    const qint64 hwm = statusKiB("VmHWM:");

    std::vector<double> sorted = frames;
    std::sort(sorted.begin(), sorted.end());
    const auto pct = [&](double p) { return sorted.empty() ? 0.0 : sorted[size_t(p * double(sorted.size() - 1))]; };
    const long over16 = long(std::count_if(frames.cbegin(), frames.cend(), [](double ms) { return ms > 16.0; }));
    say(QStringLiteral("scroll: %1 rows, %2 frames (one page each) in %3 s, reached the end: %4")
            .arg(window.timelineModel()->rowCount())
            .arg(frames.size())
            .arg(scrollMs / 1000.0, 0, 'f', 1)
            .arg(reachedEnd ? QStringLiteral("yes") : QStringLiteral("NO")));
    say(QStringLiteral("frames over 16 ms: %1 of %2 (%3 %); frame work median %4 ms, p95 %5 ms, p99 %6 ms, max %7 ms")
            .arg(over16)
            .arg(frames.size())
            .arg(frames.empty() ? 0.0 : 100.0 * double(over16) / double(frames.size()), 0, 'f', 2)
            .arg(pct(0.5), 0, 'f', 2)
            .arg(pct(0.95), 0, 'f', 2)
            .arg(pct(0.99), 0, 'f', 2)
            .arg(sorted.empty() ? 0.0 : sorted.back(), 0, 'f', 2));
    say(QStringLiteral("RSS: %1 MB before the window, %2 MB after scrolling to the end (last screen's thumbnails %3), "
                       "peak %4 MB (sampled peak while scrolling %5 MB); target < 400 MB: %6")
            .arg(rssBefore / 1024.0, 0, 'f', 1)
            .arg(rssEnd / 1024.0, 0, 'f', 1)
            .arg(lastScreen ? QStringLiteral("shown") : QStringLiteral("NOT shown"))
            .arg(hwm / 1024.0, 0, 'f', 1)
            .arg(peakDuringScroll / 1024.0, 0, 'f', 1)
            .arg(rssEnd < 400 * 1024 ? QStringLiteral("met") : QStringLiteral("NOT met")));
    window.close();
    return reachedEnd && lastScreen ? 0 : 1;
}
