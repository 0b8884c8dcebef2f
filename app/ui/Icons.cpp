#include "Icons.h"

#include "UiLogging.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QPalette>
#include <QSaveFile>
#include <QStandardPaths>
#include <QWidget>

namespace nestbox {

namespace {
const char *const kIconProperty = "nestboxIcon";

QString tintedPath(const QString &name, const QColor &color)
{
    const QString directory = QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
                              + QStringLiteral("/icons/") + color.name().mid(1);
    const QString path = directory + QLatin1Char('/') + name + QStringLiteral(".svg");
    if (QFile::exists(path))
        return path;
    QFile source(QStringLiteral(":/icons/") + name + QStringLiteral(".svg"));
    if (!source.open(QIODevice::ReadOnly)) {
        qCWarning(lcUi) << "no icon named" << name;
        return {};
    }
    QByteArray svg = source.readAll();
    svg.replace("currentColor", color.name().toLatin1());
    QDir().mkpath(directory);
    QSaveFile target(path);
    if (!target.open(QIODevice::WriteOnly) || target.write(svg) != svg.size() || !target.commit()) {
        qCWarning(lcUi) << "cannot write" << path;
        return {};
    }
    return path;
}
} // namespace

QIcon Icons::icon(const QString &name)
{
    const QPalette palette = QApplication::palette();
    const QColor normal = palette.color(QPalette::Active, QPalette::ButtonText);
    const QColor disabled = palette.color(QPalette::Disabled, QPalette::ButtonText);
    static QHash<QString, QIcon> cache;
    const QString cacheKey = name + QLatin1Char('|') + normal.name() + disabled.name();
    if (const auto found = cache.constFind(cacheKey); found != cache.constEnd())
        return *found;
    QIcon result;
    const QString normalPath = tintedPath(name, normal);
    if (normalPath.isEmpty())
        return result;
    // Explicit sizes for menus, toolbars and buttons; the SVG engine renders each at the screen's
    // device pixel ratio.
    for (const int size : {16, 20, 24, 32, 48}) {
        result.addFile(normalPath, QSize(size, size), QIcon::Normal);
        const QString disabledPath = tintedPath(name, disabled);
        if (!disabledPath.isEmpty())
            result.addFile(disabledPath, QSize(size, size), QIcon::Disabled);
    }
    cache.insert(cacheKey, result);
    return result;
}

void Icons::set(QAction *action, const QString &name)
{
    action->setProperty(kIconProperty, name);
    action->setIcon(icon(name));
}

void Icons::set(QAbstractButton *button, const QString &name)
{
    button->setProperty(kIconProperty, name);
    button->setIcon(icon(name));
}

void Icons::refreshAll(QWidget *root)
{
    const auto actions = root->findChildren<QAction *>();
    for (QAction *action : actions) {
        const QString name = action->property(kIconProperty).toString();
        if (!name.isEmpty())
            action->setIcon(icon(name));
    }
    const auto buttons = root->findChildren<QAbstractButton *>();
    for (QAbstractButton *button : buttons) {
        const QString name = button->property(kIconProperty).toString();
        if (!name.isEmpty())
            button->setIcon(icon(name));
    }
}

} // namespace nestbox
