#include "UiLogging.h"

Q_LOGGING_CATEGORY(lcUi, "nestbox.ui")
Q_LOGGING_CATEGORY(lcAutomation, "nestbox.automation")
