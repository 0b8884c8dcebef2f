#include "SettingsDialog.h"

#include "AppSettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace nestbox {

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , _language(new QComboBox(this))
    , _parallel(new QSpinBox(this))
    , _bandwidth(new QSpinBox(this))
    , _notify(new QCheckBox(tr("Tell me when a batch of uploads is done"), this))
    , _languageNote(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    _language->addItem(tr("Same as the system"), int(AppSettings::Language::System));
    // Each language names itself, so anyone can find their own.
    _language->addItem(QStringLiteral("English"), int(AppSettings::Language::English));
    _language->addItem(QStringLiteral("简体中文"), int(AppSettings::Language::SimplifiedChinese));
    _language->setCurrentIndex(_language->findData(int(AppSettings::language())));
    _languageNote->setText(tr("Nestbox speaks the new language as soon as you press OK."));
    _languageNote->setWordWrap(true);
    _languageNote->setForegroundRole(QPalette::PlaceholderText);

    _parallel->setRange(1, 8);
    _parallel->setValue(AppSettings::maxParallelFiles());
    _parallel->setSuffix(tr(" files at a time"));
    _bandwidth->setRange(0, 1024 * 1024);
    _bandwidth->setSingleStep(256);
    _bandwidth->setSpecialValueText(tr("No limit"));
    _bandwidth->setSuffix(tr(" KiB/s"));
    _bandwidth->setValue(AppSettings::bandwidthLimitKiB());
    _notify->setChecked(AppSettings::notifyWhenDone());

    auto *general = new QGroupBox(tr("General"), this);
    auto *generalForm = new QFormLayout(general);
    generalForm->addRow(tr("&Language:"), _language);
    generalForm->addRow(QString(), _languageNote);

    auto *uploads = new QGroupBox(tr("Uploads"), this);
    auto *uploadForm = new QFormLayout(uploads);
    uploadForm->addRow(tr("&Upload:"), _parallel);
    uploadForm->addRow(tr("&Bandwidth limit:"), _bandwidth);
    uploadForm->addRow(QString(), _notify);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(general);
    layout->addWidget(uploads);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

void SettingsDialog::accept()
{
    const auto language = AppSettings::Language(_language->currentData().toInt());
    _languageChanged = language != AppSettings::language();
    AppSettings::setLanguage(language);
    AppSettings::setMaxParallelFiles(_parallel->value());
    AppSettings::setBandwidthLimitKiB(_bandwidth->value());
    AppSettings::setNotifyWhenDone(_notify->isChecked());
    QDialog::accept();
}

} // namespace nestbox
