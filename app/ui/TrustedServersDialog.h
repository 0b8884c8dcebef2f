#pragma once

#include <QDialog>

class QPushButton;
class QTreeWidget;

namespace nestbox {

class ServerTrustStore;

// The certificates this app trusts (trust on first use), one per server, and the one way to forget
// one: after a server was reinstalled on purpose its new certificate is refused until the user
// removes the old one here (with a confirmation) and trusts the new one on the next sign-in. GUI thread.
class TrustedServersDialog : public QDialog {
    Q_OBJECT

public:
    explicit TrustedServersDialog(ServerTrustStore *store, QWidget *parent = nullptr);
    ~TrustedServersDialog() override;

private:
    void fill();
    void removeSelected();

    ServerTrustStore *_store;
    QTreeWidget *_list;
    QPushButton *_removeButton;
};

} // namespace nestbox
