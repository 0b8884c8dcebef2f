#include "Logging.h"

Q_LOGGING_CATEGORY(lcApp, "nestbox.app")
Q_LOGGING_CATEGORY(lcNet, "nestbox.net")
Q_LOGGING_CATEGORY(lcApi, "nestbox.api")
Q_LOGGING_CATEGORY(lcAuth, "nestbox.auth")
Q_LOGGING_CATEGORY(lcUpload, "nestbox.upload")
Q_LOGGING_CATEGORY(lcQueue, "nestbox.queue")
Q_LOGGING_CATEGORY(lcDownload, "nestbox.download")
