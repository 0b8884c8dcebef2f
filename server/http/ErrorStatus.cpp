#include "http/ErrorStatus.h"

namespace nestbox::server {

int httpStatusFor(ErrorCode code) noexcept
{
    switch (code) {
    case ErrorCode::BadRequest:
    case ErrorCode::InvalidJson:
    case ErrorCode::InvalidParameter:
    case ErrorCode::InvalidCursor:
    case ErrorCode::InvalidUsername:
    case ErrorCode::WeakPassword:
    case ErrorCode::InvalidName:
    case ErrorCode::InvalidSize:
    case ErrorCode::InvalidSha256:
    case ErrorCode::BadChunkIndex:
    case ErrorCode::ChunkSizeMismatch:
    case ErrorCode::CannotDisableSelf:
        return 400;
    case ErrorCode::Unauthorized:
    case ErrorCode::InvalidCredentials:
        return 401;
    case ErrorCode::WrongPassword:
    case ErrorCode::SignupClosed:
    case ErrorCode::AccountDisabled:
    case ErrorCode::Forbidden:
    case ErrorCode::InvalidInvite:
        return 403;
    case ErrorCode::NotFound:
    case ErrorCode::NoThumbnail:
        return 404;
    case ErrorCode::MethodNotAllowed:
        return 405;
    case ErrorCode::UsernameTaken:
    case ErrorCode::UploadComplete:
    case ErrorCode::MissingChunks:
    case ErrorCode::UploadBusy:
        return 409;
    case ErrorCode::UploadExpired:
        return 410;
    case ErrorCode::LengthRequired:
        return 411;
    case ErrorCode::FileTooLarge:
    case ErrorCode::PayloadTooLarge:
        return 413;
    case ErrorCode::UriTooLong:
        return 414;
    case ErrorCode::RangeNotSatisfiable:
        return 416;
    case ErrorCode::ChecksumMismatch:
    case ErrorCode::ChunkChecksumMismatch:
    case ErrorCode::ProofMismatch:
        return 422;
    case ErrorCode::TooManyAttempts:
        return 429;
    case ErrorCode::Internal:
        return 500;
    case ErrorCode::Unavailable:
        return 503;
    case ErrorCode::QuotaExceeded:
        return 507;
    }
    return 500;
}

} // namespace nestbox::server
