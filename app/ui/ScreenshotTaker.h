#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QWidget>

namespace nestbox {

// Saves a PNG of one window once it has been shown and laid out, then ends the application's event
// loop with 0 (saved) or 1 (not saved). Behind the app's --screenshot option, for documentation
// and end-to-end tests under QT_QPA_PLATFORM=offscreen. GUI thread only.
class ScreenshotTaker : public QObject {
    Q_OBJECT

public:
    ScreenshotTaker(QWidget *window, const QString &path, QObject *parent = nullptr);

public Q_SLOTS:
    // Takes the picture after a short settle delay; call it once the window shows what it should.
    void takeSoon();

private:
    void take();

    QPointer<QWidget> _window;
    QString _path;
    bool _scheduled = false;
};

} // namespace nestbox
