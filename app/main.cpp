#include "AppTranslations.h"
#include "AppVersion.h"
#include "Logging.h"
#include "MainWindow.h"
#include "ScreenshotTaker.h"
#include "WelcomePage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Nestbox"));
    QCoreApplication::setApplicationName(QStringLiteral("nestbox"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(nestbox::kAppVersion));
    // Matches resources/nestbox.desktop, so Wayland shells show the installed icon and name.
    QGuiApplication::setDesktopFileName(QStringLiteral("nestbox"));

    // Set before any window exists: the welcome page shows this same icon large.
    const QIcon icon(QStringLiteral(":/icons/nestbox.svg"));
    if (icon.pixmap(64, 64).isNull())
        qCWarning(lcApp) << "cannot render the SVG app icon; is Qt's SVG icon engine (libqt6svg6) installed?";
    QApplication::setWindowIcon(icon);

    nestbox::AppTranslations translations;
    translations.install(nestbox::AppTranslations::uiLocale());

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Nestbox, the family photo album"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(
        QStringLiteral("server"),
        QCoreApplication::translate("main", "Fill in the server address and connect to it at start."),
        QCoreApplication::translate("main", "address"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main",
                                    "Save a PNG picture of the main window once it is shown (and "
                                    "connected, with --server), then quit."),
        QCoreApplication::translate("main", "file"));
    parser.addOptions({serverOption, screenshotOption});
    parser.process(app);

    nestbox::MainWindow window;
    window.show();

    nestbox::WelcomePage *welcome = window.welcomePage();
    if (parser.isSet(serverOption)) {
        welcome->setAddress(parser.value(serverOption));
        welcome->connectToServer();
    }
    if (parser.isSet(screenshotOption)) {
        auto *taker = new nestbox::ScreenshotTaker(&window, parser.value(screenshotOption), &app);
        if (welcome->isConnecting())
            QObject::connect(welcome, &nestbox::WelcomePage::connectFinished, taker,
                             &nestbox::ScreenshotTaker::takeSoon);
        else
            taker->takeSoon();
    }
    return QApplication::exec();
}
