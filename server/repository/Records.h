#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nestbox::server {

// Rows of the metadata database as plain values. Times are Unix milliseconds (UTC).

struct UserRecord {
    std::string id;
    std::string username;
    std::string passwordHash;
    std::int64_t createdAt = 0;
    bool disabled = false;
    bool admin = false;
    std::optional<std::int64_t> quotaBytes;
};

struct TokenRecord {
    std::string tokenHash;
    std::string userId;
    std::string device;
    std::int64_t createdAt = 0;
    std::int64_t lastUsedAt = 0;
    std::int64_t expiresAt = 0; // the absolute limit
};

struct FileRecord {
    std::string id;
    std::string userId;
    std::string name;
    std::int64_t size = 0;
    std::string sha256;
    std::string mime;
    std::string kind; // image | video | other
    std::int64_t uploadedAt = 0;
    std::int64_t takenAt = 0;
    std::optional<std::int64_t> width;
    std::optional<std::int64_t> height;
    std::string thumbnail = "none";
};

struct UploadRecord {
    std::string id;
    std::string userId;
    std::string name;
    std::int64_t size = 0;
    std::string sha256;
    std::int64_t chunkSize = 0;
    std::int64_t chunkCount = 0;
    std::optional<std::int64_t> modifiedAt;
    std::string state; // receiving | proof_required | complete
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
    std::int64_t expiresAt = 0;
    std::optional<std::string> fileId;
    std::string challengeNonce;  // base64, for proof_required
    std::string challengeRanges; // "offset:length,offset:length"
    std::vector<std::int64_t> received;
    std::int64_t bytesReceived = 0;
};

struct Usage {
    std::int64_t files = 0;
    std::int64_t bytes = 0;
};

// An account as the administrator's list shows it.
struct UserWithUsage {
    UserRecord user;
    Usage usage;
};

// An invitation: only the SHA-256 (hex) of its code is kept.
struct InviteRecord {
    std::string codeHash;
    std::string createdBy;
    std::int64_t createdAt = 0;
    std::int64_t expiresAt = 0;
};

enum class FileSort { Taken, Uploaded, Name };

// One page request of a user's library; the cursor is the last row of the previous page.
struct FileQuery {
    std::string userId;
    FileSort sort = FileSort::Taken;
    bool ascending = false;
    std::string search; // substring of the name, empty = all
    std::string kind;   // image | video | other, empty = all
    int limit = 100;
    std::optional<std::string> afterKey; // sort value of the last row (number as text, or name)
    std::optional<std::string> afterId;
};

} // namespace nestbox::server
