#include "Account.h"

#include <QCoreApplication>

namespace nestbox {

QString Account::key() const
{
    QString where = serverUrl.host();
    if (serverUrl.port() > 0)
        where += QLatin1Char(':') + QString::number(serverUrl.port());
    where += serverUrl.path();
    return username + QLatin1Char('@') + where;
}

QString Account::displayName() const
{
    QString where = serverUrl.host();
    if (serverUrl.port() > 0)
        where += QLatin1Char(':') + QString::number(serverUrl.port());
    return QCoreApplication::translate("nestbox::Account", "%1 on %2").arg(username, where);
}

} // namespace nestbox
