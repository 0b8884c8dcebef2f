#include "LocalPreviewProvider.h"

#include <QFutureWatcher>
#include <QImageReader>
#include <QtConcurrent/QtConcurrentRun>

namespace nestbox {

LocalPreviewProvider::LocalPreviewProvider(int edge, QObject *parent)
    : QObject(parent)
    , _edge(edge)
{
    _cache.setMaxCost(400);
    _pool.setMaxThreadCount(1);
}

LocalPreviewProvider::~LocalPreviewProvider()
{
    _pool.clear();
    _pool.waitForDone();
}

QPixmap LocalPreviewProvider::preview(const QString &path)
{
    if (const QPixmap *cached = _cache.object(path))
        return *cached;
    if (_pending.contains(path) || _failed.contains(path))
        return {};
    _pending.insert(path);
    const int edge = _edge;
    auto *watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        _pending.remove(path);
        const QImage image = watcher->result();
        if (image.isNull()) {
            _failed.insert(path);
            return;
        }
        _cache.insert(path, new QPixmap(QPixmap::fromImage(image)));
        Q_EMIT previewReady(path);
    });
    watcher->setFuture(QtConcurrent::run(&_pool, [path, edge] {
        QImageReader reader(path);
        reader.setAutoTransform(true);
        const QSize size = reader.size();
        if (!size.isValid() || qint64(size.width()) * size.height() > 100'000'000)
            return QImage();
        reader.setScaledSize(size.scaled(edge * 2, edge * 2, Qt::KeepAspectRatioByExpanding));
        return reader.read();
    }));
    return {};
}

} // namespace nestbox
