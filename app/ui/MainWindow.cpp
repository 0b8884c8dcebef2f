#include "MainWindow.h"

#include "AppVersion.h"
#include "ServerProbe.h"
#include "WelcomePage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QScreen>
#include <QSettings>

namespace nestbox {

namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
constexpr QSize kDefaultSize{760, 540};
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , _network(new QNetworkAccessManager(this))
    , _probe(new ServerProbe(_network, this))
    , _welcomePage(new WelcomePage(_probe, this))
{
    setWindowTitle(tr("Nestbox"));
    setCentralWidget(_welcomePage);
    createMenus();
    restoreWindowGeometry();
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowGeometry();
    QMainWindow::closeEvent(event);
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcuts(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    // close() rather than quit() so the window's geometry is saved on the way out.
    connect(quit, &QAction::triggered, this, &MainWindow::close);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(tr("&About Nestbox"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = helpMenu->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Nestbox"),
        tr("<h3>Nestbox %1</h3>"
           "<p>A private photo album for your family, kept on a computer you own.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(QString::fromLatin1(kAppVersion), QString::fromLatin1(qVersion())));
}

void MainWindow::restoreWindowGeometry()
{
    const QSettings settings;
    if (restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        restoreState(settings.value(kStateKey).toByteArray());
        return;
    }
    // First run: a comfortable size in the middle of the primary screen.
    resize(kDefaultSize);
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        QRect frame(QPoint(), kDefaultSize);
        frame.moveCenter(screen->availableGeometry().center());
        move(frame.topLeft());
    }
}

void MainWindow::saveWindowGeometry() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
}

} // namespace nestbox
