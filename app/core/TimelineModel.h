#pragma once

#include "ApiError.h"

#include <QAbstractListModel>
#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QVector>

namespace nestbox {

class ApiClient;
class ListFilesJob;
class ThumbnailLoader;

// The user's library as a flat list for the timeline grid. Pages GET /files lazily through
// canFetchMore()/fetchMore() (keyset cursor), in the chosen sort, name search and kind filter.
// Each row knows the month it belongs to (capture date when sorted by date taken, upload date when
// sorted by upload) and whether it starts that month, so a view can draw month headers.
// data(Qt::DecorationRole) never blocks: a QPixmapCache hit, the loader's memory cache, or nothing
// (the delegate draws a placeholder); requestThumbnails() is how a view asks for its visible rows.
// GUI thread.
class TimelineModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // QString
        NameRole,                  // QString
        SizeRole,                  // qint64
        MimeRole,                  // QString
        KindRole,                  // QString: image, video, other
        Sha256Role,                // QString
        TakenAtRole,               // QDateTime (UTC)
        UploadedAtRole,            // QDateTime (UTC)
        WidthRole,                 // int, 0 when unknown
        HeightRole,                // int
        ThumbnailStateRole,        // QString: ready, pending, none
        SectionDateRole,           // QDate, first day of the row's month (invalid when sorted by name)
        SectionTextRole,           // QString, "March 2024" in the UI language
        SectionStartRole,          // bool, first row of its month
        HasThumbnailRole,          // bool, a thumbnail is on hand (DecorationRole is not null)
    };
    Q_ENUM(Role)

    enum class Sort { Taken, Uploaded, Name };
    Q_ENUM(Sort)
    enum class KindFilter { All, Photos, Videos, Other };
    Q_ENUM(KindFilter)

    struct Item {
        QString id;
        QString name;
        QString mime;
        QString kind;
        QString sha256;
        QString thumbnail;
        QDateTime takenAt;
        QDateTime uploadedAt;
        QDate section;
        qint64 size = 0;
        int width = 0;
        int height = 0;
        bool sectionStart = false;
    };

    static constexpr int kDefaultPageSize = 500;
    static constexpr int kGridThumbnailSize = 256;

    explicit TimelineModel(ApiClient *client, QObject *parent = nullptr);
    ~TimelineModel() override;

    void setThumbnailLoader(ThumbnailLoader *loader);
    ThumbnailLoader *thumbnailLoader() const { return _loader; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    Sort sort() const { return _sort; }
    Qt::SortOrder order() const { return _order; }
    QString nameFilter() const { return _nameFilter; }
    KindFilter kindFilter() const { return _kindFilter; }
    void setSort(Sort sort, Qt::SortOrder order);
    void setNameFilter(const QString &text);
    void setKindFilter(KindFilter kind);
    void setPageSize(int rows);
    int pageSize() const { return _pageSize; }

    bool isLoading() const { return !_job.isNull(); }
    // Every page has arrived (next_cursor was null).
    bool isComplete() const { return _started && _nextCursor.isEmpty() && _job.isNull() && !_failed; }
    ApiError lastError() const { return _lastError; }

    const Item &itemAt(int row) const { return _items.at(row); }
    int rowOfId(const QString &fileId) const { return _rowById.value(fileId, -1); }
    QStringList idsOfRows(const QList<int> &rows) const;

    // Asks the loader for rows [first, last] first, then the rows up to `margin` either side.
    void requestThumbnails(int first, int last, int margin);
    // Drops cached pixmaps of rows outside [first - margin, last + margin] (far away from the view).
    void releaseThumbnailsOutside(int first, int last, int margin);
    int cachedPixmapCount() const { return int(_pixmapIds.size()); }

    // Local updates once the server said yes (rename answers the new File, delete 204).
    void updateFile(const QJsonObject &file);
    void removeFile(const QString &fileId);

    // "March 2024" / "2024年3月".
    static QString sectionText(const QDate &month);
    static Item itemFromJson(const QJsonObject &file);

public Q_SLOTS:
    // Drops everything and loads the first page again (the same sort and filters).
    void reload();
    // Empties the model without loading (signed out).
    void clear();

Q_SIGNALS:
    void loadingChanged(bool loading);
    void loadFailed(const nestbox::ApiError &error);
    void pageLoaded(int rowsAdded, bool complete);
    void cleared();

private:
    void requestPage();
    void onPageFinished();
    void onThumbnailReady(const QString &fileId, int size, const QImage &image);
    void onThumbnailUnavailable(const QString &fileId, int size);
    void assignSection(int row);
    QDateTime sectionDateTime(const Item &item) const;
    QString pixmapKey(const Item &item) const;
    void rebuildIndex();

    ApiClient *_client;
    ThumbnailLoader *_loader = nullptr;
    QVector<Item> _items;
    QHash<QString, int> _rowById;
    QSet<QString> _pixmapIds; // ids whose pixmap this model put in QPixmapCache
    QPointer<ListFilesJob> _job;
    QString _nextCursor;
    Sort _sort = Sort::Taken;
    Qt::SortOrder _order = Qt::DescendingOrder;
    QString _nameFilter;
    KindFilter _kindFilter = KindFilter::All;
    ApiError _lastError;
    int _pageSize = kDefaultPageSize;
    bool _started = false;
    bool _failed = false;
};

} // namespace nestbox
