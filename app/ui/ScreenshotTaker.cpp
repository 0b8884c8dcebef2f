#include "ScreenshotTaker.h"

#include "Logging.h"

#include <QCoreApplication>
#include <QPixmap>
#include <QTimer>

#include <chrono>

namespace nestbox {

namespace {
// Long enough for the queued show/resize/polish events and a status update to be processed
// before the grab; short enough not to slow a test down.
constexpr std::chrono::milliseconds kSettleDelay{250};
} // namespace

ScreenshotTaker::ScreenshotTaker(QWidget *window, const QString &path, QObject *parent)
    : QObject(parent)
    , _window(window)
    , _path(path)
{
}

void ScreenshotTaker::takeSoon()
{
    if (_scheduled)
        return;
    _scheduled = true;
    QTimer::singleShot(kSettleDelay, this, &ScreenshotTaker::take);
}

void ScreenshotTaker::take()
{
    if (!_window) {
        qCWarning(lcApp) << "screenshot: the window is gone";
        QCoreApplication::exit(1);
        return;
    }
    const QPixmap picture = _window->grab();
    const bool saved = !picture.isNull() && picture.save(_path, "PNG");
    if (saved)
        qCInfo(lcApp) << "screenshot saved to" << _path << picture.size();
    else
        qCWarning(lcApp) << "screenshot: cannot write" << _path;
    QCoreApplication::exit(saved ? 0 : 1);
}

} // namespace nestbox
