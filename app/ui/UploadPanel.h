#pragma once

#include "UploadItemDelegate.h"

#include <QWidget>

class QLabel;
class QListView;
class QToolButton;

namespace nestbox {

class LocalPreviewProvider;
class UploadEngine;
class UploadQueueModel;

// The upload queue as the user sees it (in a dock at the bottom of the main window): a summary
// line, pause-all / resume-all / retry-all / clear-finished, and one row per file with its own
// pause/resume, retry and cancel buttons (UploadItemDelegate), plus a context menu. Forwards every
// intent to the UploadEngine. GUI thread.
class UploadPanel : public QWidget {
    Q_OBJECT

public:
    UploadPanel(UploadEngine *engine, UploadQueueModel *model, QWidget *parent = nullptr);

    QListView *view() const { return _view; }
    // "3 of 10 uploaded · 1.2 MB/s" (for the tray too).
    QString summaryText() const;
    // Files done / all files in the queue, and the overall fraction of bytes.
    int finishedCount() const;
    int totalCount() const;
    double overallProgress() const;
    bool hasActiveUploads() const;

Q_SIGNALS:
    void summaryChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateButtons();
    void onAction(const QModelIndex &index, nestbox::UploadItemDelegate::Action action);
    void showContextMenu(const QPoint &position);
    void updateSummary();
    QList<qint64> selectedIds() const;

    UploadEngine *_engine;
    UploadQueueModel *_model;
    LocalPreviewProvider *_previews;
    UploadItemDelegate *_delegate;
    QListView *_view;
    QLabel *_summary;
    QToolButton *_pauseAll;
    QToolButton *_resumeAll;
    QToolButton *_retryAll;
    QToolButton *_clearFinished;
};

} // namespace nestbox
