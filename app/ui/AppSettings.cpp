#include "AppSettings.h"

#include "AppTranslations.h"

#include <QSettings>

#include <algorithm>

namespace nestbox {

namespace {
const QString kLanguageKey = QStringLiteral("ui/language");
const QString kParallelKey = QStringLiteral("uploads/parallelFiles");
const QString kBandwidthKey = QStringLiteral("uploads/bandwidthKiB");
const QString kNotifyKey = QStringLiteral("uploads/notifyWhenDone");
} // namespace

AppSettings::Language AppSettings::language()
{
    const QString value = QSettings().value(kLanguageKey).toString();
    if (value == QLatin1String("en"))
        return Language::English;
    if (value == QLatin1String("zh_CN"))
        return Language::SimplifiedChinese;
    return Language::System;
}

void AppSettings::setLanguage(Language language)
{
    QSettings settings;
    switch (language) {
    case Language::System:
        settings.remove(kLanguageKey);
        break;
    case Language::English:
        settings.setValue(kLanguageKey, QStringLiteral("en"));
        break;
    case Language::SimplifiedChinese:
        settings.setValue(kLanguageKey, QStringLiteral("zh_CN"));
        break;
    }
}

QLocale AppSettings::uiLocale()
{
    if (!qEnvironmentVariableIsEmpty("NESTBOX_LANG"))
        return AppTranslations::uiLocale();
    switch (language()) {
    case Language::English:
        return QLocale(QLocale::English, QLocale::UnitedStates);
    case Language::SimplifiedChinese:
        return QLocale(QLocale::Chinese, QLocale::SimplifiedChineseScript, QLocale::China);
    case Language::System:
        break;
    }
    return AppTranslations::uiLocale();
}

int AppSettings::maxParallelFiles()
{
    return std::clamp(QSettings().value(kParallelKey, 2).toInt(), 1, 8);
}

void AppSettings::setMaxParallelFiles(int count)
{
    QSettings().setValue(kParallelKey, std::clamp(count, 1, 8));
}

int AppSettings::bandwidthLimitKiB()
{
    return std::max(0, QSettings().value(kBandwidthKey, 0).toInt());
}

void AppSettings::setBandwidthLimitKiB(int kib)
{
    QSettings().setValue(kBandwidthKey, std::max(0, kib));
}

bool AppSettings::notifyWhenDone()
{
    return QSettings().value(kNotifyKey, true).toBool();
}

void AppSettings::setNotifyWhenDone(bool notify)
{
    QSettings().setValue(kNotifyKey, notify);
}

} // namespace nestbox
