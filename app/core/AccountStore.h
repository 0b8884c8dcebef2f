#pragma once

#include "Account.h"

#include <QList>
#include <QObject>

#include <optional>

class QSettings;

namespace nestbox {

// The servers and accounts this computer has signed in to, kept in QSettings (group "accounts"),
// last used first. Holds no secrets. GUI thread.
class AccountStore : public QObject {
    Q_OBJECT

public:
    // `settings` null = the application's QSettings().
    explicit AccountStore(QSettings *settings = nullptr, QObject *parent = nullptr);
    ~AccountStore() override;

    QList<Account> accounts() const;
    std::optional<Account> lastUsed() const;
    // Adds or moves to the front, with lastUsed = now.
    void remember(const Account &account);
    void forget(const Account &account);

Q_SIGNALS:
    void accountsChanged();

private:
    void save(const QList<Account> &accounts);

    QSettings *_settings;
    bool _ownsSettings;
};

} // namespace nestbox
