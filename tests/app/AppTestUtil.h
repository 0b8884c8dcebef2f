#pragma once

#include "TestServer.h"

#include "AbstractApiJob.h"

#include <QByteArray>
#include <QSignalSpy>
#include <QString>

// Helpers shared by the app/core suites: local test files, their SHA-256, the server's chunk
// counters from /metrics, a free TCP port, an API job run to its end, and a download through the
// app's own DownloadJob.
namespace apptest {

// Writes `size` pseudo-random bytes (from `seed`) in 1 MiB blocks; the absolute path.
QString makeFile(const QString &dir, const QString &name, qint64 size, quint32 seed);
QString sha256OfFile(const QString &path);
// PUT …/chunks/{index*} requests the server answered with `status` (0 = any status).
qint64 chunkPuts(TestServer &server, int status = 0);
int freePort();

// Starts an API job, kept after it finishes (the caller deletes it), and waits up to `ms` for it;
// true when it finished (also when it finished inside start()).
constexpr int kJobWaitMs = 30000;
template <typename Job>
bool runJob(Job *job, int ms = kJobWaitMs)
{
    job->setAutoDelete(false);
    QSignalSpy spy(job, &nestbox::AbstractApiJob::finished);
    job->start();
    return spy.wait(ms) || !spy.isEmpty();
}

} // namespace apptest
