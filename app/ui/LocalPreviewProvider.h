#pragma once

#include <QCache>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QString>
#include <QThreadPool>

namespace nestbox {

// Small previews of local files for the upload panel: decoded in a worker thread with
// QImageReader's scaled decoding (so a 40 MB photo is never read whole into memory), kept in a
// bounded cache, announced with previewReady() so the panel repaints that row. GUI thread.
class LocalPreviewProvider : public QObject {
    Q_OBJECT

public:
    explicit LocalPreviewProvider(int edge, QObject *parent = nullptr);
    ~LocalPreviewProvider() override;

    // The preview when ready; otherwise starts making it and returns a null pixmap.
    QPixmap preview(const QString &path);

Q_SIGNALS:
    void previewReady(const QString &path);

private:
    int _edge;
    QCache<QString, QPixmap> _cache;
    QSet<QString> _pending;
    QSet<QString> _failed;
    QThreadPool _pool;
};

} // namespace nestbox
