#pragma once

#include "ServerProbe.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace nestbox {

// The first page of the app until the album exists: says what Nestbox is and lets the user check
// a server address with ServerProbe, showing the server's name and version or why it failed.
// GUI thread only; the probe is not owned and must outlive the page.
class WelcomePage : public QWidget {
    Q_OBJECT

public:
    explicit WelcomePage(ServerProbe *probe, QWidget *parent = nullptr);

    QString address() const;
    void setAddress(const QString &address);
    bool isConnecting() const;

public Q_SLOTS:
    void connectToServer();

Q_SIGNALS:
    // After a connection attempt ended and its result is on screen.
    void connectFinished(bool succeeded);

private:
    enum class StatusKind { Progress, Success, Error };

    void onSucceeded(const nestbox::ServerInfo &info);
    void onFailed(nestbox::ServerProbe::Failure failure, const QString &message);
    void onAddressEdited();
    void updateConnectButton();
    void showStatus(StatusKind kind, const QString &text);

    ServerProbe *_probe;
    QLineEdit *_addressEdit;
    QPushButton *_connectButton;
    QLabel *_statusLabel;
};

} // namespace nestbox
