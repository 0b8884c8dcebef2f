#pragma once

#include <QLoggingCategory>

// Logging categories of the browsing side of app/core (kept apart from Logging.h, which the
// engine owns): thumbnails and the timeline model.
Q_DECLARE_LOGGING_CATEGORY(lcThumbs)
Q_DECLARE_LOGGING_CATEGORY(lcTimeline)
