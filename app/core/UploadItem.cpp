#include "UploadItem.h"

#include <QCoreApplication>

namespace nestbox {

QString uploadStateName(UploadState state)
{
    switch (state) {
    case UploadState::Queued: return QStringLiteral("queued");
    case UploadState::Hashing: return QStringLiteral("hashing");
    case UploadState::Uploading: return QStringLiteral("uploading");
    case UploadState::Paused: return QStringLiteral("paused");
    case UploadState::Done: return QStringLiteral("done");
    case UploadState::Instant: return QStringLiteral("instant");
    case UploadState::Failed: return QStringLiteral("failed");
    case UploadState::Canceled: return QStringLiteral("canceled");
    }
    return QStringLiteral("queued");
}

UploadState uploadStateFromName(const QString &name)
{
    for (UploadState s : {UploadState::Queued, UploadState::Hashing, UploadState::Uploading, UploadState::Paused,
                          UploadState::Done, UploadState::Instant, UploadState::Failed, UploadState::Canceled}) {
        if (uploadStateName(s) == name)
            return s;
    }
    return UploadState::Queued;
}

QString uploadStateDisplayName(UploadState state)
{
    switch (state) {
    case UploadState::Queued: return QCoreApplication::translate("nestbox::UploadState", "Waiting");
    case UploadState::Hashing: return QCoreApplication::translate("nestbox::UploadState", "Checking");
    case UploadState::Uploading: return QCoreApplication::translate("nestbox::UploadState", "Uploading");
    case UploadState::Paused: return QCoreApplication::translate("nestbox::UploadState", "Paused");
    case UploadState::Done: return QCoreApplication::translate("nestbox::UploadState", "Uploaded");
    case UploadState::Instant: return QCoreApplication::translate("nestbox::UploadState", "Already on the server");
    case UploadState::Failed: return QCoreApplication::translate("nestbox::UploadState", "Failed");
    case UploadState::Canceled: return QCoreApplication::translate("nestbox::UploadState", "Canceled");
    }
    return {};
}

} // namespace nestbox
