#pragma once

#include "ApiError.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QString>

namespace nestbox {

class AbstractApiJob;
class ApiClient;

// The accounts of the server, for its admin: one row per user with files and storage used, the
// disabled state and whether the account is an admin (GET /admin/users). The actions (create an
// account, disable/enable, reset a password, create an invitation code) run the admin API and
// reload the list after a change; each ends in actionFinished() or actionFailed(). GUI thread.
class AdminUsersModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { UsernameColumn, FilesColumn, StorageColumn, StateColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,
        UsernameRole,
        FilesRole,    // qint64
        BytesRole,    // qint64
        QuotaRole,    // qint64, -1 = none
        DisabledRole, // bool
        AdminRole,    // bool
        CreatedRole,  // QDateTime
    };

    struct User {
        QString id;
        QString username;
        QDateTime createdAt;
        bool admin = false;
        bool disabled = false;
        qint64 files = 0;
        qint64 bytes = 0;
        qint64 quotaBytes = -1;
    };

    explicit AdminUsersModel(ApiClient *client, QObject *parent = nullptr);
    ~AdminUsersModel() override;

    bool isLoading() const { return _loading; }
    bool isBusy() const { return _pendingActions > 0; }
    User user(int row) const { return _users.value(row); }
    int rowOfUsername(const QString &username) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    void reload();
    void createUser(const QString &username, const QString &password);
    void setDisabled(int row, bool disabled);
    void resetPassword(int row, const QString &newPassword);
    // ttlHours <= 0: the server's default lifetime.
    void createInvite(int ttlHours = 0);

Q_SIGNALS:
    void loadingChanged(bool loading);
    void loaded();
    void loadFailed(const nestbox::ApiError &error);
    // A translated sentence saying what was done ("Account “lea” created.").
    void actionFinished(const QString &message);
    void actionFailed(const nestbox::ApiError &error);
    void inviteCreated(const QString &code, const QDateTime &expiresAt);

private:
    void runAction(AbstractApiJob *job, const std::function<void(AbstractApiJob *)> &onSuccess);

    ApiClient *_client;
    QList<User> _users;
    bool _loading = false;
    int _pendingActions = 0;
    AbstractApiJob *_listJob = nullptr;
};

} // namespace nestbox
