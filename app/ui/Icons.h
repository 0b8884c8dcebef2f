#pragma once

#include <QIcon>
#include <QString>

class QAction;
class QAbstractButton;
class QWidget;

namespace nestbox {

// The app's line icons (resources/icons/*.svg, drawn in `currentColor`) tinted with the palette's
// text colour, so they stay readable on light and dark palettes and sharp at any scale (they are
// SVG all the way to the screen). A tinted copy of each SVG is written once per colour under
// CacheLocation, because Qt's SVG icon engine loads icons from files. GUI thread.
class Icons {
public:
    static QIcon icon(const QString &name);
    // Sets the icon and remembers its name, so refreshAll() can re-tint it after a palette change.
    static void set(QAction *action, const QString &name);
    static void set(QAbstractButton *button, const QString &name);
    // Re-tints every action and button under `root` that set() gave an icon.
    static void refreshAll(QWidget *root);
};

} // namespace nestbox
