#include "SignInDialog.h"

#include "AccountStore.h"
#include "ApiClient.h"
#include "DiscoveryModel.h"
#include "ServerTrustStore.h"
#include "Session.h"
#include "UiLogging.h"

#include <nestbox/ErrorCode.h>

#include <QApplication>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include <cmath>

namespace nestbox {

namespace {
const QString kServersKey = QStringLiteral("signIn/servers");
constexpr int kMaxServers = 10;
constexpr int kIconSize = 64;
} // namespace

SignInDialog::SignInDialog(Session *session, AccountStore *accounts, QNetworkAccessManager *network, QWidget *parent)
    : QDialog(parent)
    , _session(session)
    , _accounts(accounts)
    , _probe(new ServerProbe(network, this))
    , _heading(new QLabel(this))
    , _intro(new QLabel(this))
    , _serverCombo(new QComboBox(this))
    , _userCombo(new QComboBox(this))
    , _passwordEdit(new QLineEdit(this))
    , _confirmLabel(new QLabel(this))
    , _confirmEdit(new QLineEdit(this))
    , _inviteLabel(new QLabel(this))
    , _inviteEdit(new QLineEdit(this))
    , _messageLabel(new QLabel(this))
    , _modeButton(new QPushButton(this))
    , _submitButton(new QPushButton(this))
    , _cancelButton(new QPushButton(this))
    , _discovery(new DiscoveryModel(this))
    , _discoveredList(new QListView(this))
    , _discoveryStatus(new QLabel(this))
    , _hostButton(new QPushButton(this))
{
    setObjectName(QStringLiteral("signInDialog"));
    setMinimumWidth(460);

    auto *icon = new QLabel(this);
    icon->setPixmap(QApplication::windowIcon().pixmap(kIconSize, kIconSize));
    QFont headingFont = _heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.45);
    headingFont.setWeight(QFont::DemiBold);
    _heading->setFont(headingFont);
    _intro->setWordWrap(true);
    _intro->setForegroundRole(QPalette::PlaceholderText);

    _serverCombo->setEditable(true);
    _serverCombo->setInsertPolicy(QComboBox::NoInsert);
    _serverCombo->lineEdit()->setClearButtonEnabled(true);
    _serverCombo->addItems(rememberedServers());
    _userCombo->setEditable(true);
    _userCombo->setInsertPolicy(QComboBox::NoInsert);
    _passwordEdit->setEchoMode(QLineEdit::Password);
    _confirmEdit->setEchoMode(QLineEdit::Password);

    _messageLabel->setTextFormat(Qt::PlainText);
    _messageLabel->setWordWrap(true);
    _messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    _messageLabel->setVisible(false);

    _inviteEdit->setObjectName(QStringLiteral("inviteCode"));

    _modeButton->setFlat(true);
    _modeButton->setCursor(Qt::PointingHandCursor);
    _submitButton->setDefault(true);

    auto *headerText = new QVBoxLayout;
    headerText->addWidget(_heading);
    headerText->addWidget(_intro);
    auto *header = new QHBoxLayout;
    header->addWidget(icon, 0, Qt::AlignTop);
    header->addSpacing(8);
    header->addLayout(headerText, 1);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *serverLabel = new QLabel(this);
    serverLabel->setBuddy(_serverCombo);
    auto *userLabel = new QLabel(this);
    userLabel->setBuddy(_userCombo);
    auto *passwordLabel = new QLabel(this);
    passwordLabel->setBuddy(_passwordEdit);
    _confirmLabel->setBuddy(_confirmEdit);
    form->addRow(serverLabel, _serverCombo);
    // Servers announcing themselves on the home network: one click fills the address.
    _discoveredList->setObjectName(QStringLiteral("discoveredServers"));
    _discoveredList->setModel(_discovery);
    _discoveredList->setMaximumHeight(72);
    _discoveredList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    _discoveryStatus->setWordWrap(true);
    _discoveryStatus->setForegroundRole(QPalette::PlaceholderText);
    auto *found = new QVBoxLayout;
    found->addWidget(_discoveredList);
    found->addWidget(_discoveryStatus);
    auto *networkLabel = new QLabel(this);
    networkLabel->setObjectName(QStringLiteral("networkLabel"));
    form->addRow(networkLabel, found);
    form->addRow(userLabel, _userCombo);
    form->addRow(passwordLabel, _passwordEdit);
    form->addRow(_confirmLabel, _confirmEdit);
    _inviteLabel->setBuddy(_inviteEdit);
    form->addRow(_inviteLabel, _inviteEdit);

    _hostButton->setObjectName(QStringLiteral("hostButton"));
    _hostButton->setFlat(true);
    _hostButton->setCursor(Qt::PointingHandCursor);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(_modeButton);
    buttons->addWidget(_hostButton);
    buttons->addStretch(1);
    buttons->addWidget(_cancelButton);
    buttons->addWidget(_submitButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 20, 20, 16);
    layout->addLayout(header);
    layout->addSpacing(12);
    layout->addLayout(form);
    layout->addWidget(_messageLabel);
    layout->addSpacing(8);
    layout->addLayout(buttons);

    connect(_serverCombo->lineEdit(), &QLineEdit::textEdited, this, &SignInDialog::onServerEdited);
    connect(_serverCombo, &QComboBox::currentTextChanged, this, [this] {
        fillUsernames();
        updateWidgets();
    });
    connect(_serverCombo->lineEdit(), &QLineEdit::editingFinished, this, [this] {
        // Learn early whether sign-up is open, so "Create account" shows before the user asks.
        if (isVisible() && !_serverCombo->currentText().trimmed().isEmpty() && !_serverInfo && !_probe->isRunning()
            && !_submitting)
            _probe->probeAddress(_serverCombo->currentText());
    });
    connect(_userCombo, &QComboBox::currentTextChanged, this, &SignInDialog::updateWidgets);
    connect(_passwordEdit, &QLineEdit::textChanged, this, &SignInDialog::updateWidgets);
    connect(_confirmEdit, &QLineEdit::textChanged, this, &SignInDialog::updateWidgets);
    connect(_submitButton, &QPushButton::clicked, this, &SignInDialog::submit);
    connect(_cancelButton, &QPushButton::clicked, this, &SignInDialog::reject);
    connect(_modeButton, &QPushButton::clicked, this, [this] {
        setMode(_mode == Mode::SignIn ? Mode::SignUp : Mode::SignIn);
    });
    connect(_probe, &ServerProbe::succeeded, this, &SignInDialog::onProbeSucceeded);
    connect(_probe, &ServerProbe::failed, this, &SignInDialog::onProbeFailed);
    connect(_session, &Session::signedIn, this, &SignInDialog::onSignedIn);
    connect(_session, &Session::signInFailed, this, &SignInDialog::onSignInFailed);
    connect(_hostButton, &QPushButton::clicked, this, &SignInDialog::hostRequested);
    connect(_discoveredList, &QListView::clicked, this, [this](const QModelIndex &index) {
        if (_submitting || _reauthentication)
            return;
        setServerAddress(index.data(DiscoveryModel::UrlRole).toUrl().toString());
        _expectedFingerprint = index.data(DiscoveryModel::FingerprintRole).toString();
        _probe->probeAddress(_serverCombo->currentText());
    });
    auto updateDiscovery = [this] {
        const bool any = _discovery->rowCount() > 0;
        _discoveredList->setVisible(any);
        _discoveryStatus->setText(_discovery->statusText());
        _discoveryStatus->setVisible(!any);
    };
    connect(_discovery, &DiscoveryModel::statusChanged, this, updateDiscovery);
    connect(_discovery, &QAbstractItemModel::rowsInserted, this, updateDiscovery);
    connect(_discovery, &QAbstractItemModel::rowsRemoved, this, updateDiscovery);
    _discovery->start();
    updateDiscovery();

    if (const auto last = _accounts->lastUsed()) {
        setServerAddress(last->serverUrl.toString());
        setUsername(last->username);
    }
    retranslateUi();
    setMode(Mode::SignIn);
}

SignInDialog::~SignInDialog()
{
    // QDialog's destructor hides the dialog, which takes the focus from the server field: its
    // editingFinished would then run the probe slot above on a SignInDialog whose members
    // (_serverInfo, ...) are already destroyed, and could start a probe from a dying dialog.
    _serverCombo->lineEdit()->disconnect(this);
}

// The fixed texts; setMode() sets the ones that depend on sign-in or sign-up.
void SignInDialog::retranslateUi()
{
    setWindowTitle(tr("Sign In to Nestbox"));
    _serverCombo->lineEdit()->setPlaceholderText(tr("for example nas.local:8080"));
    _userCombo->lineEdit()->setPlaceholderText(tr("your user name"));
    _passwordEdit->setPlaceholderText(tr("password"));
    _confirmEdit->setPlaceholderText(tr("the same password again"));
    _confirmLabel->setText(tr("Con&firm password:"));
    _inviteLabel->setText(tr("&Invitation code:"));
    _inviteEdit->setPlaceholderText(tr("from the server's administrator, if you got one"));
    _cancelButton->setText(tr("Cancel"));
    _hostButton->setText(tr("Host a server on this computer…"));
    _discoveredList->setToolTip(tr("Nestbox servers found on your network: click one to use it"));
    if (auto *networkLabel = findChild<QLabel *>(QStringLiteral("networkLabel")))
        networkLabel->setText(tr("On your network:"));
    // The form's labels are found by the field they name.
    for (QLabel *label : findChildren<QLabel *>()) {
        if (label->buddy() == _serverCombo)
            label->setText(tr("&Server:"));
        else if (label->buddy() == _userCombo)
            label->setText(tr("&User name:"));
        else if (label->buddy() == _passwordEdit)
            label->setText(tr("&Password:"));
    }
}

void SignInDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        // Heading, intro and buttons; a message on screen stays as it was written.
        const bool messageShown = _messageLabel->isVisible();
        const QString message = _messageLabel->text();
        setMode(_mode);
        if (messageShown) {
            _messageLabel->setText(message);
            _messageLabel->setVisible(true);
        }
    }
    QDialog::changeEvent(event);
}

void SignInDialog::setServerAddress(const QString &address)
{
    _serverCombo->setEditText(address);
    _serverInfo.reset();
    fillUsernames();
    updateWidgets();
}

void SignInDialog::setUsername(const QString &username)
{
    _userCombo->setEditText(username);
    updateWidgets();
}

void SignInDialog::setPassword(const QString &password)
{
    _passwordEdit->setText(password);
    if (_mode == Mode::SignUp)
        _confirmEdit->setText(password);
}

void SignInDialog::setInviteCode(const QString &code)
{
    _inviteEdit->setText(code);
}

void SignInDialog::setReauthentication(const QString &address, const QString &username)
{
    _reauthentication = true;
    setMode(Mode::SignIn);
    setServerAddress(address);
    setUsername(username);
    _serverCombo->setEnabled(false);
    _userCombo->setEnabled(false);
    _passwordEdit->clear();
    showMessage(MessageKind::Info, tr("Your session has ended. Enter your password to carry on where you "
                                      "left off; paused uploads continue by themselves."));
    _passwordEdit->setFocus();
}

void SignInDialog::setMode(Mode mode)
{
    _mode = mode;
    const bool signUp = mode == Mode::SignUp;
    _heading->setText(signUp ? tr("Create your account") : tr("Sign in to your album"));
    _intro->setText(signUp ? tr("Choose a user name and a password of at least 8 characters. The first "
                                "account on a server looks after it.")
                           : tr("Enter the address of your family's Nestbox server and your account."));
    _confirmLabel->setVisible(signUp);
    _confirmEdit->setVisible(signUp);
    _inviteLabel->setVisible(signUp);
    _inviteEdit->setVisible(signUp);
    _submitButton->setText(signUp ? tr("&Create Account") : tr("&Sign In"));
    _modeButton->setText(signUp ? tr("I already have an account") : tr("Create an account…"));
    if (!_submitting)
        _messageLabel->setVisible(false);
    updateWidgets();
    // The explicit minimum width keeps the layout from growing the dialog by itself: make room
    // for the longer texts (and the extra rows of "Create account") so no button is squeezed.
    if (isVisible() && layout()) {
        layout()->activate(); // the nested rows' size hints are recomputed here, not at setText()
        resize(size().expandedTo(sizeHint()));
    }
}

bool SignInDialog::isBusy() const
{
    return _submitting;
}

QString SignInDialog::messageText() const
{
    return _messageLabel->isVisible() ? _messageLabel->text() : QString();
}

void SignInDialog::submit()
{
    if (_submitting || !_submitButton->isEnabled())
        return;
    if (_mode == Mode::SignUp && _passwordEdit->text() != _confirmEdit->text()) {
        showMessage(MessageKind::Error, tr("The two passwords are not the same."));
        _confirmEdit->setFocus();
        return;
    }
    const auto url = ServerProbe::baseUrlFromUserInput(_serverCombo->currentText());
    if (!url) {
        showMessage(MessageKind::Error, tr("“%1” is not a server address. Type it like nas.local:8080 or "
                                           "https://photos.example.org.")
                                            .arg(_serverCombo->currentText().trimmed()));
        return;
    }
    _submitting = true;
    updateWidgets();
    showMessage(MessageKind::Progress, tr("Connecting to %1…").arg(url->host()));
    if (_serverInfo && _probedUrl == *url) {
        proceedWithSession();
        return;
    }
    _probe->probe(*url);
}

void SignInDialog::onServerEdited()
{
    _expectedFingerprint.clear();
    _probe->abort();
    _serverInfo.reset();
    if (!_reauthentication && _mode == Mode::SignUp)
        setMode(Mode::SignIn);
    updateWidgets();
}

void SignInDialog::onProbeSucceeded(const ServerInfo &info)
{
    _serverInfo = info;
    _probedUrl = info.baseUrl;
    updateWidgets();
    if (_submitting)
        proceedWithSession();
}

void SignInDialog::onProbeFailed(ServerProbe::Failure failure, const QString &message)
{
    _serverInfo.reset();
    const auto url = ServerProbe::baseUrlFromUserInput(_serverCombo->currentText());
    if (failure == ServerProbe::Failure::UntrustedCertificate && _submitting && url) {
        askTrust(*url, _probe->certificateFingerprint());
        return;
    }
    if (!_submitting)
        return; // an early check while typing: say nothing until the user asks
    _submitting = false;
    showMessage(MessageKind::Error, message);
    updateWidgets();
    Q_EMIT failed(message);
}

void SignInDialog::askTrust(const QUrl &url, const QString &fingerprint)
{
    const QString server = ServerTrustStore::serverKey(url);
    QString text = tr("This is the first time this computer connects to %1. Its certificate fingerprint is:\n\n%2\n\n")
                       .arg(server, ServerTrustStore::fingerprintForDisplay(fingerprint));
    if (!_expectedFingerprint.isEmpty() && _expectedFingerprint.compare(fingerprint, Qt::CaseInsensitive) == 0)
        text += tr("It matches the fingerprint announced on your network.") + QLatin1Char(' ');
    else if (!_expectedFingerprint.isEmpty())
        text += tr("Careful: it does NOT match the fingerprint announced on your network (%1).").arg(_expectedFingerprint)
                + QLatin1Char(' ');
    text += tr("Compare it with the fingerprint shown on the computer hosting the server (in Nestbox there: "
               "Server ▸ Host a Server on This Computer…). Trust this server?");
    showMessage(MessageKind::Progress, tr("Waiting for your answer about the server's certificate…"));
    delete _trustQuestion;
    _trustQuestion = new QMessageBox(QMessageBox::Question, tr("Trust this server?"), text, QMessageBox::NoButton, this);
    _trustQuestion->setObjectName(QStringLiteral("trustQuestion"));
    _trustQuestion->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPushButton *trust = _trustQuestion->addButton(tr("&Trust"), QMessageBox::AcceptRole);
    QPushButton *cancel = _trustQuestion->addButton(tr("Do &Not Trust"), QMessageBox::RejectRole);
    _trustQuestion->setDefaultButton(cancel);
    QMessageBox *box = _trustQuestion;
    connect(box, &QMessageBox::finished, this, [this, box, trust, url, server, fingerprint] {
        const bool yes = box->clickedButton() == trust;
        box->deleteLater();
        if (_trustQuestion == box)
            _trustQuestion = nullptr;
        if (!yes) {
            _submitting = false;
            showMessage(MessageKind::Error, tr("Not connected: you did not trust the certificate of %1.").arg(server));
            updateWidgets();
            return;
        }
        _session->client()->trustStore()->pin(server, fingerprint);
        showMessage(MessageKind::Progress, tr("Connecting to %1…").arg(url.host()));
        _probe->probe(url);
    });
    _trustQuestion->open();
}

void SignInDialog::proceedWithSession()
{
    if (_mode == Mode::SignUp && _serverInfo && !_serverInfo->signupOpen && _inviteEdit->text().trimmed().isEmpty()) {
        _submitting = false;
        showMessage(MessageKind::Error, tr("This server takes new accounts only with an invitation code. Ask the "
                                           "person who runs it for a code, or for an account."));
        _inviteEdit->setFocus();
        updateWidgets();
        return;
    }
    rememberServer(_serverCombo->currentText().trimmed());
    showMessage(MessageKind::Progress, _mode == Mode::SignUp ? tr("Creating your account…") : tr("Signing in…"));
    const QUrl url = _probedUrl;
    const QString user = _userCombo->currentText().trimmed();
    if (_mode == Mode::SignUp)
        _session->signUp(url, user, _passwordEdit->text(), _inviteEdit->text());
    else
        _session->signIn(url, user, _passwordEdit->text());
}

void SignInDialog::onSignInFailed(const ApiError &error)
{
    if (!_submitting && isVisible() && !_messageLabel->isVisible()) {
        // A restore() that failed while the dialog was open: say why.
        showMessage(MessageKind::Error, errorText(error));
        return;
    }
    if (!_submitting)
        return;
    _submitting = false;
    const QString text = errorText(error);
    showMessage(MessageKind::Error, text);
    updateWidgets();
    if (error.isAuthError()) {
        _passwordEdit->selectAll();
        _passwordEdit->setFocus();
    }
    Q_EMIT failed(text);
}

void SignInDialog::onSignedIn()
{
    _submitting = false;
    _passwordEdit->clear();
    _confirmEdit->clear();
    _inviteEdit->clear();
    updateWidgets();
    if (isVisible())
        accept();
}

QString SignInDialog::errorText(const ApiError &error) const
{
    if (error.is(ErrorCode::InvalidCredentials) || (error.isAuthError() && !error.code))
        return tr("The user name or the password is wrong. Check both (capital letters count) and try again.");
    if (error.is(ErrorCode::TooManyAttempts)) {
        const int minutes = std::max(1, int(std::ceil(error.retryAfterSeconds() / 60.0)));
        return tr("Too many wrong passwords for this account. Wait %n minute(s), then try again.", nullptr, minutes);
    }
    if (!error.message.isEmpty())
        return error.message;
    return tr("Signing in did not work (%1).").arg(error.toString());
}

void SignInDialog::fillUsernames()
{
    const auto url = ServerProbe::baseUrlFromUserInput(_serverCombo->currentText());
    const QString current = _userCombo->currentText();
    QStringList names;
    if (url) {
        const auto accounts = _accounts->accounts();
        for (const Account &account : accounts)
            if (account.serverUrl.adjusted(QUrl::StripTrailingSlash) == url->adjusted(QUrl::StripTrailingSlash))
                names.append(account.username);
    }
    _userCombo->blockSignals(true);
    _userCombo->clear();
    _userCombo->addItems(names);
    _userCombo->setEditText(current.isEmpty() && !names.isEmpty() ? names.first() : current);
    _userCombo->blockSignals(false);
}

void SignInDialog::updateWidgets()
{
    const bool filled = !_serverCombo->currentText().trimmed().isEmpty()
                        && !_userCombo->currentText().trimmed().isEmpty() && !_passwordEdit->text().isEmpty()
                        && (_mode == Mode::SignIn || !_confirmEdit->text().isEmpty());
    _submitButton->setEnabled(filled && !_submitting);
    _serverCombo->setEnabled(!_submitting && !_reauthentication);
    _userCombo->setEnabled(!_submitting && !_reauthentication);
    _passwordEdit->setEnabled(!_submitting);
    _confirmEdit->setEnabled(!_submitting);
    _inviteEdit->setEnabled(!_submitting);
    // "Create account" also where sign-up is closed: an invitation code opens it.
    _modeButton->setVisible(!_reauthentication);
    _modeButton->setEnabled(!_submitting);
}

void SignInDialog::showMessage(MessageKind kind, const QString &text)
{
    // Light tints with dark text read well on both light and dark palettes.
    switch (kind) {
    case MessageKind::Progress:
        _messageLabel->setStyleSheet(QStringLiteral("QLabel { border: 1px solid transparent; padding: 6px; }"));
        break;
    case MessageKind::Info:
        _messageLabel->setStyleSheet(QStringLiteral(
            "QLabel { background: #e8f0fe; color: #1a3a6b; border: 1px solid #c3d5f7; border-radius: 6px; padding: 8px; }"));
        break;
    case MessageKind::Error:
        _messageLabel->setStyleSheet(QStringLiteral(
            "QLabel { background: #fdecea; color: #7a1c14; border: 1px solid #f3c2bc; border-radius: 6px; padding: 8px; }"));
        break;
    }
    _messageLabel->setText(text);
    _messageLabel->setVisible(true);
}

QStringList SignInDialog::rememberedServers() const
{
    QStringList servers = QSettings().value(kServersKey).toStringList();
    const auto accounts = _accounts->accounts();
    for (const Account &account : accounts) {
        const QString address = account.serverUrl.toString();
        if (!servers.contains(address))
            servers.append(address);
    }
    return servers;
}

void SignInDialog::rememberServer(const QString &address) const
{
    QSettings settings;
    QStringList servers = settings.value(kServersKey).toStringList();
    servers.removeAll(address);
    servers.prepend(address);
    while (servers.size() > kMaxServers)
        servers.removeLast();
    settings.setValue(kServersKey, servers);
}

} // namespace nestbox
