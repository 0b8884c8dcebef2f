#pragma once

#include <QLoggingCategory>

// Logging categories of the windows (app/ui): the UI itself and the automation hooks.
Q_DECLARE_LOGGING_CATEGORY(lcUi)
Q_DECLARE_LOGGING_CATEGORY(lcAutomation)
