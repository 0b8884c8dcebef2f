#pragma once

#include "UploadItem.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace nestbox {

// The persistent upload queue: one row per file in a SQLite database (Qt Sql, QSQLITE), kept in
// memory too, written through on every change so that quitting, a crash or a reboot loses
// nothing. Default location AppDataLocation/uploads.sqlite. GUI thread.
class UploadQueue : public QObject {
    Q_OBJECT

public:
    explicit UploadQueue(const QString &databasePath = {}, QObject *parent = nullptr);
    ~UploadQueue() override;

    static QString defaultDatabasePath();

    // Opens (creating the schema if needed) and loads every row. False + errorString() on failure.
    bool open();
    bool isOpen() const { return _open; }
    QString errorString() const { return _error; }
    QString databasePath() const { return _path; }

    // Items in queue order (oldest first).
    QList<qint64> ids() const { return _order; }
    int count() const { return int(_order.size()); }
    int indexOf(qint64 id) const { return int(_order.indexOf(id)); }
    bool contains(qint64 id) const { return _items.contains(id); }
    std::optional<UploadItem> item(qint64 id) const;
    UploadItem itemAt(int index) const { return _items.value(_order.value(index)); }
    QList<UploadItem> items() const;

    // Adds a row (id, createdAt, updatedAt are set); returns its id, 0 on failure.
    qint64 add(UploadItem item);
    // Writes the whole row.
    bool update(const UploadItem &item);
    // Progress only: kept in memory at once, written to the database at most every second per
    // item (and always by update()), since the server is the truth about received chunks.
    void setBytesDone(qint64 id, qint64 bytesDone);
    bool remove(qint64 id);
    // Removes every Done/Instant/Canceled item.
    void removeFinished();

Q_SIGNALS:
    void itemAdded(qint64 id);
    void itemChanged(qint64 id);
    void itemRemoved(qint64 id, int index);
    void aboutToRemoveItem(qint64 id, int index);

private:
    bool write(const UploadItem &item);

    QString _path;
    QString _connectionName;
    QString _error;
    QHash<qint64, UploadItem> _items;
    QHash<qint64, qint64> _progressWrittenAtMs;
    QList<qint64> _order;
    bool _open = false;
};

} // namespace nestbox
