#pragma once

#include <QIcon>
#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace nestbox {

// The icon in the system tray while Nestbox runs: a ring on the app icon shows upload progress,
// the tooltip says how far along the batch is, the menu shows the window or pauses/resumes
// uploads, and a notification says when a batch is done. Does nothing where there is no tray.
// GUI thread.
class TrayIcon : public QObject {
    Q_OBJECT

public:
    explicit TrayIcon(QObject *parent = nullptr);
    ~TrayIcon() override;

    bool isAvailable() const;
    // progress < 0: nothing uploading.
    void setProgress(double progress, const QString &summary);
    void notifyBatchFinished(int done, int failed);
    // The menu's texts again, in the language now installed (the main window calls it).
    void retranslate();
    QString toolTip() const;

Q_SIGNALS:
    void showWindowRequested();
    void pauseAllRequested();
    void resumeAllRequested();
    void quitRequested();

private:
    QIcon iconWithProgress(double progress) const;

    QSystemTrayIcon *_tray;
    QMenu *_menu;
    QIcon _baseIcon;
    int _lastPercent = -2;
};

} // namespace nestbox
