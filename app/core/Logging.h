#pragma once

#include <QLoggingCategory>

// Logging categories of the desktop app, one per subsystem, so a user can turn on just one
// (QT_LOGGING_RULES="nestbox.net.debug=true") when reporting a problem.
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcNet)
Q_DECLARE_LOGGING_CATEGORY(lcApi)
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
Q_DECLARE_LOGGING_CATEGORY(lcUpload)
Q_DECLARE_LOGGING_CATEGORY(lcQueue)
Q_DECLARE_LOGGING_CATEGORY(lcDownload)
