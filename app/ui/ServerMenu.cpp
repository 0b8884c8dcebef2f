#include "ServerMenu.h"

#include "AdminDialog.h"
#include "AdminUsersModel.h"
#include "ApiClient.h"
#include "HostingController.h"
#include "HostingDialog.h"
#include "Icons.h"
#include "Session.h"
#include "TrustedServersDialog.h"

#include <QAction>
#include <QEvent>
#include <QSettings>
#include <QTimer>

namespace nestbox {

ServerMenu::ServerMenu(Session *session, QWidget *parent)
    : QMenu(parent)
    , _session(session)
    , _hosting(new HostingController(this))
    , _hostAction(addAction(QString()))
    , _adminAction(addAction(QString()))
    , _trustedAction(addAction(QString()))
{
    setObjectName(QStringLiteral("serverMenu"));
    retranslateUi();
    Icons::set(_adminAction, QStringLiteral("account"));
    connect(_hostAction, &QAction::triggered, this, &ServerMenu::showHosting);
    connect(_adminAction, &QAction::triggered, this, &ServerMenu::showAdmin);
    connect(_trustedAction, &QAction::triggered, this, &ServerMenu::showTrustedServers);
    connect(_session, &Session::signedIn, this, &ServerMenu::updateAdminAction);
    connect(_session, &Session::signedOut, this, &ServerMenu::updateAdminAction);
    connect(_hosting, &HostingController::ready, this, [this](const QUrl &localUrl) {
        if (_session->isSignedIn() && _session->serverUrl().adjusted(QUrl::StripTrailingSlash) == localUrl)
            return;
        // The app started with this server remembered (its first sign-in attempt found it not yet
        // running): sign in again with the stored token.
        if (!_session->isSignedIn() && !_session->isBusy() && !_hosting->isFreshData()
            && _session->serverUrl().adjusted(QUrl::StripTrailingSlash) == localUrl && _session->restore())
            return;
        // The first account of a fresh server becomes its admin: offer the computer's user name.
        QString name = _hosting->isFreshData() ? qEnvironmentVariable("USER") : QString();
        Q_EMIT signInRequested(localUrl, name, _hosting->isFreshData());
    });
    updateAdminAction();
    // Once the event loop runs: the main window shows first, and its owner can still configure
    // the controller.
    if (QSettings().value(HostingDialog::startWithAppKey(), false).toBool())
        QTimer::singleShot(0, _hosting, &HostingController::start);
}

ServerMenu::~ServerMenu() = default;

void ServerMenu::retranslateUi()
{
    setTitle(tr("Se&rver"));
    _hostAction->setText(tr("&Host a Server on This Computer…"));
    _adminAction->setText(tr("Family &Accounts…"));
    _trustedAction->setText(tr("&Trusted Servers…"));
}

void ServerMenu::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMenu::changeEvent(event);
}

HostingDialog *ServerMenu::hostingDialog() const
{
    return _hostingDialog;
}

AdminDialog *ServerMenu::adminDialog() const
{
    return _adminDialog;
}

void ServerMenu::updateAdminAction()
{
    const QJsonObject user = _session->user();
    const bool admin = _session->isSignedIn()
                       && (user.value(QLatin1String("is_admin")).toBool() || user.value(QLatin1String("admin")).toBool());
    _adminAction->setVisible(admin);
    _adminAction->setEnabled(admin);
    // Another account (or none): the accounts window of the previous one goes.
    if (_adminDialog) {
        AdminDialog *dialog = _adminDialog;
        _adminDialog = nullptr;
        dialog->close();
        dialog->deleteLater();
    }
}

void ServerMenu::showHosting()
{
    if (!_hostingDialog) {
        // Kept (hidden) between uses: it shows the controller, which lives as long as the menu.
        _hostingDialog = new HostingDialog(_hosting, parentWidget());
    }
    _hostingDialog->show();
    _hostingDialog->raise();
    _hostingDialog->activateWindow();
}

void ServerMenu::showAdmin()
{
    if (!_adminAction->isEnabled())
        return;
    if (!_adminDialog) {
        _adminDialog = new AdminDialog(_session->client(), _session->username(), parentWidget());
    } else if (!_adminDialog->isVisible()) {
        _adminDialog->model()->reload();
    }
    _adminDialog->show();
    _adminDialog->raise();
    _adminDialog->activateWindow();
}

void ServerMenu::showTrustedServers()
{
    if (!_trustedDialog) {
        _trustedDialog = new TrustedServersDialog(_session->client()->trustStore(), parentWidget());
    }
    _trustedDialog->show();
    _trustedDialog->raise();
    _trustedDialog->activateWindow();
}

} // namespace nestbox
