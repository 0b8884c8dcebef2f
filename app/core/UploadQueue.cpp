#include "UploadQueue.h"

#include "Logging.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>

namespace nestbox {

namespace {

constexpr qint64 kProgressWriteIntervalMs = 1000;

QVariant timeValue(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant();
}

QDateTime timeFrom(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

} // namespace

UploadQueue::UploadQueue(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , _path(databasePath.isEmpty() ? defaultDatabasePath() : databasePath)
    , _connectionName(QStringLiteral("nestbox-upload-queue-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

UploadQueue::~UploadQueue()
{
    if (_open) {
        // flush progress kept only in memory
        {
            QSqlDatabase db = QSqlDatabase::database(_connectionName);
            for (auto it = _items.cbegin(); it != _items.cend(); ++it)
                write(it.value());
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(_connectionName);
}

QString UploadQueue::defaultDatabasePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("uploads.sqlite"));
}

bool UploadQueue::open()
{
    if (_open)
        return true;
    QDir().mkpath(QFileInfo(_path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), _connectionName);
    db.setDatabaseName(_path);
    if (!db.open()) {
        _error = db.lastError().text();
        qCWarning(lcQueue) << "cannot open the upload queue" << _path << _error;
        return false;
    }
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    if (!q.exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS uploads ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " local_path TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL, mtime INTEGER,"
            " sha256 TEXT, upload_id TEXT, chunk_size INTEGER NOT NULL DEFAULT 0,"
            " state TEXT NOT NULL, bytes_done INTEGER NOT NULL DEFAULT 0, error TEXT, file_id TEXT,"
            " paused_for_auth INTEGER NOT NULL DEFAULT 0,"
            " created_at INTEGER, updated_at INTEGER, finished_at INTEGER)"))) {
        _error = q.lastError().text();
        return false;
    }
    if (!q.exec(QStringLiteral("SELECT id, local_path, name, size, mtime, sha256, upload_id, chunk_size, state,"
                               " bytes_done, error, file_id, paused_for_auth, created_at, updated_at, finished_at"
                               " FROM uploads ORDER BY id"))) {
        _error = q.lastError().text();
        return false;
    }
    while (q.next()) {
        UploadItem it;
        it.id = q.value(0).toLongLong();
        it.localPath = q.value(1).toString();
        it.name = q.value(2).toString();
        it.size = q.value(3).toLongLong();
        it.mtime = timeFrom(q.value(4));
        it.sha256 = q.value(5).toString();
        it.uploadId = q.value(6).toString();
        it.chunkSize = q.value(7).toLongLong();
        it.state = uploadStateFromName(q.value(8).toString());
        it.bytesDone = q.value(9).toLongLong();
        it.error = q.value(10).toString();
        it.fileId = q.value(11).toString();
        it.pausedForAuth = q.value(12).toBool();
        it.createdAt = timeFrom(q.value(13));
        it.updatedAt = timeFrom(q.value(14));
        it.finishedAt = timeFrom(q.value(15));
        _items.insert(it.id, it);
        _order.append(it.id);
    }
    _open = true;
    qCDebug(lcQueue) << "upload queue" << _path << "has" << _order.size() << "items";
    return true;
}

std::optional<UploadItem> UploadQueue::item(qint64 id) const
{
    const auto it = _items.constFind(id);
    if (it == _items.cend())
        return std::nullopt;
    return *it;
}

QList<UploadItem> UploadQueue::items() const
{
    QList<UploadItem> out;
    out.reserve(_order.size());
    for (qint64 id : _order)
        out.append(_items.value(id));
    return out;
}

qint64 UploadQueue::add(UploadItem item)
{
    if (!_open && !open())
        return 0;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    item.createdAt = now;
    item.updatedAt = now;
    QSqlQuery q(QSqlDatabase::database(_connectionName));
    q.prepare(QStringLiteral("INSERT INTO uploads (local_path, name, size, mtime, state, created_at, updated_at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(item.localPath);
    q.addBindValue(item.name);
    q.addBindValue(item.size);
    q.addBindValue(timeValue(item.mtime));
    q.addBindValue(uploadStateName(item.state));
    q.addBindValue(timeValue(now));
    q.addBindValue(timeValue(now));
    if (!q.exec()) {
        _error = q.lastError().text();
        qCWarning(lcQueue) << "cannot add to the upload queue:" << _error;
        return 0;
    }
    item.id = q.lastInsertId().toLongLong();
    write(item);
    _items.insert(item.id, item);
    _order.append(item.id);
    Q_EMIT itemAdded(item.id);
    return item.id;
}

bool UploadQueue::write(const UploadItem &item)
{
    QSqlQuery q(QSqlDatabase::database(_connectionName));
    q.prepare(QStringLiteral("UPDATE uploads SET local_path=?, name=?, size=?, mtime=?, sha256=?, upload_id=?,"
                             " chunk_size=?, state=?, bytes_done=?, error=?, file_id=?, paused_for_auth=?,"
                             " updated_at=?, finished_at=? WHERE id=?"));
    q.addBindValue(item.localPath);
    q.addBindValue(item.name);
    q.addBindValue(item.size);
    q.addBindValue(timeValue(item.mtime));
    q.addBindValue(item.sha256);
    q.addBindValue(item.uploadId);
    q.addBindValue(item.chunkSize);
    q.addBindValue(uploadStateName(item.state));
    q.addBindValue(item.bytesDone);
    q.addBindValue(item.error);
    q.addBindValue(item.fileId);
    q.addBindValue(item.pausedForAuth ? 1 : 0);
    q.addBindValue(timeValue(item.updatedAt));
    q.addBindValue(timeValue(item.finishedAt));
    q.addBindValue(item.id);
    if (!q.exec()) {
        _error = q.lastError().text();
        qCWarning(lcQueue) << "cannot write upload" << item.id << _error;
        return false;
    }
    _progressWrittenAtMs.insert(item.id, QDateTime::currentMSecsSinceEpoch());
    return true;
}

bool UploadQueue::update(const UploadItem &item)
{
    auto it = _items.find(item.id);
    if (it == _items.end())
        return false;
    UploadItem copy = item;
    copy.updatedAt = QDateTime::currentDateTimeUtc();
    const bool ok = write(copy);
    *it = copy;
    Q_EMIT itemChanged(item.id);
    return ok;
}

void UploadQueue::setBytesDone(qint64 id, qint64 bytesDone)
{
    auto it = _items.find(id);
    if (it == _items.end() || it->bytesDone == bytesDone)
        return;
    it->bytesDone = bytesDone;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - _progressWrittenAtMs.value(id) >= kProgressWriteIntervalMs) {
        it->updatedAt = QDateTime::currentDateTimeUtc();
        write(*it);
    }
    Q_EMIT itemChanged(id);
}

bool UploadQueue::remove(qint64 id)
{
    const int index = indexOf(id);
    if (index < 0)
        return false;
    Q_EMIT aboutToRemoveItem(id, index);
    QSqlQuery q(QSqlDatabase::database(_connectionName));
    q.prepare(QStringLiteral("DELETE FROM uploads WHERE id=?"));
    q.addBindValue(id);
    const bool ok = q.exec();
    _items.remove(id);
    _progressWrittenAtMs.remove(id);
    _order.removeAt(index);
    Q_EMIT itemRemoved(id, index);
    return ok;
}

void UploadQueue::removeFinished()
{
    const QList<qint64> ids = _order;
    for (qint64 id : ids) {
        if (_items.value(id).isFinal())
            remove(id);
    }
}

} // namespace nestbox
