#include "AppSettings.h"
#include "AppTranslations.h"
#include "AppVersion.h"
#include "AutomationScript.h"
#include "LaunchOptions.h"
#include "Logging.h"
#include "MainWindow.h"
#include "ScreenshotTaker.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QIcon>
#include <QPixmapCache>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Nestbox"));
    QCoreApplication::setApplicationName(QStringLiteral("nestbox"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(nestbox::kAppVersion));
    // Matches resources/nestbox.desktop, so Wayland shells show the installed icon and name.
    QGuiApplication::setDesktopFileName(QStringLiteral("nestbox"));
    // Grid pixmaps live here; the model drops far-away ones, this caps the rest.
    QPixmapCache::setCacheLimit(64 * 1024);

    // Set before any window exists: the sign-in dialog shows this same icon.
    const QIcon icon(QStringLiteral(":/icons/nestbox.svg"));
    if (icon.pixmap(64, 64).isNull())
        qCWarning(lcApp) << "cannot render the SVG app icon; is Qt's SVG icon engine (libqt6svg6) installed?";
    QApplication::setWindowIcon(icon);

    nestbox::AppTranslations translations;
    translations.install(nestbox::AppSettings::uiLocale());

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Nestbox, the family photo album"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(
        QStringLiteral("server"), QCoreApplication::translate("main", "Fill in this server address to sign in."),
        QCoreApplication::translate("main", "address"));
    const QCommandLineOption userOption(
        QStringLiteral("user"), QCoreApplication::translate("main", "Fill in this user name to sign in."),
        QCoreApplication::translate("main", "name"));
    const QCommandLineOption passwordFileOption(
        QStringLiteral("password-file"),
        QCoreApplication::translate("main",
                                    "Read the password from this file (its first line) and sign in at once "
                                    "(with --server and --user)."),
        QCoreApplication::translate("main", "file"));
    const QCommandLineOption scriptOption(
        QStringLiteral("script"),
        QCoreApplication::translate("main", "Run an automation script (for tests and screenshots); see "
                                            "app/ui/AutomationScript.h."),
        QCoreApplication::translate("main", "file"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save a PNG picture of the main window once it is shown, then quit."),
        QCoreApplication::translate("main", "file"));
    parser.addOptions({serverOption, userOption, passwordFileOption, scriptOption, screenshotOption});
    parser.process(app);

    nestbox::LaunchOptions options;
    options.server = parser.value(serverOption);
    options.user = parser.value(userOption);
    options.scriptPath = parser.value(scriptOption);
    options.screenshotPath = parser.value(screenshotOption);
    if (parser.isSet(passwordFileOption)) {
        QFile file(parser.value(passwordFileOption));
        if (!file.open(QIODevice::ReadOnly)) {
            qCCritical(lcApp) << "cannot read the password file" << file.fileName() << file.errorString();
            return 2;
        }
        options.password = QString::fromUtf8(file.readLine()).trimmed();
    }

    nestbox::MainWindow window(options);
    window.show();
    window.start();

    if (!options.scriptPath.isEmpty()) {
        auto *script = new nestbox::AutomationScript(&window, options.scriptPath, &app);
        if (!script->load()) {
            qCCritical(lcApp) << "cannot read the script" << options.scriptPath << script->errorString();
            return 2;
        }
        script->start();
    }
    if (!options.screenshotPath.isEmpty()) {
        auto *taker = new nestbox::ScreenshotTaker(&window, options.screenshotPath, &app);
        taker->takeSoon();
    }
    return QApplication::exec();
}
