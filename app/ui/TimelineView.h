#pragma once

#include <QListView>
#include <QTimer>

class QLabel;

namespace nestbox {

class ThumbnailDelegate;
class TimelineModel;

// The timeline grid (after gwenview's ThumbnailView): a wrapping QListView with uniform cells,
// a ThumbnailDelegate, and a sticky header above the grid naming the month at the top of the
// view. Scrolling only restarts a short timer; when it fires the visible rows are asked for first
// (then a margin around them) and pixmaps far from the view are dropped, so memory stays bounded
// however far the user scrolls. Shows a friendly empty state when there is nothing. GUI thread.
class TimelineView : public QListView {
    Q_OBJECT

public:
    static constexpr int kThumbnailDelayMs = 60;

    explicit TimelineView(QWidget *parent = nullptr);

    void setTimelineModel(TimelineModel *model);
    TimelineModel *timelineModel() const { return _model; }
    ThumbnailDelegate *thumbnailDelegate() const { return _delegate; }

    // Rows currently on screen (first, last), or (-1, -1).
    QPair<int, int> visibleRows() const;
    QList<int> selectedRows() const;
    // The text of the sticky month header (empty when hidden).
    QString headerText() const;
    void setEmptyText(const QString &title, const QString &hint);
    void setThumbnailSize(int pixels);

Q_SIGNALS:
    void activatedRow(int row);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void scheduleThumbnails();
    void updateThumbnails();
    void updateHeader();
    void layoutHeader();

    TimelineModel *_model = nullptr;
    ThumbnailDelegate *_delegate;
    QLabel *_header;
    QTimer _thumbnailTimer;
    QString _emptyTitle;
    QString _emptyHint;
};

} // namespace nestbox
