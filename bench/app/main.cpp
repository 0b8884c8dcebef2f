// nestbox-app-bench: figures for the desktop app's engine (issue 4), printed, never judged by CI.
//  1. hashing: the engine's hasher (FileHasher over nestbox::Sha256, streaming a page-cached file)
//     vs `openssl speed -seconds 3 -bytes 1048576 sha256`, same run; target ≥ 90 %.
//  2. upload: UploadEngine sends a 1 GiB file (64 MiB with --quick) to a local nestboxd; MB/s end to
//     end (hashing included) and for the transfer alone (POST /uploads → complete), and the ratio to
//     the server-only upload figure of nestbox-bench (run right after, same size); target ≥ 0.85.

#include "BenchServer.h"

#include "ApiClient.h"
#include "FileHasher.h"
#include "LoginJob.h"
#include "SignupJob.h"
#include "UploadEngine.h"
#include "UploadQueue.h"

#include <nestbox/Sha256.h>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <sys/resource.h>
#include <unistd.h>
#include <optional>

using namespace nestbox;

namespace {

constexpr double kMB = 1e6;

struct Options {
    bool quick = false;
    qint64 uploadSize = 1LL << 30;
    qint64 hashSize = 1LL << 30;
    QString server;
    QString serverBench;
    QString tmpDir;
    bool runServerBench = true;
    int inFlight = 4;
    qint64 chunkSize = 0;
};

void out(const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(QLatin1Char(' '), 0, 2) : QString();
}

qint64 parseSize(const QString &text)
{
    QString t = text.trimmed().toUpper();
    qint64 mul = 1;
    if (t.endsWith(QLatin1Char('K'))) mul = 1LL << 10;
    else if (t.endsWith(QLatin1Char('M'))) mul = 1LL << 20;
    else if (t.endsWith(QLatin1Char('G'))) mul = 1LL << 30;
    if (mul > 1)
        t.chop(1);
    return t.toLongLong() * mul;
}

bool makeFile(const QString &path, qint64 size)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    QRandomGenerator rng(42);
    QByteArray block(1 << 20, Qt::Uninitialized);
    for (qint64 left = size; left > 0;) {
        rng.fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
        const qint64 n = qMin<qint64>(left, block.size());
        if (f.write(block.constData(), n) != n)
            return false;
        left -= n;
    }
    // on disk before anything is timed: dirty pages written back during the upload would be
    // charged to it (nestbox-bench's rates phase flushes the same way before its upload)
    return f.flush() && ::fsync(f.handle()) == 0;
}

// CPU seconds (user + system) of the calling thread: `openssl speed` divides by CPU time too (unless
// -elapsed), so on a shared, loaded machine both sides are measured the same way.
double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

struct Rate {
    double cpu = 0;  // bytes per CPU second
    double wall = 0; // bytes per wall-clock second
};

// `openssl speed -seconds 3 -bytes 1048576 sha256` (with -elapsed: wall clock): bytes per second.
std::optional<double> opensslSpeed(bool elapsed)
{
    QProcess p;
    QStringList args{QStringLiteral("speed")};
    if (elapsed)
        args << QStringLiteral("-elapsed");
    args << QStringLiteral("-seconds") << QStringLiteral("3") << QStringLiteral("-bytes") << QStringLiteral("1048576")
         << QStringLiteral("sha256");
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(60000))
        return std::nullopt;
    const QString text = QString::fromLatin1(p.readAllStandardOutput());
    static const QRegularExpression row(QStringLiteral(R"(^sha256\s+([0-9.]+)k\s*$)"),
                                        QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = row.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toDouble() * 1000.0; // openssl's "k" is 1000 bytes
}

// The hasher alone, on an in-memory 1 MiB buffer for ~3 s.
Rate memoryHashRate()
{
    QByteArray block(1 << 20, 'x');
    Sha256 h;
    QElapsedTimer t;
    t.start();
    const double cpu0 = threadCpuSeconds();
    qint64 bytes = 0;
    while (t.elapsed() < 3000) {
        h.update(block.constData(), std::size_t(block.size()));
        bytes += block.size();
    }
    h.finish();
    return {double(bytes) / (threadCpuSeconds() - cpu0), double(bytes) / (double(t.nsecsElapsed()) / 1e9)};
}

// FileHasher::hashFile over a page-cached file, best of three; with chunkSize > 0 it also hashes
// every chunk on the way (what the engine does when it knows the server's chunk size).
Rate fileHashRate(const QString &path, qint64 size, qint64 chunkSize)
{
    FileHasher::hashFile(path, 0, nullptr); // warm the page cache
    Rate best;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuSeconds();
        const FileHasher::Result r = FileHasher::hashFile(path, chunkSize, nullptr);
        const double cpu = threadCpuSeconds() - cpu0;
        if (!r.ok)
            continue;
        best.cpu = std::max(best.cpu, double(size) / cpu);
        best.wall = std::max(best.wall, double(size) / (double(t.nsecsElapsed()) / 1e9));
    }
    return best;
}

template <typename Job>
bool runJob(Job *job)
{
    QEventLoop loop;
    QObject::connect(job, &AbstractApiJob::finished, &loop, &QEventLoop::quit);
    job->setAutoDelete(false);
    job->start();
    loop.exec();
    return job->succeeded();
}

struct UploadFigures {
    double endToEnd = 0; // bytes/s from addFiles to Done
    double transfer = 0; // bytes/s from the end of hashing to Done
    double hashSeconds = 0;
    double totalSeconds = 0;
    double clientCpu = 0; // CPU seconds of this process (all threads) during the upload
    double serverCpu = 0; // CPU seconds of nestboxd during the upload
};

double processCpuSeconds()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// utime + stime of another process from /proc/PID/stat, in seconds.
double otherCpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

std::optional<UploadFigures> engineUpload(const Options &opt, const QString &file, QString *error)
{
    BenchServer server(opt.server, opt.tmpDir, {});
    if (!server.start(error))
        return std::nullopt;
    nestbox::ApiClient client;
    client.setBaseUrl(server.baseUrl());
    const QString user = QStringLiteral("bench");
    const QString password = QStringLiteral("bench password");
    auto *signup = new SignupJob(&client, user, password);
    runJob(signup);
    delete signup;
    auto *login = new LoginJob(&client, user, password, QStringLiteral("bench"));
    if (!runJob(login)) {
        *error = QStringLiteral("login failed: ") + login->error().toString();
        delete login;
        return std::nullopt;
    }
    client.setToken(login->token());
    delete login;

    QTemporaryDir queueDir;
    UploadQueue queue(queueDir.filePath(QStringLiteral("queue.sqlite")));
    queue.open();
    UploadEngine engine(&client, &queue);
    engine.setChunksInFlight(opt.inFlight); // 4 by default, as nestbox-bench
    engine.setChunkSizeHint(opt.chunkSize);
    QEventLoop loop;
    QElapsedTimer clock;
    qint64 hashedAt = -1;
    qint64 id = 0;
    QObject::connect(&engine, &UploadEngine::itemStateChanged, &loop, [&](qint64 which) {
        const auto it = queue.item(which);
        if (!it)
            return;
        if (it->state == UploadState::Uploading && hashedAt < 0)
            hashedAt = clock.nsecsElapsed();
        if (it->isFinal() || it->state == UploadState::Failed)
            loop.quit();
    });
    // let the engine learn the server's limits first (it hashes chunks along with the file then)
    QTimer::singleShot(0, &loop, &QEventLoop::quit);
    loop.exec();
    const double client0 = processCpuSeconds();
    const double server0 = otherCpuSeconds(server.pid());
    clock.start();
    id = engine.addFiles({file}).value(0);
    loop.exec();
    const qint64 total = clock.nsecsElapsed();
    const double clientCpu = processCpuSeconds() - client0;
    const double serverCpu = otherCpuSeconds(server.pid()) - server0;
    const auto it = queue.item(id);
    if (!it || it->state != UploadState::Done) {
        *error = QStringLiteral("upload ended as %1: %2")
                     .arg(it ? uploadStateName(it->state) : QStringLiteral("?"), it ? it->error : QString());
        return std::nullopt;
    }
    UploadFigures f;
    f.totalSeconds = double(total) / 1e9;
    f.hashSeconds = double(hashedAt) / 1e9;
    f.endToEnd = double(it->size) / f.totalSeconds;
    f.transfer = double(it->size) / (double(total - hashedAt) / 1e9);
    f.clientCpu = clientCpu;
    f.serverCpu = serverCpu;
    return f;
}

std::optional<double> serverOnlyUpload(const Options &opt, qint64 size, QString *log)
{
    QProcess p;
    QStringList args{QStringLiteral("--only=rates,upload"), QStringLiteral("--upload-reps=1"),
                     QStringLiteral("--upload-size=%1").arg(size)};
    if (!opt.server.isEmpty())
        args << QStringLiteral("--server=") + opt.server;
    if (!opt.tmpDir.isEmpty())
        args << QStringLiteral("--tmp-dir=") + opt.tmpDir;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(opt.serverBench, args);
    if (!p.waitForFinished(30 * 60 * 1000))
        return std::nullopt;
    *log = QString::fromUtf8(p.readAll());
    static const QRegularExpression figure(QStringLiteral(R"(upload\s+([0-9.]+)\s+MB/s)"));
    const QRegularExpressionMatch m = figure.match(*log);
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toDouble() * kMB;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("nestbox-app-bench"));
    Options opt;
#ifdef NESTBOX_NESTBOXD_PATH
    opt.server = QStringLiteral(NESTBOX_NESTBOXD_PATH);
#endif
#ifdef NESTBOX_SERVER_BENCH_PATH
    opt.serverBench = QStringLiteral(NESTBOX_SERVER_BENCH_PATH);
#endif
    bool sizeGiven = false;
    const QStringList args = app.arguments().mid(1);
    for (const QString &a : args) {
        if (a == QLatin1String("--quick")) {
            opt.quick = true;
        } else if (a.startsWith(QLatin1String("--size="))) {
            opt.uploadSize = parseSize(a.mid(7));
            sizeGiven = true;
        } else if (a.startsWith(QLatin1String("--server="))) {
            opt.server = a.mid(9);
        } else if (a.startsWith(QLatin1String("--server-bench="))) {
            opt.serverBench = a.mid(15);
        } else if (a.startsWith(QLatin1String("--in-flight="))) {
            opt.inFlight = a.mid(12).toInt();
        } else if (a.startsWith(QLatin1String("--chunk-size="))) {
            opt.chunkSize = parseSize(a.mid(13));
        } else if (a == QLatin1String("--no-server-bench")) {
            opt.runServerBench = false;
        } else if (a.startsWith(QLatin1String("--tmp-dir="))) {
            opt.tmpDir = a.mid(10);
        } else {
            out(QStringLiteral("usage: nestbox-app-bench [--quick] [--size=1G] [--server=nestboxd] "
                               "[--server-bench=nestbox-bench | --no-server-bench] [--tmp-dir=DIR] [--in-flight=4] [--chunk-size=8M]"));
            return a == QLatin1String("--help") ? 0 : 2;
        }
    }
    if (opt.quick) {
        opt.hashSize = 256LL << 20;
        if (!sizeGiven)
            opt.uploadSize = 64LL << 20;
    }
    QTemporaryDir tmp(opt.tmpDir.isEmpty() ? QDir::tempPath() + QStringLiteral("/nestbox-appbench-XXXXXX")
                                           : opt.tmpDir + QStringLiteral("/nestbox-appbench-XXXXXX"));
    int status = 0;

    out(QStringLiteral("== hashing (load %1)").arg(loadAverage()));
    const QString hashFile = tmp.filePath(QStringLiteral("hash.bin"));
    if (!makeFile(hashFile, opt.hashSize)) {
        out(QStringLiteral("FAILED: cannot write %1").arg(hashFile));
        return 2;
    }
    const std::optional<double> openssl = opensslSpeed(false);
    const Rate file = fileHashRate(hashFile, opt.hashSize, 0);
    const Rate memory = memoryHashRate();
    const std::optional<double> opensslWall = opensslSpeed(true);
    const Rate withChunks = fileHashRate(hashFile, opt.hashSize, 8LL << 20);
    QFile::remove(hashFile);
    auto mb = [](std::optional<double> v) { return v ? QString::number(*v / kMB, 'f', 0) : QStringLiteral("n/a"); };
    out(QStringLiteral("                                              per CPU s   per wall s"));
    out(QStringLiteral("openssl speed sha256, 1 MiB blocks, 3 s       %1 MB/s   %2 MB/s (-elapsed)")
            .arg(mb(openssl), 6)
            .arg(mb(opensslWall), 6));
    out(QStringLiteral("nestbox::Sha256, in-memory 1 MiB blocks       %1 MB/s   %2 MB/s")
            .arg(mb(memory.cpu), 6)
            .arg(mb(memory.wall), 6));
    out(QStringLiteral("engine FileHasher, %1 MiB page-cached file  %2 MB/s   %3 MB/s")
            .arg(opt.hashSize >> 20, 4)
            .arg(mb(file.cpu), 6)
            .arg(mb(file.wall), 6));
    out(QStringLiteral("  + 8 MiB chunk hashes in the same pass       %1 MB/s   %2 MB/s (two digests per byte)")
            .arg(mb(withChunks.cpu), 6)
            .arg(mb(withChunks.wall), 6));
    if (openssl) {
        const double ratio = file.cpu / *openssl;
        QString wall;
        if (opensslWall)
            wall = QStringLiteral("; wall clock %1 × openssl -elapsed").arg(file.wall / *opensslWall, 0, 'f', 2);
        out(QStringLiteral("%1 engine hash rate = %2 × openssl per CPU second (target ≥ 0.90)%3")
                .arg(ratio >= 0.90 ? QStringLiteral("PASS") : QStringLiteral("MISS"))
                .arg(ratio, 0, 'f', 2)
                .arg(wall));
        if (ratio < 0.90)
            status = 1;
    }

    out(QStringLiteral("== engine upload, %1 MiB (load %2)").arg(opt.uploadSize >> 20).arg(loadAverage()));
    if (opt.server.isEmpty()) {
        out(QStringLiteral("FAILED: no nestboxd (--server=PATH)"));
        return 2;
    }
    const QString uploadFile = tmp.filePath(QStringLiteral("upload.bin"));
    if (!makeFile(uploadFile, opt.uploadSize)) {
        out(QStringLiteral("FAILED: cannot write %1").arg(uploadFile));
        return 2;
    }
    ::sync();
    QString error;
    const std::optional<UploadFigures> engine = engineUpload(opt, uploadFile, &error);
    QFile::remove(uploadFile);
    if (!engine) {
        out(QStringLiteral("FAILED: ") + error);
        return 2;
    }
    out(QStringLiteral("engine upload end to end (hash + send)   %1 MB/s (%2 s, hashing %3 s)")
            .arg(engine->endToEnd / kMB, 0, 'f', 0)
            .arg(engine->totalSeconds, 0, 'f', 2)
            .arg(engine->hashSeconds, 0, 'f', 2));
    out(QStringLiteral("engine upload transfer (POST → complete) %1 MB/s").arg(engine->transfer / kMB, 0, 'f', 0));
    out(QStringLiteral("CPU during the upload: app %1 s, nestboxd %2 s").arg(engine->clientCpu, 0, 'f', 2).arg(engine->serverCpu, 0, 'f', 2));

    if (opt.runServerBench && !opt.serverBench.isEmpty() && QFile::exists(opt.serverBench)) {
        out(QStringLiteral("== server-only upload, nestbox-bench --only=rates,upload, same size (load %1)").arg(loadAverage()));
        QString log;
        const std::optional<double> serverOnly = serverOnlyUpload(opt, opt.uploadSize, &log);
        if (!serverOnly) {
            out(QStringLiteral("FAILED: no upload figure from nestbox-bench; its output:\n") + log);
            return 2;
        }
        const double ratio = engine->transfer / *serverOnly;
        out(QStringLiteral("nestbox-bench upload (server path)      %1 MB/s").arg(*serverOnly / kMB, 0, 'f', 0));
        out(QStringLiteral("%1 engine transfer = %2 × server-only (target ≥ 0.85); end to end %3 ×")
                .arg(ratio >= 0.85 ? QStringLiteral("PASS") : QStringLiteral("MISS"))
                .arg(ratio, 0, 'f', 2)
                .arg(engine->endToEnd / *serverOnly, 0, 'f', 2));
        if (ratio < 0.85)
            status = 1;
    } else {
        out(QStringLiteral("server-only figure skipped (no nestbox-bench; --server-bench=PATH)"));
    }
    return status;
}
