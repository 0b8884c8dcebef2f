#include "AppSettings.h"
#include "AppTranslations.h"
#include "MainWindow.h"
#include "SettingsDialog.h"
#include "SignInDialog.h"
#include "UploadPanel.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace nestbox;

// Switching the language in Settings takes effect at once, without a restart: the main window's
// menus and toolbar, the upload panel (a dock), the sign-in dialog and a freshly opened settings
// dialog all speak the new language after OK, and switch back again.
class TestLanguageSwitch : public QObject {
    Q_OBJECT

private:
    QTemporaryDir _home;
    std::unique_ptr<AppTranslations> _translations;
    std::unique_ptr<MainWindow> _window;

    QAction *actionWithText(const QString &text) const
    {
        for (QAction *action : _window->findChildren<QAction *>())
            if (action->text() == text)
                return action;
        return nullptr;
    }

    QToolButton *uploadPanelButton(int index) const
    {
        const QList<QToolButton *> buttons =
            _window->uploadPanel()->findChildren<QToolButton *>(QString(), Qt::FindDirectChildrenOnly);
        return index < buttons.size() ? buttons.at(index) : nullptr;
    }

    // Picks `language` in the real settings dialog (opened by the Settings… action) and presses OK.
    void chooseLanguage(AppSettings::Language language, const QString &settingsText)
    {
        QAction *settings = actionWithText(settingsText);
        QVERIFY2(settings, qPrintable(settingsText));
        bool seen = false;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<SettingsDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            seen = true;
            auto *combo = dialog->findChild<QComboBox *>();
            combo->setCurrentIndex(combo->findData(int(language)));
            dialog->accept();
        });
        settings->trigger();
        QVERIFY(seen);
        // QCoreApplication::installTranslator() posts the LanguageChange events.
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
    }

    QString firstMenuTitle() const { return _window->menuBar()->actions().value(0)->text(); }

private Q_SLOTS:
    void initTestCase()
    {
        // Settings, queue and caches in a temp dir: test mode puts them under $HOME/.qttest (not
        // XDG_CONFIG_HOME), which every checkout of this user shares, so HOME is the temp dir.
        QVERIFY(_home.isValid());
        qputenv("HOME", QFile::encodeName(_home.path()));
        QStandardPaths::setTestModeEnabled(true);
        qputenv("NESTBOX_TOKEN_STORE", "file");
        qunsetenv("NESTBOX_LANG");
        AppSettings::setLanguage(AppSettings::Language::English);
        _translations = std::make_unique<AppTranslations>();
        _translations->install(AppSettings::uiLocale());
        _window = std::make_unique<MainWindow>();
        _window->show();
        _window->start(); // nothing remembered: the sign-in dialog opens
        QVERIFY(QTest::qWaitForWindowExposed(_window.get()));
        QTRY_VERIFY(_window->signInDialog() && _window->signInDialog()->isVisible());
    }

    void cleanupTestCase()
    {
        _window.reset();
        _translations.reset();
        AppSettings::setLanguage(AppSettings::Language::System);
    }

    void englishAtStart()
    {
        QCOMPARE(firstMenuTitle(), QStringLiteral("&File"));
        QCOMPARE(uploadPanelButton(0)->text(), QStringLiteral("Pause All"));
        QCOMPARE(_window->signInDialog()->windowTitle(), QStringLiteral("Sign In to Nestbox"));
        QCOMPARE(_window->findChild<QDockWidget *>(QStringLiteral("uploadDock"))->toggleViewAction()->text(),
                 QStringLiteral("&Uploads Panel"));
    }

    void switchToChineseAtOnce()
    {
        chooseLanguage(AppSettings::Language::SimplifiedChinese, QStringLiteral("&Settings…"));
        QCOMPARE(AppSettings::language(), AppSettings::Language::SimplifiedChinese);
        // The same widgets, not new ones, now speak Chinese.
        QCOMPARE(firstMenuTitle(), QStringLiteral("文件(&F)"));
        QCOMPARE(uploadPanelButton(0)->text(), QStringLiteral("全部暂停"));
        QCOMPARE(_window->signInDialog()->windowTitle(), QStringLiteral("登录 Nestbox"));
        QCOMPARE(_window->findChild<QDockWidget *>(QStringLiteral("uploadDock"))->toggleViewAction()->text(),
                 QStringLiteral("上传面板(&U)"));
        bool cjkLabel = false;
        for (QLabel *label : _window->signInDialog()->findChildren<QLabel *>())
            cjkLabel = cjkLabel || label->text() == QStringLiteral("服务器(&S)：");
        QVERIFY(cjkLabel);
        // Dates follow: a month header is written the Chinese way.
        QCOMPARE(QLocale().language(), QLocale::Chinese);
    }

    void andBackToEnglish()
    {
        chooseLanguage(AppSettings::Language::English, QStringLiteral("设置(&S)…"));
        QCOMPARE(firstMenuTitle(), QStringLiteral("&File"));
        QCOMPARE(uploadPanelButton(0)->text(), QStringLiteral("Pause All"));
        QCOMPARE(_window->signInDialog()->windowTitle(), QStringLiteral("Sign In to Nestbox"));
    }
};

QTEST_MAIN(TestLanguageSwitch)
#include "tst_languageswitch.moc"
