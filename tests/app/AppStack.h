#pragma once

#include "../../app/core/ApiClient.h"
#include "AccountStore.h"
#include "Session.h"
#include "TokenStore.h"

#include <QSettings>
#include <QString>

// What the app keeps for signing in, over one directory, as the app wires it: its settings
// (dir/app.ini), the account list, a file token store (dir/tokens), an API client and the session
// on top. A second AppStack over the same directory is the app started again.
class AppStack
{
public:
    explicit AppStack(const QString &dir);

    QSettings settings;
    nestbox::AccountStore accounts;
    nestbox::TokenStore tokens;
    nestbox::ApiClient client;
    nestbox::Session session;
};
