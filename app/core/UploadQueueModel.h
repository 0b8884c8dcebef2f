#pragma once

#include <QAbstractListModel>

namespace nestbox {

class UploadEngine;
class UploadQueue;

// A list model over the UploadQueue for the upload panel: one row per queued file, in queue
// order. Speed and time left come from the UploadEngine when one is given. GUI thread.
class UploadQueueModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // qint64, the queue id (for UploadEngine calls)
        NameRole,                  // QString
        PathRole,                  // QString, local path
        SizeRole,                  // qint64 bytes
        BytesDoneRole,             // qint64 bytes
        ProgressRole,              // double 0..1
        SpeedRole,                 // qint64 bytes/s (0 when not sending)
        EtaRole,                   // qint64 seconds (-1 when unknown)
        StateRole,                 // int (nestbox::UploadState)
        StateTextRole,             // QString, translated state
        ErrorRole,                 // QString
        IsInstantRole,             // bool
        FileIdRole,                // QString, the server's file id once done
    };
    Q_ENUM(Role)

    explicit UploadQueueModel(UploadQueue *queue, UploadEngine *engine = nullptr, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    qint64 idAt(int row) const;
    QModelIndex indexOfId(qint64 id) const;

private:
    void onChanged(qint64 id);

    UploadQueue *_queue;
    UploadEngine *_engine;
    int _rows = 0;
};

} // namespace nestbox
