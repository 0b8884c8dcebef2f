#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace nestbox {

// Preferences: the UI language (System / English / 简体中文; it takes effect when the app starts
// again, and the dialog offers to restart it at once), how many files upload at a time, an
// optional upload bandwidth limit and the tray notification. Saves to AppSettings on accept;
// the main window applies the upload settings to the engine at once. GUI thread.
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    bool languageChanged() const { return _languageChanged; }

public Q_SLOTS:
    void accept() override;

private:
    QComboBox *_language;
    QSpinBox *_parallel;
    QSpinBox *_bandwidth;
    QCheckBox *_notify;
    QLabel *_languageNote;
    bool _languageChanged = false;
};

} // namespace nestbox
