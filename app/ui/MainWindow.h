#pragma once

#include <QMainWindow>

class QNetworkAccessManager;

namespace nestbox {

class ServerProbe;
class WelcomePage;

// The app's main window: menus, the page in the middle (the welcome page for now) and a geometry
// remembered across runs with QSettings. GUI thread only.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    WelcomePage *welcomePage() const { return _welcomePage; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void showAbout();
    void restoreWindowGeometry();
    void saveWindowGeometry() const;

    QNetworkAccessManager *_network;
    ServerProbe *_probe;
    WelcomePage *_welcomePage;
};

} // namespace nestbox
