#pragma once

#include "TestServer.h"

#include <QByteArray>
#include <QString>

// Helpers shared by the app/core suites: local test files, their SHA-256, the server's chunk
// counters from /metrics, a free TCP port, and a download through the app's own DownloadJob.
namespace apptest {

// Writes `size` pseudo-random bytes (from `seed`) in 1 MiB blocks; the absolute path.
QString makeFile(const QString &dir, const QString &name, qint64 size, quint32 seed);
QString sha256OfFile(const QString &path);
// PUT …/chunks/{index*} requests the server answered with `status` (0 = any status).
qint64 chunkPuts(TestServer &server, int status = 0);
int freePort();

} // namespace apptest
