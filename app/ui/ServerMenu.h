#pragma once

#include <QMenu>
#include <QPointer>
#include <QUrl>

class QAction;

namespace nestbox {

class AdminDialog;
class HostingController;
class HostingDialog;
class Session;
class TrustedServersDialog;

// The main window's "Server" menu: host a server on this computer (HostingDialog over the one
// HostingController of the app), the accounts of the server for its admin (AdminDialog; the entry
// shows only while an admin is signed in) and the trusted certificates (TrustedServersDialog).
// When the hosted server is ready and nobody is signed in to it, signInRequested() asks the main
// window to open the sign-in dialog on it (sign-up of the first, admin, user on fresh data), unless
// the session can sign in again to it with its stored token. With "Start this server whenever
// Nestbox starts" (HostingDialog) the server starts with the menu, i.e. with the app. GUI thread.
class ServerMenu : public QMenu {
    Q_OBJECT

public:
    ServerMenu(Session *session, QWidget *parent);
    ~ServerMenu() override;

    HostingController *hosting() const { return _hosting; }
    QAction *hostAction() const { return _hostAction; }
    QAction *adminAction() const { return _adminAction; }
    QAction *trustedAction() const { return _trustedAction; }
    HostingDialog *hostingDialog() const;
    AdminDialog *adminDialog() const;

public Q_SLOTS:
    void showHosting();
    void showAdmin();
    void showTrustedServers();

Q_SIGNALS:
    void signInRequested(const QUrl &serverUrl, const QString &username, bool signUp);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateAdminAction();

    Session *_session;
    HostingController *_hosting;
    QAction *_hostAction;
    QAction *_adminAction;
    QAction *_trustedAction;
    QPointer<HostingDialog> _hostingDialog;
    QPointer<AdminDialog> _adminDialog;
    QPointer<TrustedServersDialog> _trustedDialog;
};

} // namespace nestbox
