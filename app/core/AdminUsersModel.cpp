#include "AdminUsersModel.h"

#include "AdminJob.h"
#include "ApiClient.h"
#include "Logging.h"

#include <QJsonObject>
#include <QLocale>

#include <functional>

namespace nestbox {

AdminUsersModel::AdminUsersModel(ApiClient *client, QObject *parent)
    : QAbstractTableModel(parent)
    , _client(client)
{
}

AdminUsersModel::~AdminUsersModel()
{
    if (_listJob)
        _listJob->abort();
}

int AdminUsersModel::rowOfUsername(const QString &username) const
{
    for (int i = 0; i < _users.size(); ++i)
        if (_users.at(i).username.compare(username, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

int AdminUsersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(_users.size());
}

int AdminUsersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AdminUsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case UsernameColumn:
        return tr("User");
    case FilesColumn:
        return tr("Files");
    case StorageColumn:
        return tr("Storage used");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

QVariant AdminUsersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const User &u = _users.at(index.row());
    switch (role) {
    case IdRole:
        return u.id;
    case UsernameRole:
        return u.username;
    case FilesRole:
        return u.files;
    case BytesRole:
        return u.bytes;
    case QuotaRole:
        return u.quotaBytes;
    case DisabledRole:
        return u.disabled;
    case AdminRole:
        return u.admin;
    case CreatedRole:
        return u.createdAt;
    case Qt::DisplayRole:
        switch (index.column()) {
        case UsernameColumn:
            return u.admin ? tr("%1 (admin)").arg(u.username) : u.username;
        case FilesColumn:
            return QLocale().toString(u.files);
        case StorageColumn:
            if (u.quotaBytes >= 0)
                return tr("%1 of %2").arg(QLocale().formattedDataSize(u.bytes), QLocale().formattedDataSize(u.quotaBytes));
            return QLocale().formattedDataSize(u.bytes);
        case StateColumn:
            return u.disabled ? tr("Disabled") : tr("Active");
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (index.column() == FilesColumn || index.column() == StorageColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        return tr("Account created %1").arg(QLocale().toString(u.createdAt.toLocalTime(), QLocale::ShortFormat));
    default:
        return {};
    }
}

void AdminUsersModel::reload()
{
    if (_listJob)
        _listJob->abort();
    auto *job = AdminJob::listUsers(_client, this);
    _listJob = job;
    _loading = true;
    Q_EMIT loadingChanged(true);
    connect(job, &AbstractApiJob::finished, this, [this, job] {
        _listJob = nullptr;
        _loading = false;
        Q_EMIT loadingChanged(false);
        if (!job->succeeded()) {
            qCInfo(lcApi) << "admin: listing users failed:" << job->error().toString();
            Q_EMIT loadFailed(job->error());
            return;
        }
        QList<User> users;
        const QJsonArray items = job->items();
        for (const QJsonValue &v : items) {
            const QJsonObject o = v.toObject();
            User u;
            u.id = o.value(QLatin1String("id")).toVariant().toString();
            u.username = o.value(QLatin1String("username")).toString();
            u.createdAt = QDateTime::fromString(o.value(QLatin1String("created_at")).toString(), Qt::ISODateWithMs);
            u.admin = o.value(QLatin1String("is_admin")).toBool(o.value(QLatin1String("admin")).toBool());
            u.disabled = o.value(QLatin1String("disabled")).toBool();
            const QJsonObject usage = o.value(QLatin1String("usage")).toObject();
            u.files = qint64(usage.value(QLatin1String("files")).toDouble());
            u.bytes = qint64(usage.value(QLatin1String("bytes")).toDouble());
            const QJsonValue quota = usage.value(QLatin1String("quota_bytes"));
            u.quotaBytes = quota.isDouble() ? qint64(quota.toDouble()) : -1;
            if (!u.id.isEmpty())
                users.append(u);
        }
        beginResetModel();
        _users = users;
        endResetModel();
        Q_EMIT loaded();
    });
    job->start();
}

void AdminUsersModel::runAction(AbstractApiJob *job, const std::function<void(AbstractApiJob *)> &onSuccess)
{
    ++_pendingActions;
    connect(job, &AbstractApiJob::finished, this, [this, job, onSuccess] {
        --_pendingActions;
        if (!job->succeeded()) {
            qCInfo(lcApi) << "admin action failed:" << job->error().toString();
            Q_EMIT actionFailed(job->error());
            return;
        }
        onSuccess(job);
    });
    job->start();
}

void AdminUsersModel::createUser(const QString &username, const QString &password)
{
    runAction(AdminJob::createUser(_client, username, password, this), [this, username](AbstractApiJob *) {
        Q_EMIT actionFinished(tr("Account “%1” created.").arg(username));
        reload();
    });
}

void AdminUsersModel::setDisabled(int row, bool disabled)
{
    if (row < 0 || row >= _users.size())
        return;
    const User u = _users.at(row);
    runAction(AdminJob::setDisabled(_client, u.id, disabled, this), [this, u, disabled](AbstractApiJob *) {
        Q_EMIT actionFinished(disabled ? tr("Account “%1” disabled: it cannot sign in or upload.").arg(u.username)
                                       : tr("Account “%1” enabled again.").arg(u.username));
        reload();
    });
}

void AdminUsersModel::resetPassword(int row, const QString &newPassword)
{
    if (row < 0 || row >= _users.size())
        return;
    const User u = _users.at(row);
    runAction(AdminJob::resetPassword(_client, u.id, newPassword, this), [this, u](AbstractApiJob *) {
        Q_EMIT actionFinished(tr("The password of “%1” was changed.").arg(u.username));
    });
}

void AdminUsersModel::createInvite(int ttlHours)
{
    runAction(AdminJob::createInvite(_client, ttlHours, this), [this](AbstractApiJob *job) {
        auto *admin = static_cast<AdminJob *>(job);
        const QDateTime expires = QDateTime::fromString(admin->inviteExpiresAt(), Qt::ISODateWithMs);
        Q_EMIT inviteCreated(admin->inviteCode(), expires);
        Q_EMIT actionFinished(tr("Invitation code created."));
    });
}

} // namespace nestbox
