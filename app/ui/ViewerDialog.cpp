#include "ViewerDialog.h"

#include "ApiClient.h"
#include "DownloadJob.h"
#include "Icons.h"
#include "ImageCanvas.h"
#include "ThumbnailLoader.h"
#include "TimelineModel.h"
#include "UiLogging.h"

#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace nestbox {

ViewerDialog::ViewerDialog(TimelineModel *model, ThumbnailLoader *loader, ApiClient *client, QWidget *parent)
    : QDialog(parent)
    , _model(model)
    , _loader(loader)
    , _client(client)
    , _canvas(new ImageCanvas(this))
    , _titleLabel(new QLabel(this))
    , _detailLabel(new QLabel(this))
    , _previousButton(new QToolButton(this))
    , _nextButton(new QToolButton(this))
    , _fitButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("viewerDialog"));
    setWindowFlag(Qt::WindowMaximizeButtonHint, true);
    resize(1000, 720);

    QFont titleFont = _titleLabel->font();
    titleFont.setWeight(QFont::DemiBold);
    _titleLabel->setFont(titleFont);
    _titleLabel->setTextFormat(Qt::PlainText);
    _detailLabel->setForegroundRole(QPalette::PlaceholderText);
    _detailLabel->setTextFormat(Qt::PlainText);

    Icons::set(_previousButton, QStringLiteral("previous"));
    Icons::set(_nextButton, QStringLiteral("next"));
    Icons::set(_fitButton, QStringLiteral("zoom-fit"));
    retranslateUi();
    _fitButton->setCheckable(true);
    _fitButton->setChecked(true);
    for (QToolButton *button : {_previousButton, _nextButton, _fitButton}) {
        button->setAutoRaise(true);
        button->setIconSize(QSize(22, 22));
        button->setFocusPolicy(Qt::NoFocus);
    }

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(12, 8, 12, 8);
    bar->addWidget(_previousButton);
    bar->addWidget(_nextButton);
    bar->addSpacing(8);
    auto *text = new QVBoxLayout;
    text->setSpacing(0);
    text->addWidget(_titleLabel);
    text->addWidget(_detailLabel);
    bar->addLayout(text, 1);
    bar->addWidget(_fitButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(_canvas, 1);

    connect(_previousButton, &QToolButton::clicked, this, &ViewerDialog::showPrevious);
    connect(_nextButton, &QToolButton::clicked, this, &ViewerDialog::showNext);
    connect(_fitButton, &QToolButton::toggled, _canvas, &ImageCanvas::setFitToWindow);
    connect(_canvas, &ImageCanvas::fitChanged, _fitButton, &QToolButton::setChecked);
    connect(_loader, &ThumbnailLoader::thumbnailReady, this, &ViewerDialog::onThumbnailReady);
    connect(_loader, &ThumbnailLoader::thumbnailUnavailable, this, &ViewerDialog::onThumbnailUnavailable);
}

ViewerDialog::~ViewerDialog()
{
    if (_download)
        _download->abort();
}

void ViewerDialog::showRow(int row)
{
    if (row < 0 || row >= _model->rowCount())
        return;
    if (_download)
        _download->abort();
    ++_generation;
    _row = row;
    const TimelineModel::Item &item = _model->itemAt(row);
    _fileId = item.id;
    _quality = 0;
    _canvas->setPixmap({});
    _canvas->setPlaceholderText(item.kind == QLatin1String("image") ? tr("Loading…")
                                                                     : tr("No preview for this kind of file."));
    const QImage grid = _loader->cachedImage(item.sha256, TimelineModel::kGridThumbnailSize);
    if (!grid.isNull())
        showImage(grid, 1);
    if (item.thumbnail != QLatin1String("none")) {
        const QImage preview = _loader->cachedImage(item.sha256, kPreviewSize);
        if (!preview.isNull())
            showImage(preview, 2);
        else
            _loader->requestFirst({item.id, item.sha256, kPreviewSize});
    }
    if (item.kind == QLatin1String("image"))
        startFullImage();
    _previousButton->setEnabled(row > 0);
    _nextButton->setEnabled(row + 1 < _model->rowCount() || _model->canFetchMore({}));
    updateTitle();
    // Keep the grid's selection with the viewer, so closing it leaves the user where they were.
    Q_EMIT qualityChanged(_quality);
}

void ViewerDialog::showNext()
{
    if (_row + 1 >= _model->rowCount() && _model->canFetchMore({}))
        _model->fetchMore({});
    if (_row + 1 < _model->rowCount())
        showRow(_row + 1);
}

void ViewerDialog::showPrevious()
{
    if (_row > 0)
        showRow(_row - 1);
}

void ViewerDialog::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_PageUp:
    case Qt::Key_Backspace:
        showPrevious();
        return;
    case Qt::Key_Right:
    case Qt::Key_PageDown:
    case Qt::Key_Space:
        showNext();
        return;
    case Qt::Key_F:
        _canvas->setFitToWindow(!_canvas->fitToWindow());
        return;
    case Qt::Key_Home:
        showRow(0);
        return;
    default:
        QDialog::keyPressEvent(event);
    }
}

void ViewerDialog::onThumbnailReady(const QString &fileId, int size, const QImage &image)
{
    if (fileId != _fileId)
        return;
    if (size == kPreviewSize && _quality < 2)
        showImage(image, 2);
    else if (size == TimelineModel::kGridThumbnailSize && _quality < 1)
        showImage(image, 1);
}

void ViewerDialog::onThumbnailUnavailable(const QString &fileId, int size)
{
    if (fileId == _fileId && size == kPreviewSize && _quality == 0 && !_download)
        _canvas->setPlaceholderText(tr("No preview for this file."));
}

QString ViewerDialog::fullImagePath() const
{
    const TimelineModel::Item &item = _model->itemAt(_row);
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/originals/")
           + item.sha256;
}

void ViewerDialog::startFullImage()
{
    const TimelineModel::Item &item = _model->itemAt(_row);
    if (item.size > kMaxFullImageBytes || item.sha256.isEmpty())
        return;
    const QString path = fullImagePath();
    const quint64 generation = _generation;
    auto decode = [this, path, generation] {
        auto *watcher = new QFutureWatcher<QImage>(this);
        connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, generation] {
            watcher->deleteLater();
            const QImage image = watcher->result();
            if (generation == _generation && !image.isNull())
                showImage(image, 3);
        });
        watcher->setFuture(QtConcurrent::run([path] {
            QImageReader reader(path);
            reader.setAutoTransform(true); // EXIF orientation
            return reader.read();
        }));
    };
    if (QFile::exists(path)) {
        decode();
        return;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    _download = new DownloadJob(_client, item.id, path, item.sha256, this);
    connect(_download, &AbstractApiJob::finished, this, [this, decode, generation] {
        if (generation != _generation || !_download)
            return;
        if (_download->succeeded())
            decode();
        else
            qCInfo(lcUi) << "viewer: full image not loaded:" << _download->error().toString();
    });
    _download->start();
}

void ViewerDialog::showImage(const QImage &image, int quality)
{
    if (quality < _quality)
        return;
    _quality = quality;
    _canvas->setPixmap(QPixmap::fromImage(image));
    updateTitle();
    Q_EMIT qualityChanged(quality);
}

void ViewerDialog::retranslateUi()
{
    _previousButton->setToolTip(tr("Previous (Left arrow)"));
    _nextButton->setToolTip(tr("Next (Right arrow)"));
    _fitButton->setToolTip(tr("Fit to window or show at 100 % (F)"));
}

void ViewerDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        if (_row >= 0)
            updateTitle();
    }
    QDialog::changeEvent(event);
}

void ViewerDialog::updateTitle()
{
    if (_row < 0)
        return;
    const TimelineModel::Item &item = _model->itemAt(_row);
    setWindowTitle(tr("%1 – Nestbox").arg(item.name));
    _titleLabel->setText(item.name);
    const QLocale locale;
    QStringList details;
    details << tr("%1 of %2").arg(locale.toString(_row + 1), locale.toString(_model->rowCount()));
    if (item.takenAt.isValid())
        details << locale.toString(item.takenAt.toLocalTime().date(), QLocale::LongFormat) + QLatin1Char(' ')
                       + locale.toString(item.takenAt.toLocalTime().time(), QLocale::ShortFormat);
    if (item.width > 0 && item.height > 0)
        details << tr("%1 × %2").arg(item.width).arg(item.height);
    details << locale.formattedDataSize(item.size);
    if (_quality == 2)
        details << tr("preview");
    _detailLabel->setText(details.join(QStringLiteral("  ·  ")));
}

} // namespace nestbox
