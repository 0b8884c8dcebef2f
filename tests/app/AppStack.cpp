#include "AppStack.h"

AppStack::AppStack(const QString &dir)
    : settings(dir + QStringLiteral("/app.ini"), QSettings::IniFormat)
    , accounts(&settings)
    , tokens(nestbox::TokenStore::Backend::File, dir + QStringLiteral("/tokens"))
    , session(&client, &tokens, &accounts)
{
}
