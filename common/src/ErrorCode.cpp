#include "nestbox/ErrorCode.h"

#include <array>
#include <utility>

namespace nestbox {

namespace {

using Entry = std::pair<ErrorCode, std::string_view>;

constexpr std::array kNames{
    Entry{ErrorCode::BadRequest, "bad_request"},
    Entry{ErrorCode::InvalidJson, "invalid_json"},
    Entry{ErrorCode::InvalidParameter, "invalid_parameter"},
    Entry{ErrorCode::InvalidCursor, "invalid_cursor"},
    Entry{ErrorCode::InvalidUsername, "invalid_username"},
    Entry{ErrorCode::WeakPassword, "weak_password"},
    Entry{ErrorCode::InvalidName, "invalid_name"},
    Entry{ErrorCode::InvalidSize, "invalid_size"},
    Entry{ErrorCode::InvalidSha256, "invalid_sha256"},
    Entry{ErrorCode::BadChunkIndex, "bad_chunk_index"},
    Entry{ErrorCode::ChunkSizeMismatch, "chunk_size_mismatch"},
    Entry{ErrorCode::Unauthorized, "unauthorized"},
    Entry{ErrorCode::InvalidCredentials, "invalid_credentials"},
    Entry{ErrorCode::WrongPassword, "wrong_password"},
    Entry{ErrorCode::SignupClosed, "signup_closed"},
    Entry{ErrorCode::AccountDisabled, "account_disabled"},
    Entry{ErrorCode::NotFound, "not_found"},
    Entry{ErrorCode::NoThumbnail, "no_thumbnail"},
    Entry{ErrorCode::MethodNotAllowed, "method_not_allowed"},
    Entry{ErrorCode::UsernameTaken, "username_taken"},
    Entry{ErrorCode::UploadComplete, "upload_complete"},
    Entry{ErrorCode::MissingChunks, "missing_chunks"},
    Entry{ErrorCode::UploadBusy, "upload_busy"},
    Entry{ErrorCode::UploadExpired, "upload_expired"},
    Entry{ErrorCode::LengthRequired, "length_required"},
    Entry{ErrorCode::FileTooLarge, "file_too_large"},
    Entry{ErrorCode::PayloadTooLarge, "payload_too_large"},
    Entry{ErrorCode::UriTooLong, "uri_too_long"},
    Entry{ErrorCode::RangeNotSatisfiable, "range_not_satisfiable"},
    Entry{ErrorCode::ChecksumMismatch, "checksum_mismatch"},
    Entry{ErrorCode::ChunkChecksumMismatch, "chunk_checksum_mismatch"},
    Entry{ErrorCode::ProofMismatch, "proof_mismatch"},
    Entry{ErrorCode::TooManyAttempts, "too_many_attempts"},
    Entry{ErrorCode::Internal, "internal"},
    Entry{ErrorCode::Unavailable, "unavailable"},
    Entry{ErrorCode::QuotaExceeded, "quota_exceeded"},
    Entry{ErrorCode::Forbidden, "forbidden"},
    Entry{ErrorCode::CannotDisableSelf, "cannot_disable_self"},
    Entry{ErrorCode::InvalidInvite, "invalid_invite"},
};

} // namespace

std::string_view errorCodeName(ErrorCode code) noexcept
{
    for (const auto& [c, name] : kNames)
        if (c == code)
            return name;
    return "internal";
}

std::optional<ErrorCode> errorCodeFromName(std::string_view name) noexcept
{
    for (const auto& [c, n] : kNames)
        if (n == name)
            return c;
    return std::nullopt;
}

} // namespace nestbox
