#include "TimelineView.h"

#include "ThumbnailDelegate.h"
#include "TimelineModel.h"

#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>

namespace nestbox {

namespace {
constexpr int kHeaderHeight = 34;
constexpr int kSpacing = 4;
} // namespace

TimelineView::TimelineView(QWidget *parent)
    : QListView(parent)
    , _delegate(new ThumbnailDelegate(this))
    , _header(new QLabel(this))
{
    setObjectName(QStringLiteral("timelineView"));
    // A wrapping left-to-right list of uniform cells: the same grid IconMode draws, but laid out
    // arithmetically. IconMode keeps a rectangle per item in a BSP tree and rebuilds it for every
    // item each time a page of rows arrives, which made a 100,000-file album take minutes to page
    // in (bench/app: nestbox-grid-bench).
    setViewMode(QListView::ListMode);
    setMovement(QListView::Static);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setResizeMode(QListView::Adjust);
    setUniformItemSizes(true);
    // One pass: with uniform cells the layout of 100,000 rows is a few milliseconds of arithmetic,
    // while batches would spread each page's relayout over dozens of event-loop turns.
    setLayoutMode(QListView::SinglePass);
    setSpacing(kSpacing);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionRectVisible(true);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setDragDropMode(QAbstractItemView::NoDragDrop);
    setAcceptDrops(false);
    viewport()->setAcceptDrops(false);
    setMouseTracking(true);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setFrameShape(QFrame::NoFrame);
    setItemDelegate(_delegate);
    setGridSize(_delegate->cellSize() + QSize(kSpacing, kSpacing));

    QFont headerFont = _header->font();
    headerFont.setPointSizeF(headerFont.pointSizeF() * 1.15);
    headerFont.setWeight(QFont::DemiBold);
    _header->setFont(headerFont);
    _header->setObjectName(QStringLiteral("timelineHeader"));
    _header->setContentsMargins(12, 0, 12, 0);
    _header->setAutoFillBackground(true);
    _header->setBackgroundRole(QPalette::Window);
    setViewportMargins(0, kHeaderHeight, 0, 0);

    _thumbnailTimer.setSingleShot(true);
    _thumbnailTimer.setInterval(kThumbnailDelayMs);
    connect(&_thumbnailTimer, &QTimer::timeout, this, &TimelineView::updateThumbnails);
    connect(this, &QListView::activated, this, [this](const QModelIndex &index) { Q_EMIT activatedRow(index.row()); });
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, &TimelineView::scheduleThumbnails);
}

void TimelineView::setTimelineModel(TimelineModel *model)
{
    _model = model;
    setModel(model);
    connect(model, &QAbstractItemModel::rowsInserted, this, &TimelineView::scheduleThumbnails);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &TimelineView::scheduleThumbnails);
    connect(model, &QAbstractItemModel::modelReset, this, &TimelineView::scheduleThumbnails);
    connect(model, &QAbstractItemModel::rowsInserted, this, &TimelineView::updateHeader);
    connect(model, &QAbstractItemModel::modelReset, this, &TimelineView::updateHeader);
    connect(model, &TimelineModel::loadingChanged, viewport(), qOverload<>(&QWidget::update));
    updateHeader();
}

void TimelineView::setEmptyText(const QString &title, const QString &hint)
{
    _emptyTitle = title;
    _emptyHint = hint;
    viewport()->update();
}

void TimelineView::setThumbnailSize(int pixels)
{
    _delegate->setThumbnailSize(pixels);
    setGridSize(_delegate->cellSize() + QSize(kSpacing, kSpacing));
    scheduleThumbnails();
}

QPair<int, int> TimelineView::visibleRows() const
{
    if (!_model || _model->rowCount() == 0)
        return {-1, -1};
    const QRect area = viewport()->rect();
    const QSize grid = gridSize();
    // Probe cell centres from the top-left and the bottom-right; gaps between cells answer invalid.
    int first = -1;
    for (int y = grid.height() / 2; y < area.height() + grid.height() && first < 0; y += grid.height() / 2)
        for (int x = grid.width() / 2; x < area.width() && first < 0; x += grid.width() / 2)
            first = indexAt(QPoint(x, std::min(y, area.height() - 1))).row();
    if (first < 0)
        first = 0;
    int last = -1;
    for (int y = area.height() - 1; y > -grid.height() && last < 0; y -= grid.height() / 2)
        for (int x = area.width() - 1; x > 0 && last < 0; x -= grid.width() / 2)
            last = indexAt(QPoint(x, std::max(y, 0))).row();
    if (last < 0)
        last = _model->rowCount() - 1;
    return {first, std::max(first, last)};
}

QList<int> TimelineView::selectedRows() const
{
    QList<int> rows;
    const auto indexes = selectionModel() ? selectionModel()->selectedIndexes() : QModelIndexList();
    for (const QModelIndex &index : indexes)
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString TimelineView::headerText() const
{
    return _header->isVisible() ? _header->text() : QString();
}

void TimelineView::scheduleThumbnails()
{
    // Scrolling only restarts the timer: no work for rows that fly past.
    _thumbnailTimer.start();
}

void TimelineView::updateThumbnails()
{
    if (!_model)
        return;
    const auto [first, last] = visibleRows();
    if (first < 0)
        return;
    const int perScreen = last - first + 1;
    _model->requestThumbnails(first, last, perScreen * 2);
    _model->releaseThumbnailsOutside(first, last, perScreen * 6);
}

void TimelineView::updateHeader()
{
    const bool empty = !_model || _model->rowCount() == 0;
    if (viewportMargins().top() != (empty ? 0 : kHeaderHeight)) {
        setViewportMargins(0, empty ? 0 : kHeaderHeight, 0, 0);
        layoutHeader();
    }
    _header->setVisible(!empty);
    if (empty) {
        _header->setText(QString());
        return;
    }
    const int row = visibleRows().first;
    const QString month = row >= 0 ? _model->index(row).data(TimelineModel::SectionTextRole).toString() : QString();
    if (!month.isEmpty()) {
        _header->setText(month);
        return;
    }
    const int count = _model->rowCount();
    _header->setText(_model->isComplete() ? tr("%n item(s)", nullptr, count) : tr("%n item(s) so far", nullptr, count));
}

void TimelineView::layoutHeader()
{
    const QRect area = viewport()->geometry();
    _header->setGeometry(area.left(), area.top() - kHeaderHeight, area.width(), kHeaderHeight);
}

void TimelineView::paintEvent(QPaintEvent *event)
{
    if (_model && _model->rowCount() == 0 && !_emptyTitle.isEmpty()) {
        QPainter painter(viewport());
        const QRect area = viewport()->rect().adjusted(40, 0, -40, 0);
        QFont titleFont = font();
        titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
        titleFont.setWeight(QFont::DemiBold);
        const bool loading = _model->isLoading();
        painter.setFont(titleFont);
        painter.setPen(palette().color(QPalette::Text));
        const QRect titleRect(area.left(), area.center().y() - 40, area.width(), 36);
        painter.drawText(titleRect, Qt::AlignCenter, loading ? tr("Loading your album…") : _emptyTitle);
        if (!loading) {
            painter.setFont(font());
            painter.setPen(palette().color(QPalette::PlaceholderText));
            painter.drawText(QRect(area.left(), titleRect.bottom() + 6, area.width(), 60),
                             Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, _emptyHint);
        }
        return;
    }
    QListView::paintEvent(event);
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    layoutHeader();
    scheduleThumbnails();
}

void TimelineView::scrollContentsBy(int dx, int dy)
{
    QListView::scrollContentsBy(dx, dy);
    updateHeader();
    scheduleThumbnails();
}

void TimelineView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        _delegate->refreshIcons();
    if (event->type() == QEvent::FontChange)
        setGridSize(_delegate->cellSize() + QSize(kSpacing, kSpacing));
    if (event->type() == QEvent::LanguageChange) {
        // Month headers and captions are drawn in the language (and locale) now installed.
        updateHeader();
        viewport()->update();
    }
    QListView::changeEvent(event);
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && currentIndex().isValid()) {
        Q_EMIT activatedRow(currentIndex().row());
        return;
    }
    QListView::keyPressEvent(event);
}

} // namespace nestbox
