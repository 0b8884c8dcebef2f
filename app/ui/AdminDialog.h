#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace nestbox {

class AdminUsersModel;
class ApiClient;

// Accounts of the server, for its admin: every user with the files and storage they use and
// whether the account is disabled; create an account, create an invitation code (shown to copy),
// disable/enable an account, reset a password (asked twice, confirmed). Only the main window's
// admins get here; the server refuses everyone else anyway (403). GUI thread.
class AdminDialog : public QDialog {
    Q_OBJECT

public:
    explicit AdminDialog(ApiClient *client, const QString &currentUsername, QWidget *parent = nullptr);
    ~AdminDialog() override;

    AdminUsersModel *model() const { return _model; }
    QTableView *view() const { return _view; }
    QString messageText() const;
    QString inviteCode() const;

private:
    void createAccount();
    void toggleDisabled();
    void resetPassword();
    void updateButtons();
    void showMessage(const QString &text, bool error);
    int currentRow() const;

    AdminUsersModel *_model;
    QString _me;
    QTableView *_view;
    QLabel *_message;
    QLineEdit *_invite;
    QPushButton *_createButton;
    QPushButton *_inviteButton;
    QPushButton *_disableButton;
    QPushButton *_passwordButton;
    QPushButton *_refreshButton;
};

} // namespace nestbox
