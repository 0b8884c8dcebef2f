#include "ThumbnailLogging.h"

Q_LOGGING_CATEGORY(lcThumbs, "nestbox.thumbnails")
Q_LOGGING_CATEGORY(lcTimeline, "nestbox.timeline")
