#pragma once

#include "repository/Records.h"

#include <optional>
#include <string>
#include <vector>

namespace nestbox::server {

class Database;

// Accounts and their login tokens. Thread-safe (each call takes its own pooled session).
class UserRepository {
public:
    explicit UserRepository(Database& db)
        : _db(db)
    {
    }

    // Inserts; ServiceError(UsernameTaken) when the name (case-insensitive) exists. The first
    // account ever created becomes the administrator.
    UserRecord create(UserRecord user);
    // The same, in one transaction with using up the invitation `inviteHash` at `now`:
    // ServiceError(InvalidInvite) when it is unknown, used or expired; nothing is used up when
    // the account cannot be made.
    UserRecord createWithInvite(UserRecord user, const std::string& inviteHash, std::int64_t now);
    std::optional<UserRecord> findByUsername(const std::string& username);
    std::optional<UserRecord> findById(const std::string& id);
    std::vector<UserRecord> list();
    void setPasswordHash(const std::string& userId, const std::string& hash);
    void setDisabled(const std::string& userId, bool disabled);
    Usage usage(const std::string& userId);
    // Every account with its usage counters, by username.
    std::vector<UserWithUsage> listWithUsage();
    void insertInvite(const InviteRecord& invite);

    void insertToken(const TokenRecord& token);
    // The token and its user, only while the user is not disabled.
    std::optional<std::pair<TokenRecord, UserRecord>> findToken(const std::string& tokenHash);
    void touchToken(const std::string& tokenHash, std::int64_t now);
    void deleteToken(const std::string& tokenHash);
    // Deletes every token of the user except `keepHash` (empty = all).
    void deleteTokensOf(const std::string& userId, const std::string& keepHash);
    int deleteExpiredTokens(std::int64_t now, std::int64_t idleMs);

private:
    Database& _db;
};

} // namespace nestbox::server
