#pragma once

#include <QIcon>
#include <QSize>
#include <QStyledItemDelegate>

namespace nestbox {

// Paints one cell of the timeline grid: the thumbnail (or a placeholder with the file's kind while
// it loads, or for files without one) fitted into a square, a play badge on videos, the month chip
// on the first item of a month, and the name below. Every cell has the same size (cellSize()), so
// the view can lay out 100,000 items without asking for size hints. Reads only the model's roles;
// never blocks. GUI thread.
class ThumbnailDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit ThumbnailDelegate(QObject *parent = nullptr);

    void setThumbnailSize(int pixels);
    int thumbnailSize() const { return _thumbnailSize; }
    QSize cellSize() const;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Re-creates the placeholder icons (after a palette change).
    void refreshIcons();

private:
    QRect thumbnailRect(const QRect &cell) const;

    int _thumbnailSize = 150;
    QIcon _photoIcon;
    QIcon _videoIcon;
    QIcon _fileIcon;
};

} // namespace nestbox
