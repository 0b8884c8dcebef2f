#pragma once

#include <QLocale>
#include <QObject>
#include <QTranslator>

namespace nestbox {

// Installs the app's own translation (the .qm files embedded under :/i18n by qt_add_translations)
// and Qt's (qtbase_*.qm, for standard buttons and context menus) for one UI language.
// Create it on the GUI thread after the application object; it must outlive the UI it translates.
class AppTranslations : public QObject {
    Q_OBJECT

public:
    // The language the UI should speak: NESTBOX_LANG (e.g. "zh_CN", handy for screenshots and
    // tests) when set, else the system's.
    static QLocale uiLocale();

    explicit AppTranslations(QObject *parent = nullptr);
    ~AppTranslations() override;

    // Loads and installs both translators for `locale`; true when the app has a translation for
    // it (otherwise the English one is installed). May be called again while the app runs: Qt
    // then sends QEvent::LanguageChange to every widget, which retranslates itself.
    bool install(const QLocale &locale);

    // The one the app created (main()), for the settings dialog's language switch; may be null.
    static AppTranslations *instance();

private:
    QTranslator _appTranslator;
    QTranslator _qtTranslator;
    static AppTranslations *s_instance;
};

} // namespace nestbox
