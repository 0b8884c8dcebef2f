#include "AppTranslations.h"

#include "Logging.h"

#include <QCoreApplication>
#include <QLibraryInfo>

namespace nestbox {

QLocale AppTranslations::uiLocale()
{
    const QString override = qEnvironmentVariable("NESTBOX_LANG").trimmed();
    if (override.isEmpty())
        return QLocale::system();
    const QLocale locale(override);
    if (locale.language() == QLocale::C)
        qCWarning(lcApp) << "NESTBOX_LANG" << override << "is not a known language; using the system's";
    return locale.language() == QLocale::C ? QLocale::system() : locale;
}

AppTranslations *AppTranslations::s_instance = nullptr;

AppTranslations *AppTranslations::instance()
{
    return s_instance;
}

AppTranslations::AppTranslations(QObject *parent)
    : QObject(parent)
{
    if (!s_instance)
        s_instance = this;
}

AppTranslations::~AppTranslations()
{
    if (s_instance == this)
        s_instance = nullptr;
    QCoreApplication::removeTranslator(&_qtTranslator);
    QCoreApplication::removeTranslator(&_appTranslator);
}

bool AppTranslations::install(const QLocale &locale)
{
    QCoreApplication::removeTranslator(&_qtTranslator);
    QCoreApplication::removeTranslator(&_appTranslator);
    // Dates and numbers follow the UI language too, so a Chinese UI never shows English month names.
    QLocale::setDefault(locale);

    // Qt's own strings are optional: Debian ships them in qt6-translations-l10n.
    if (_qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&_qtTranslator);

    const QString directory = QStringLiteral(":/i18n");
    const bool found = _appTranslator.load(locale, QStringLiteral("nestbox"), QStringLiteral("_"), directory);
    // A language we have no translation for gets English, from nestbox_en rather than the bare
    // source strings, so plural forms ("%n second(s)") still read properly.
    if (found || _appTranslator.load(QStringLiteral("nestbox_en"), directory))
        QCoreApplication::installTranslator(&_appTranslator);
    qCDebug(lcApp) << "UI language" << locale.name() << (found ? "translated" : "falls back to English");
    return found;
}

} // namespace nestbox
