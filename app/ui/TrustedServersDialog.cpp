#include "TrustedServersDialog.h"

#include "Icons.h"
#include "ServerTrustStore.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace nestbox {

TrustedServersDialog::TrustedServersDialog(ServerTrustStore *store, QWidget *parent)
    : QDialog(parent)
    , _store(store)
    , _list(new QTreeWidget(this))
    , _removeButton(new QPushButton(tr("&Remove…"), this))
{
    setObjectName(QStringLiteral("trustedServersDialog"));
    setWindowTitle(tr("Trusted Servers"));
    resize(720, 320);
    auto *intro = new QLabel(tr("Nestbox connects only to these servers' certificates. If a server was "
                                "reinstalled on purpose, remove its old certificate here; Nestbox asks "
                                "about the new one on the next sign-in."),
                             this);
    intro->setWordWrap(true);
    _list->setHeaderLabels({tr("Server"), tr("Certificate fingerprint (SHA-256)")});
    _list->setRootIsDecorated(false);
    _list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    Icons::set(_removeButton, QStringLiteral("delete"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(_removeButton, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(_list, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(_removeButton, &QPushButton::clicked, this, &TrustedServersDialog::removeSelected);
    connect(_list, &QTreeWidget::itemSelectionChanged, this,
            [this] { _removeButton->setEnabled(_list->currentItem() != nullptr); });
    connect(_store, &ServerTrustStore::pinsChanged, this, &TrustedServersDialog::fill);
    fill();
}

TrustedServersDialog::~TrustedServersDialog() = default;

void TrustedServersDialog::fill()
{
    _list->clear();
    const auto pins = _store->pins();
    for (const ServerTrustStore::Pin &pin : pins)
        new QTreeWidgetItem(_list, {pin.server, pin.fingerprint});
    _removeButton->setEnabled(false);
}

void TrustedServersDialog::removeSelected()
{
    QTreeWidgetItem *item = _list->currentItem();
    if (!item)
        return;
    const QString server = item->text(0);
    const auto answer = QMessageBox::warning(
        this, tr("Remove Trusted Certificate"),
        tr("Forget the certificate of %1? Do this only if you know the server was reinstalled or got a new "
           "certificate. Nestbox will ask you to trust the certificate it shows next time.")
            .arg(server),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        _store->unpin(server);
}

} // namespace nestbox
