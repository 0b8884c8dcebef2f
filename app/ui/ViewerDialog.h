#pragma once

#include <QDialog>
#include <QPointer>

class QLabel;
class QToolButton;

namespace nestbox {

class ApiClient;
class DownloadJob;
class ImageCanvas;
class ThumbnailLoader;
class TimelineModel;

// The photo viewer: opens on one row of the timeline, shows at once what is cached (the grid
// thumbnail), then the 1280 px preview, then the full image (downloaded into the cache, checked
// against its SHA-256, decoded in a worker thread). Left/Right (and the buttons) go to the
// previous/next file, F toggles fit-to-window and 100 %, Escape closes. GUI thread.
class ViewerDialog : public QDialog {
    Q_OBJECT

public:
    static constexpr int kPreviewSize = 1280;
    static constexpr qint64 kMaxFullImageBytes = 60LL * 1024 * 1024;

    ViewerDialog(TimelineModel *model, ThumbnailLoader *loader, ApiClient *client, QWidget *parent = nullptr);
    ~ViewerDialog() override;

    void showRow(int row);
    int currentRow() const { return _row; }
    // 0 nothing, 1 grid thumbnail, 2 preview, 3 full image
    int quality() const { return _quality; }

public Q_SLOTS:
    void showNext();
    void showPrevious();

Q_SIGNALS:
    void qualityChanged(int quality);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onThumbnailReady(const QString &fileId, int size, const QImage &image);
    void onThumbnailUnavailable(const QString &fileId, int size);
    void startFullImage();
    void showImage(const QImage &image, int quality);
    void updateTitle();
    void retranslateUi();
    QString fullImagePath() const;

    TimelineModel *_model;
    ThumbnailLoader *_loader;
    ApiClient *_client;
    ImageCanvas *_canvas;
    QLabel *_titleLabel;
    QLabel *_detailLabel;
    QToolButton *_previousButton;
    QToolButton *_nextButton;
    QToolButton *_fitButton;
    QPointer<DownloadJob> _download;
    QString _fileId;
    int _row = -1;
    int _quality = 0;
    quint64 _generation = 0;
};

} // namespace nestbox
