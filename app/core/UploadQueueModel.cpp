#include "UploadQueueModel.h"

#include "UploadEngine.h"
#include "UploadQueue.h"

namespace nestbox {

UploadQueueModel::UploadQueueModel(UploadQueue *queue, UploadEngine *engine, QObject *parent)
    : QAbstractListModel(parent)
    , _queue(queue)
    , _engine(engine)
    , _rows(queue->count())
{
    connect(_queue, &UploadQueue::itemAdded, this, [this](qint64) {
        // the queue only ever appends
        beginInsertRows(QModelIndex(), _rows, _rows);
        _rows = _queue->count();
        endInsertRows();
    });
    connect(_queue, &UploadQueue::aboutToRemoveItem, this, [this](qint64, int index) {
        beginRemoveRows(QModelIndex(), index, index);
    });
    connect(_queue, &UploadQueue::itemRemoved, this, [this](qint64, int) {
        _rows = _queue->count();
        endRemoveRows();
    });
    connect(_queue, &UploadQueue::itemChanged, this, &UploadQueueModel::onChanged);
    if (_engine)
        connect(_engine, &UploadEngine::progressChanged, this, &UploadQueueModel::onChanged);
}

int UploadQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : _rows;
}

qint64 UploadQueueModel::idAt(int row) const
{
    return _queue->ids().value(row);
}

QModelIndex UploadQueueModel::indexOfId(qint64 id) const
{
    const int row = _queue->indexOf(id);
    return row < 0 || row >= _rows ? QModelIndex() : index(row);
}

void UploadQueueModel::onChanged(qint64 id)
{
    const QModelIndex i = indexOfId(id);
    if (i.isValid())
        Q_EMIT dataChanged(i, i);
}

QVariant UploadQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UploadItem item = _queue->itemAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return item.name;
    case Qt::ToolTipRole:
    case PathRole:
        return item.localPath;
    case IdRole:
        return item.id;
    case SizeRole:
        return item.size;
    case BytesDoneRole:
        return item.bytesDone;
    case ProgressRole:
        return item.progress();
    case SpeedRole:
        return _engine ? _engine->speed(item.id) : qint64(0);
    case EtaRole:
        return _engine ? _engine->eta(item.id) : qint64(-1);
    case StateRole:
        return int(item.state);
    case StateTextRole:
        return uploadStateDisplayName(item.state);
    case ErrorRole:
        return item.error;
    case IsInstantRole:
        return item.state == UploadState::Instant;
    case FileIdRole:
        return item.fileId;
    default:
        return {};
    }
}

QHash<int, QByteArray> UploadQueueModel::roleNames() const
{
    QHash<int, QByteArray> roles = QAbstractListModel::roleNames();
    roles.insert(IdRole, "uploadId");
    roles.insert(NameRole, "name");
    roles.insert(PathRole, "path");
    roles.insert(SizeRole, "size");
    roles.insert(BytesDoneRole, "bytesDone");
    roles.insert(ProgressRole, "progress");
    roles.insert(SpeedRole, "speed");
    roles.insert(EtaRole, "eta");
    roles.insert(StateRole, "state");
    roles.insert(StateTextRole, "stateText");
    roles.insert(ErrorRole, "error");
    roles.insert(IsInstantRole, "isInstant");
    roles.insert(FileIdRole, "fileId");
    return roles;
}

} // namespace nestbox
