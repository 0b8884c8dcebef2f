#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QPushButton;

namespace nestbox {

class HostingController;

// "Host a server on this computer": what the HostingController does, in words a family can use:
// whether the server runs, the addresses of this computer on the home network, the one-line
// invitation to send to the others (with a Copy button) and Start/Stop. The controller belongs to
// the caller; closing the dialog does not stop the server. GUI thread.
class HostingDialog : public QDialog {
    Q_OBJECT

public:
    explicit HostingDialog(HostingController *controller, QWidget *parent = nullptr);
    ~HostingDialog() override;

    QString invitationText() const;
    QString statusText() const;
    QPushButton *startButton() const { return _startButton; }
    QPushButton *stopButton() const { return _stopButton; }
    QCheckBox *startWithAppBox() const { return _startWithApp; }
    // The QSettings key of "start this server whenever Nestbox starts" (read by ServerMenu).
    static QString startWithAppKey();

private:
    void updateWidgets();

    HostingController *_controller;
    QLabel *_status;
    QLabel *_program;
    QLabel *_addresses;
    QLabel *_invitation;
    QPushButton *_copyButton;
    QPushButton *_startButton;
    QPushButton *_stopButton;
    QCheckBox *_startWithApp;
};

} // namespace nestbox
