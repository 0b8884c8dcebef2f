#include "AccountStore.h"

#include <QSettings>

namespace nestbox {

namespace {
const QString kGroup = QStringLiteral("accounts");
} // namespace

AccountStore::AccountStore(QSettings *settings, QObject *parent)
    : QObject(parent)
    , _settings(settings ? settings : new QSettings())
    , _ownsSettings(settings == nullptr)
{
}

AccountStore::~AccountStore()
{
    if (_ownsSettings)
        delete _settings;
}

QList<Account> AccountStore::accounts() const
{
    QList<Account> out;
    const int n = _settings->beginReadArray(kGroup);
    for (int i = 0; i < n; ++i) {
        _settings->setArrayIndex(i);
        Account a;
        a.serverUrl = _settings->value(QStringLiteral("server")).toUrl();
        a.username = _settings->value(QStringLiteral("username")).toString();
        a.lastUsed = _settings->value(QStringLiteral("lastUsed")).toDateTime();
        if (a.isValid())
            out.append(a);
    }
    _settings->endArray();
    std::stable_sort(out.begin(), out.end(),
                     [](const Account &a, const Account &b) { return a.lastUsed > b.lastUsed; });
    return out;
}

std::optional<Account> AccountStore::lastUsed() const
{
    const QList<Account> all = accounts();
    if (all.isEmpty())
        return std::nullopt;
    return all.first();
}

void AccountStore::remember(const Account &account)
{
    if (!account.isValid())
        return;
    QList<Account> all = accounts();
    all.removeIf([&account](const Account &a) { return a.sameAs(account); });
    Account copy = account;
    copy.lastUsed = QDateTime::currentDateTimeUtc();
    all.prepend(copy);
    save(all);
}

void AccountStore::forget(const Account &account)
{
    QList<Account> all = accounts();
    all.removeIf([&account](const Account &a) { return a.sameAs(account); });
    save(all);
}

void AccountStore::save(const QList<Account> &accounts)
{
    _settings->remove(kGroup);
    _settings->beginWriteArray(kGroup, int(accounts.size()));
    for (int i = 0; i < accounts.size(); ++i) {
        _settings->setArrayIndex(i);
        _settings->setValue(QStringLiteral("server"), accounts.at(i).serverUrl);
        _settings->setValue(QStringLiteral("username"), accounts.at(i).username);
        _settings->setValue(QStringLiteral("lastUsed"), accounts.at(i).lastUsed);
    }
    _settings->endArray();
    _settings->sync();
    Q_EMIT accountsChanged();
}

} // namespace nestbox
