#pragma once

#include <optional>
#include <string_view>

namespace nestbox {

// Every error the API can answer with. The server maps a code to exactly one HTTP status
// (server/http/ErrorStatus.cpp); clients map the snake_case name back with errorCodeFromName().
enum class ErrorCode {
    BadRequest,            // 400 bad_request: malformed request not covered below
    InvalidJson,           // 400 invalid_json: body is not UTF-8 JSON of the expected shape
    InvalidParameter,      // 400 invalid_parameter: bad query parameter (limit, sort, order, kind, size)
    InvalidCursor,         // 400 invalid_cursor
    InvalidUsername,       // 400 invalid_username
    WeakPassword,          // 400 weak_password
    InvalidName,           // 400 invalid_name
    InvalidSize,           // 400 invalid_size: size missing, negative, non-integer or above 2^63-1
    InvalidSha256,         // 400 invalid_sha256: not 64 lower-case hex digits
    BadChunkIndex,         // 400 bad_chunk_index
    ChunkSizeMismatch,     // 400 chunk_size_mismatch
    Unauthorized,          // 401 unauthorized
    InvalidCredentials,    // 401 invalid_credentials
    WrongPassword,         // 403 wrong_password: old password wrong on a password change
    SignupClosed,          // 403 signup_closed
    AccountDisabled,       // 403 account_disabled (never at login: that answers invalid_credentials)
    NotFound,              // 404 not_found
    NoThumbnail,           // 404 no_thumbnail: not an image, or it could not be decoded
    MethodNotAllowed,      // 405 method_not_allowed
    UsernameTaken,         // 409 username_taken
    UploadComplete,        // 409 upload_complete
    MissingChunks,         // 409 missing_chunks (+ "missing": [indices])
    UploadBusy,            // 409 upload_busy: another request holds this upload's lock too long
    UploadExpired,         // 410 upload_expired
    LengthRequired,        // 411 length_required
    FileTooLarge,          // 413 file_too_large
    PayloadTooLarge,       // 413 payload_too_large: JSON body above 1 MiB
    UriTooLong,            // 414 uri_too_long
    RangeNotSatisfiable,   // 416 range_not_satisfiable
    ChecksumMismatch,      // 422 checksum_mismatch
    ChunkChecksumMismatch, // 422 chunk_checksum_mismatch
    ProofMismatch,         // 422 proof_mismatch
    TooManyAttempts,       // 429 too_many_attempts (+ "retry_after" seconds, Retry-After header)
    Internal,              // 500 internal
    Unavailable,           // 503 unavailable: database, Redis or storage not answering
    QuotaExceeded,         // 507 quota_exceeded
    Forbidden,             // 403 forbidden: an administrator's route called by another user
    CannotDisableSelf,     // 400 cannot_disable_self: an administrator disabling their own account
    InvalidInvite,         // 403 invalid_invite: unknown, used or expired invitation code
};

// The snake_case name used on the wire, e.g. "missing_chunks".
std::string_view errorCodeName(ErrorCode code) noexcept;

// The code for a wire name; nullopt for names this build does not know.
std::optional<ErrorCode> errorCodeFromName(std::string_view name) noexcept;

} // namespace nestbox
