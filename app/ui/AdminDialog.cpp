#include "AdminDialog.h"

#include "AdminUsersModel.h"
#include "Icons.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace nestbox {

namespace {
constexpr int kMinPasswordLength = 8;

// Asks for a password twice; empty when cancelled or the two differ (then says so).
QString askPassword(QWidget *parent, const QString &title, const QString &label)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(title);
    auto *first = new QLineEdit(&dialog);
    auto *second = new QLineEdit(&dialog);
    first->setEchoMode(QLineEdit::Password);
    second->setEchoMode(QLineEdit::Password);
    auto *form = new QFormLayout(&dialog);
    auto *text = new QLabel(label, &dialog);
    text->setWordWrap(true);
    form->addRow(text);
    form->addRow(AdminDialog::tr("New password:"), first);
    form->addRow(AdminDialog::tr("Again:"), second);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    if (first->text() != second->text()) {
        QMessageBox::warning(parent, title, AdminDialog::tr("The two passwords are not the same."));
        return {};
    }
    if (first->text().size() < kMinPasswordLength) {
        QMessageBox::warning(parent, title, AdminDialog::tr("The password must have at least 8 characters."));
        return {};
    }
    return first->text();
}
} // namespace

AdminDialog::AdminDialog(ApiClient *client, const QString &currentUsername, QWidget *parent)
    : QDialog(parent)
    , _model(new AdminUsersModel(client, this))
    , _me(currentUsername)
    , _view(new QTableView(this))
    , _message(new QLabel(this))
    , _invite(new QLineEdit(this))
    , _createButton(new QPushButton(tr("&New Account…"), this))
    , _inviteButton(new QPushButton(tr("&Invite…"), this))
    , _disableButton(new QPushButton(tr("&Disable"), this))
    , _passwordButton(new QPushButton(tr("Reset &Password…"), this))
    , _refreshButton(new QPushButton(tr("&Refresh"), this))
{
    setObjectName(QStringLiteral("adminDialog"));
    setWindowTitle(tr("Family Accounts"));
    resize(720, 440);

    auto *intro = new QLabel(tr("Everyone with an account on this server, and the storage their photos take."), this);
    intro->setWordWrap(true);
    _view->setObjectName(QStringLiteral("usersView"));
    _view->setModel(_model);
    _view->setSelectionBehavior(QAbstractItemView::SelectRows);
    _view->setSelectionMode(QAbstractItemView::SingleSelection);
    _view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    _view->verticalHeader()->hide();
    _view->horizontalHeader()->setSectionResizeMode(AdminUsersModel::UsernameColumn, QHeaderView::Stretch);
    _view->setAlternatingRowColors(true);

    _message->setWordWrap(true);
    _message->setTextFormat(Qt::PlainText);
    _message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    _message->setVisible(false);
    _invite->setObjectName(QStringLiteral("inviteCode"));
    _invite->setReadOnly(true);
    _invite->setPlaceholderText(tr("Invitation codes appear here"));
    auto *copyInvite = new QPushButton(tr("&Copy"), this);
    Icons::set(copyInvite, QStringLiteral("copy"));
    Icons::set(_refreshButton, QStringLiteral("refresh"));
    Icons::set(_createButton, QStringLiteral("account"));

    auto *actions = new QHBoxLayout;
    actions->addWidget(_createButton);
    actions->addWidget(_inviteButton);
    actions->addWidget(_disableButton);
    actions->addWidget(_passwordButton);
    actions->addStretch(1);
    actions->addWidget(_refreshButton);
    auto *inviteRow = new QHBoxLayout;
    inviteRow->addWidget(new QLabel(tr("Invitation code:"), this));
    inviteRow->addWidget(_invite, 1);
    inviteRow->addWidget(copyInvite);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(actions);
    layout->addWidget(_view, 1);
    layout->addLayout(inviteRow);
    layout->addWidget(_message);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(_refreshButton, &QPushButton::clicked, _model, &AdminUsersModel::reload);
    connect(_createButton, &QPushButton::clicked, this, &AdminDialog::createAccount);
    connect(_inviteButton, &QPushButton::clicked, this, [this] { _model->createInvite(); });
    connect(_disableButton, &QPushButton::clicked, this, &AdminDialog::toggleDisabled);
    connect(_passwordButton, &QPushButton::clicked, this, &AdminDialog::resetPassword);
    connect(copyInvite, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(_invite->text()); });
    connect(_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AdminDialog::updateButtons);
    connect(_model, &QAbstractItemModel::modelReset, this, &AdminDialog::updateButtons);
    connect(_model, &AdminUsersModel::loadFailed, this,
            [this](const ApiError &error) { showMessage(tr("Could not load the accounts: %1").arg(error.message), true); });
    connect(_model, &AdminUsersModel::actionFailed, this, [this](const ApiError &error) {
        showMessage(error.message.isEmpty() ? error.toString() : error.message, true);
    });
    connect(_model, &AdminUsersModel::actionFinished, this, [this](const QString &text) { showMessage(text, false); });
    connect(_model, &AdminUsersModel::inviteCreated, this, [this](const QString &code, const QDateTime &expires) {
        _invite->setText(code);
        _invite->setToolTip(expires.isValid()
                                ? tr("Valid until %1").arg(QLocale().toString(expires.toLocalTime(), QLocale::ShortFormat))
                                : QString());
        _invite->selectAll();
    });
    updateButtons();
    _model->reload();
}

AdminDialog::~AdminDialog() = default;

QString AdminDialog::messageText() const
{
    return _message->isVisible() ? _message->text() : QString();
}

QString AdminDialog::inviteCode() const
{
    return _invite->text();
}

int AdminDialog::currentRow() const
{
    const QModelIndexList rows = _view->selectionModel() ? _view->selectionModel()->selectedRows() : QModelIndexList();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void AdminDialog::updateButtons()
{
    const int row = currentRow();
    const bool has = row >= 0;
    const AdminUsersModel::User u = _model->user(row);
    const bool me = has && u.username.compare(_me, Qt::CaseInsensitive) == 0;
    _disableButton->setEnabled(has && !me);
    _disableButton->setText(has && u.disabled ? tr("&Enable") : tr("&Disable"));
    _disableButton->setToolTip(me ? tr("You cannot disable your own account") : QString());
    _passwordButton->setEnabled(has);
}

void AdminDialog::showMessage(const QString &text, bool error)
{
    _message->setStyleSheet(error ? QStringLiteral("QLabel { background: #fdecea; color: #7a1c14; border: 1px solid "
                                                   "#f3c2bc; border-radius: 6px; padding: 6px; }")
                                  : QStringLiteral("QLabel { background: #e6f4ea; color: #1e4620; border: 1px solid "
                                                   "#b7dfc0; border-radius: 6px; padding: 6px; }"));
    _message->setText(text);
    _message->setVisible(true);
}

void AdminDialog::createAccount()
{
    bool ok = false;
    const QString username = QInputDialog::getText(this, tr("New Account"),
                                                   tr("User name (3 to 32 letters, digits, dots, dashes or underscores):"),
                                                   QLineEdit::Normal, QString(), &ok)
                                 .trimmed();
    if (!ok || username.isEmpty())
        return;
    const QString password = askPassword(this, tr("New Account"),
                                         tr("A first password for “%1”. Tell it to them; they can change it later.")
                                             .arg(username));
    if (password.isEmpty())
        return;
    _model->createUser(username, password);
}

void AdminDialog::toggleDisabled()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const AdminUsersModel::User u = _model->user(row);
    if (!u.disabled) {
        const auto answer = QMessageBox::question(
            this, tr("Disable Account"),
            tr("Disable “%1”? They cannot sign in or upload until you enable the account again. Their photos stay.")
                .arg(u.username),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    _model->setDisabled(row, !u.disabled);
}

void AdminDialog::resetPassword()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const AdminUsersModel::User u = _model->user(row);
    const QString password =
        askPassword(this, tr("Reset Password"), tr("A new password for “%1”. Their devices must sign in again.").arg(u.username));
    if (password.isEmpty())
        return;
    const auto answer =
        QMessageBox::question(this, tr("Reset Password"), tr("Change the password of “%1” now?").arg(u.username),
                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        _model->resetPassword(row, password);
}

} // namespace nestbox
