#pragma once

#include <QStyledItemDelegate>

namespace nestbox {

class LocalPreviewProvider;

// One row of the upload panel: a small preview, the name, "size · speed · time left" or the
// state (or the error), a progress bar, and buttons for what can be done with the file now
// (pause or resume, retry, cancel). A click on a button emits actionTriggered(). GUI thread.
class UploadItemDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    enum class Action { Pause, Resume, Retry, Cancel };
    Q_ENUM(Action)

    explicit UploadItemDelegate(LocalPreviewProvider *previews, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // The buttons a row offers in its state, left to right.
    static QList<Action> actionsFor(int state);
    static QString actionText(Action action);
    // "1.2 MB/s", "3 min left" in the UI language.
    static QString speedText(qint64 bytesPerSecond);
    static QString etaText(qint64 seconds);

Q_SIGNALS:
    void actionTriggered(const QModelIndex &index, nestbox::UploadItemDelegate::Action action);

private:
    QRect buttonRect(const QRect &row, int position, int count) const;

    LocalPreviewProvider *_previews;
};

} // namespace nestbox
