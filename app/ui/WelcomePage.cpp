#include "WelcomePage.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace nestbox {

namespace {
const QString kAddressKey = QStringLiteral("server/address");
constexpr int kIconSize = 96;
constexpr int kContentWidth = 520;
} // namespace

WelcomePage::WelcomePage(ServerProbe *probe, QWidget *parent)
    : QWidget(parent)
    , _probe(probe)
    , _addressEdit(new QLineEdit(this))
    , _connectButton(new QPushButton(tr("&Connect"), this))
    , _statusLabel(new QLabel(this))
{
    auto *icon = new QLabel(this);
    icon->setPixmap(QApplication::windowIcon().pixmap(kIconSize, kIconSize));
    icon->setAlignment(Qt::AlignHCenter);

    auto *heading = new QLabel(tr("Welcome to Nestbox"), this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.8);
    headingFont.setWeight(QFont::DemiBold);
    heading->setFont(headingFont);
    heading->setAlignment(Qt::AlignHCenter);

    auto *intro = new QLabel(tr("Your family album is on its way. Until it arrives, you can check "
                                "that this computer reaches your Nestbox server."),
                             this);
    intro->setWordWrap(true);
    intro->setAlignment(Qt::AlignHCenter);

    auto *addressLabel = new QLabel(tr("Server &address"), this);
    addressLabel->setBuddy(_addressEdit);
    _addressEdit->setPlaceholderText(tr("for example http://nestbox.local:8080"));
    _addressEdit->setClearButtonEnabled(true);
    _connectButton->setDefault(true);

    // Plain text only: the message may quote whatever the user typed or the server sent.
    _statusLabel->setTextFormat(Qt::PlainText);
    _statusLabel->setWordWrap(true);
    _statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    _statusLabel->setVisible(false);

    auto *addressRow = new QHBoxLayout;
    addressRow->addWidget(_addressEdit, 1);
    addressRow->addWidget(_connectButton);

    auto *content = new QWidget(this);
    content->setMaximumWidth(kContentWidth);
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(icon);
    column->addSpacing(12);
    column->addWidget(heading);
    column->addSpacing(4);
    column->addWidget(intro);
    column->addSpacing(24);
    column->addWidget(addressLabel);
    column->addLayout(addressRow);
    column->addSpacing(8);
    column->addWidget(_statusLabel);

    auto *centered = new QHBoxLayout;
    centered->addStretch(1);
    centered->addWidget(content, 100);
    centered->addStretch(1);
    auto *page = new QVBoxLayout(this);
    page->setContentsMargins(32, 24, 32, 24);
    page->addStretch(2);
    page->addLayout(centered);
    page->addStretch(3);

    connect(_addressEdit, &QLineEdit::textEdited, this, &WelcomePage::onAddressEdited);
    connect(_addressEdit, &QLineEdit::textChanged, this, &WelcomePage::updateConnectButton);
    connect(_addressEdit, &QLineEdit::returnPressed, this, &WelcomePage::connectToServer);
    connect(_connectButton, &QPushButton::clicked, this, &WelcomePage::connectToServer);
    connect(_probe, &ServerProbe::succeeded, this, &WelcomePage::onSucceeded);
    connect(_probe, &ServerProbe::failed, this, &WelcomePage::onFailed);

    setAddress(QSettings().value(kAddressKey).toString());
}

QString WelcomePage::address() const
{
    return _addressEdit->text().trimmed();
}

void WelcomePage::setAddress(const QString &address)
{
    _addressEdit->setText(address);
    updateConnectButton();
}

bool WelcomePage::isConnecting() const
{
    return _probe->isRunning();
}

void WelcomePage::connectToServer()
{
    if (address().isEmpty() || _probe->isRunning())
        return;
    QSettings().setValue(kAddressKey, address());
    showStatus(StatusKind::Progress, tr("Connecting to %1…").arg(address()));
    _probe->probeAddress(address());
    updateConnectButton();
}

void WelcomePage::onSucceeded(const ServerInfo &info)
{
    showStatus(StatusKind::Success,
               tr("Connected to “%1”, a Nestbox server, version %2. Signing in comes with the "
                  "full album.")
                   .arg(info.name, info.version));
    updateConnectButton();
    Q_EMIT connectFinished(true);
}

void WelcomePage::onFailed(ServerProbe::Failure, const QString &message)
{
    showStatus(StatusKind::Error, message);
    updateConnectButton();
    Q_EMIT connectFinished(false);
}

void WelcomePage::onAddressEdited()
{
    // A result (or a probe still running) belongs to the old address; do not leave it on screen.
    _probe->abort();
    _statusLabel->setVisible(false);
    updateConnectButton();
}

void WelcomePage::updateConnectButton()
{
    _connectButton->setEnabled(!address().isEmpty() && !_probe->isRunning());
}

void WelcomePage::showStatus(StatusKind kind, const QString &text)
{
    // Fixed light tints with dark text stay readable on both light and dark palettes.
    switch (kind) {
    case StatusKind::Progress:
        // Same box metrics as the results, so the text does not jump when the answer arrives.
        _statusLabel->setStyleSheet(
            QStringLiteral("QLabel { border: 1px solid transparent; padding: 8px; }"));
        break;
    case StatusKind::Success:
        _statusLabel->setStyleSheet(QStringLiteral(
            "QLabel { background: #e6f4ea; color: #1e4d2b; border: 1px solid #b7dfc2;"
            " border-radius: 6px; padding: 8px; }"));
        break;
    case StatusKind::Error:
        _statusLabel->setStyleSheet(QStringLiteral(
            "QLabel { background: #fdecea; color: #7a1c14; border: 1px solid #f3c2bc;"
            " border-radius: 6px; padding: 8px; }"));
        break;
    }
    _statusLabel->setText(text);
    _statusLabel->setVisible(true);
}

} // namespace nestbox
