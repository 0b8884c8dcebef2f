#include "TimelineModel.h"

#include "ApiClient.h"
#include "ListFilesJob.h"
#include "ThumbnailLoader.h"
#include "ThumbnailLogging.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>
#include <QPixmap>
#include <QPixmapCache>

#include <algorithm>

namespace nestbox {

namespace {
QDateTime parseTime(const QJsonValue &value)
{
    const QString text = value.toString();
    if (text.isEmpty())
        return {};
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    return time.toUTC();
}
} // namespace

TimelineModel::TimelineModel(ApiClient *client, QObject *parent)
    : QAbstractListModel(parent)
    , _client(client)
{
}

TimelineModel::~TimelineModel()
{
    if (_job)
        _job->abort();
}

void TimelineModel::setThumbnailLoader(ThumbnailLoader *loader)
{
    if (_loader)
        disconnect(_loader, nullptr, this, nullptr);
    _loader = loader;
    if (_loader) {
        connect(_loader, &ThumbnailLoader::thumbnailReady, this, &TimelineModel::onThumbnailReady);
        connect(_loader, &ThumbnailLoader::thumbnailUnavailable, this, &TimelineModel::onThumbnailUnavailable);
    }
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(_items.size());
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item &item = _items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case NameRole:
        return item.name;
    case Qt::DecorationRole:
    case HasThumbnailRole: {
        if (item.sha256.isEmpty())
            return role == HasThumbnailRole ? QVariant(false) : QVariant();
        const QString key = pixmapKey(item);
        QPixmap pixmap;
        if (!QPixmapCache::find(key, &pixmap) && _loader) {
            const QImage image = _loader->cachedImage(item.sha256, kGridThumbnailSize);
            if (!image.isNull()) {
                pixmap = QPixmap::fromImage(image);
                QPixmapCache::insert(key, pixmap);
                const_cast<TimelineModel *>(this)->_pixmapIds.insert(item.id);
            }
        }
        if (role == HasThumbnailRole)
            return !pixmap.isNull();
        return pixmap.isNull() ? QVariant() : QVariant(pixmap);
    }
    case IdRole:
        return item.id;
    case SizeRole:
        return item.size;
    case MimeRole:
        return item.mime;
    case KindRole:
        return item.kind;
    case Sha256Role:
        return item.sha256;
    case TakenAtRole:
        return item.takenAt;
    case UploadedAtRole:
        return item.uploadedAt;
    case WidthRole:
        return item.width;
    case HeightRole:
        return item.height;
    case ThumbnailStateRole:
        return item.thumbnail;
    case SectionDateRole:
        return item.section;
    case SectionTextRole:
        return item.section.isValid() ? sectionText(item.section) : QString();
    case SectionStartRole:
        return item.sectionStart;
    default:
        return {};
    }
}

QHash<int, QByteArray> TimelineModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "fileId");
    names.insert(NameRole, "name");
    names.insert(SizeRole, "size");
    names.insert(MimeRole, "mime");
    names.insert(KindRole, "kind");
    names.insert(Sha256Role, "sha256");
    names.insert(TakenAtRole, "takenAt");
    names.insert(UploadedAtRole, "uploadedAt");
    names.insert(WidthRole, "width");
    names.insert(HeightRole, "height");
    names.insert(ThumbnailStateRole, "thumbnailState");
    names.insert(SectionDateRole, "sectionDate");
    names.insert(SectionTextRole, "sectionText");
    names.insert(SectionStartRole, "sectionStart");
    names.insert(HasThumbnailRole, "hasThumbnail");
    return names;
}

bool TimelineModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() || _failed || !_job.isNull() || !_client || !_client->hasToken())
        return false;
    return !_started || !_nextCursor.isEmpty();
}

void TimelineModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage();
}

void TimelineModel::setSort(Sort sort, Qt::SortOrder order)
{
    if (sort == _sort && order == _order)
        return;
    _sort = sort;
    _order = order;
    reload();
}

void TimelineModel::setNameFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == _nameFilter)
        return;
    _nameFilter = trimmed;
    reload();
}

void TimelineModel::setKindFilter(KindFilter kind)
{
    if (kind == _kindFilter)
        return;
    _kindFilter = kind;
    reload();
}

void TimelineModel::setPageSize(int rows)
{
    _pageSize = std::clamp(rows, 1, 1000);
}

QStringList TimelineModel::idsOfRows(const QList<int> &rows) const
{
    QStringList ids;
    for (int row : rows)
        if (row >= 0 && row < _items.size())
            ids.append(_items.at(row).id);
    return ids;
}

void TimelineModel::clear()
{
    if (_job)
        _job->abort();
    beginResetModel();
    _items.clear();
    _rowById.clear();
    _pixmapIds.clear();
    _nextCursor.clear();
    _started = false;
    _failed = false;
    _lastError = {};
    endResetModel();
    Q_EMIT cleared();
    Q_EMIT loadingChanged(false);
}

void TimelineModel::reload()
{
    clear();
    if (_client && _client->hasToken())
        requestPage();
}

void TimelineModel::requestPage()
{
    static const QString kSorts[] = {QStringLiteral("taken"), QStringLiteral("uploaded"), QStringLiteral("name")};
    static const QString kKinds[] = {QString(), QStringLiteral("image"), QStringLiteral("video"), QStringLiteral("other")};
    const QString order = _order == Qt::AscendingOrder ? QStringLiteral("asc") : QStringLiteral("desc");
    _failed = false;
    _job = new ListFilesJob(_client, kSorts[int(_sort)], order, _nameFilter, kKinds[int(_kindFilter)], _pageSize,
                            _nextCursor, this);
    connect(_job, &AbstractApiJob::finished, this, &TimelineModel::onPageFinished);
    qCDebug(lcTimeline) << "fetching a page after" << _items.size() << "rows";
    _job->start();
    Q_EMIT loadingChanged(true);
}

void TimelineModel::onPageFinished()
{
    ListFilesJob *job = qobject_cast<ListFilesJob *>(sender());
    if (!job || job != _job)
        return;
    _job.clear();
    if (!job->succeeded()) {
        _failed = true;
        _lastError = job->error();
        qCWarning(lcTimeline) << "cannot list files:" << _lastError.toString();
        Q_EMIT loadingChanged(false);
        Q_EMIT loadFailed(_lastError);
        return;
    }
    _started = true;
    _nextCursor = job->nextCursor();
    const QJsonArray items = job->items();
    const int first = int(_items.size());
    if (!items.isEmpty()) {
        beginInsertRows({}, first, first + int(items.size()) - 1);
        _items.reserve(first + items.size());
        for (const QJsonValue &value : items) {
            _items.append(itemFromJson(value.toObject()));
            const int row = int(_items.size()) - 1;
            _rowById.insert(_items.last().id, row);
            assignSection(row);
        }
        endInsertRows();
    }
    Q_EMIT loadingChanged(false);
    Q_EMIT pageLoaded(int(items.size()), _nextCursor.isEmpty());
}

TimelineModel::Item TimelineModel::itemFromJson(const QJsonObject &file)
{
    Item item;
    item.id = file.value(QLatin1String("id")).toString();
    item.name = file.value(QLatin1String("name")).toString();
    item.mime = file.value(QLatin1String("mime")).toString();
    item.kind = file.value(QLatin1String("kind")).toString();
    if (item.kind.isEmpty())
        item.kind = item.mime.startsWith(QLatin1String("image/"))   ? QStringLiteral("image")
                    : item.mime.startsWith(QLatin1String("video/")) ? QStringLiteral("video")
                                                                     : QStringLiteral("other");
    item.sha256 = file.value(QLatin1String("sha256")).toString();
    item.thumbnail = file.value(QLatin1String("thumbnail")).toString();
    item.takenAt = parseTime(file.value(QLatin1String("taken_at")));
    item.uploadedAt = parseTime(file.value(QLatin1String("uploaded_at")));
    item.size = file.value(QLatin1String("size")).toInteger();
    item.width = file.value(QLatin1String("width")).toInt();
    item.height = file.value(QLatin1String("height")).toInt();
    return item;
}

QDateTime TimelineModel::sectionDateTime(const Item &item) const
{
    switch (_sort) {
    case Sort::Taken:
        return item.takenAt.isValid() ? item.takenAt : item.uploadedAt;
    case Sort::Uploaded:
        return item.uploadedAt;
    case Sort::Name:
        break;
    }
    return {};
}

void TimelineModel::assignSection(int row)
{
    Item &item = _items[row];
    const QDateTime when = sectionDateTime(item);
    if (!when.isValid()) {
        item.section = {};
        item.sectionStart = false;
        return;
    }
    const QDate local = when.toLocalTime().date();
    item.section = QDate(local.year(), local.month(), 1);
    item.sectionStart = row == 0 || _items.at(row - 1).section != item.section;
}

QString TimelineModel::sectionText(const QDate &month)
{
    //: QDate::toString() pattern of a month header in the timeline ("March 2024"); zh_CN: yyyy年M月
    const QString pattern = QCoreApplication::translate("nestbox::TimelineModel", "MMMM yyyy");
    return QLocale().toString(month, pattern);
}

QString TimelineModel::pixmapKey(const Item &item) const
{
    return QStringLiteral("timeline:") + item.sha256;
}

void TimelineModel::requestThumbnails(int first, int last, int margin)
{
    if (!_loader || _items.isEmpty())
        return;
    const int count = int(_items.size());
    first = std::clamp(first, 0, count - 1);
    last = std::clamp(last, first, count - 1);
    QList<ThumbnailRequest> wanted;
    auto want = [&](int row) {
        const Item &item = _items.at(row);
        if (item.thumbnail == QLatin1String("none") || item.sha256.isEmpty())
            return;
        if (QPixmapCache::find(pixmapKey(item), static_cast<QPixmap *>(nullptr)))
            return;
        wanted.append({item.id, item.sha256, kGridThumbnailSize});
    };
    for (int row = first; row <= last; ++row)
        want(row);
    // Then outwards, below first (the usual scroll direction) and above.
    for (int step = 1; step <= margin; ++step) {
        if (last + step < count)
            want(last + step);
        if (first - step >= 0)
            want(first - step);
    }
    _loader->setWanted(wanted);
}

void TimelineModel::releaseThumbnailsOutside(int first, int last, int margin)
{
    const int low = first - margin;
    const int high = last + margin;
    for (auto it = _pixmapIds.begin(); it != _pixmapIds.end();) {
        const int row = _rowById.value(*it, -1);
        if (row >= low && row <= high) {
            ++it;
            continue;
        }
        if (row >= 0)
            QPixmapCache::remove(pixmapKey(_items.at(row)));
        it = _pixmapIds.erase(it);
    }
}

void TimelineModel::onThumbnailReady(const QString &fileId, int size, const QImage &image)
{
    if (size != kGridThumbnailSize)
        return;
    const int row = rowOfId(fileId);
    if (row < 0)
        return;
    QPixmapCache::insert(pixmapKey(_items.at(row)), QPixmap::fromImage(image));
    _pixmapIds.insert(fileId);
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {Qt::DecorationRole, HasThumbnailRole});
}

void TimelineModel::onThumbnailUnavailable(const QString &fileId, int size)
{
    if (size != kGridThumbnailSize)
        return;
    const int row = rowOfId(fileId);
    if (row < 0)
        return;
    _items[row].thumbnail = QStringLiteral("none");
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {ThumbnailStateRole});
}

void TimelineModel::updateFile(const QJsonObject &file)
{
    Item updated = itemFromJson(file);
    const int row = rowOfId(updated.id);
    if (row < 0)
        return;
    updated.section = _items.at(row).section;
    updated.sectionStart = _items.at(row).sectionStart;
    _items[row] = updated;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed);
}

void TimelineModel::removeFile(const QString &fileId)
{
    const int row = rowOfId(fileId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    _items.removeAt(row);
    _pixmapIds.remove(fileId);
    endRemoveRows();
    rebuildIndex();
    if (row < _items.size()) {
        const bool wasStart = _items.at(row).sectionStart;
        assignSection(row);
        if (wasStart != _items.at(row).sectionStart) {
            const QModelIndex changed = index(row);
            Q_EMIT dataChanged(changed, changed, {SectionStartRole});
        }
    }
}

void TimelineModel::rebuildIndex()
{
    _rowById.clear();
    _rowById.reserve(_items.size());
    for (int row = 0; row < _items.size(); ++row)
        _rowById.insert(_items.at(row).id, row);
}

} // namespace nestbox
