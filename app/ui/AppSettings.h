#pragma once

#include <QLocale>
#include <QString>

namespace nestbox {

// The user's preferences, kept in QSettings: UI language, upload limits. Plain accessors so the
// settings dialog, the main window and main() agree on keys and defaults. Any thread that may use
// QSettings (the GUI thread in practice).
class AppSettings {
public:
    enum class Language { System, English, SimplifiedChinese };

    static Language language();
    static void setLanguage(Language language);
    // The locale the UI should use: NESTBOX_LANG when set (tests, screenshots), else the chosen
    // language, else the system's.
    static QLocale uiLocale();

    static int maxParallelFiles();          // 1..8, default 2
    static void setMaxParallelFiles(int count);
    static int bandwidthLimitKiB();         // KiB/s, 0 = no limit
    static void setBandwidthLimitKiB(int kib);
    static bool notifyWhenDone();           // tray notification when a batch ends
    static void setNotifyWhenDone(bool notify);
};

} // namespace nestbox
