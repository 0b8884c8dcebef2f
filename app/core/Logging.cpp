#include "Logging.h"

Q_LOGGING_CATEGORY(lcApp, "nestbox.app")
Q_LOGGING_CATEGORY(lcNet, "nestbox.net")
