#include "repository/UserRepository.h"

#include "db/Database.h"
#include "repository/RowReader.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/String.h>

using namespace Poco::Data::Keywords;

namespace nestbox::server {

namespace {

const char* kUserColumns = "id, username, password_hash, created_at, disabled, is_admin, quota_bytes";

UserRecord readUser(const Poco::Data::RecordSet& rs, std::size_t row, std::size_t first = 0)
{
    UserRecord u;
    u.id = text(rs, first + 0, row);
    u.username = text(rs, first + 1, row);
    u.passwordHash = text(rs, first + 2, row);
    u.createdAt = integer(rs, first + 3, row);
    u.disabled = integer(rs, first + 4, row) != 0;
    u.admin = integer(rs, first + 5, row) != 0;
    u.quotaBytes = optionalInteger(rs, first + 6, row);
    return u;
}

std::optional<UserRecord> findOne(Database& db, const std::string& where, const std::string& value)
{
    std::optional<UserRecord> found;
    db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << kUserColumns << " FROM users WHERE " << where << " = ?", bind(value);
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() > 0)
            found = readUser(rs, 0);
    });
    return found;
}

} // namespace

UserRecord UserRepository::create(UserRecord user)
{
    return createWithInvite(std::move(user), "", 0);
}

UserRecord UserRepository::createWithInvite(UserRecord user, const std::string& inviteHash, std::int64_t at)
{
    const std::string key = Poco::toLower(user.username);
    _db.write([&](Poco::Data::Session& s) {
        Poco::Int64 existing = 0;
        s << "SELECT COUNT(*) FROM users WHERE username_key = ?", bind(key), into(existing), now;
        if (existing > 0)
            throw ServiceError(ErrorCode::UsernameTaken, "that username is taken");
        if (!inviteHash.empty()) {
            // Used up only if unused and unexpired; a concurrent sign-up with the same code
            // finds it used (the row is locked until this transaction ends).
            Poco::Data::Statement consume(s);
            consume << "UPDATE invites SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL"
                   " AND expires_at > ?",
                bind(static_cast<Poco::Int64>(at)), bind(user.id), bind(inviteHash), bind(static_cast<Poco::Int64>(at));
            if (consume.execute() != 1)
                throw ServiceError(ErrorCode::InvalidInvite, "the invitation code is unknown, used or expired");
        }
        Poco::Int64 total = 0;
        s << "SELECT COUNT(*) FROM users", into(total), now;
        if (total == 0)
            user.admin = true;
        Poco::Nullable<Poco::Int64> quota;
        if (user.quotaBytes)
            quota = *user.quotaBytes;
        try {
            s << "INSERT INTO users (id, username, username_key, password_hash, created_at, disabled, is_admin, quota_bytes)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                bind(user.id), bind(user.username), bind(key), bind(user.passwordHash),
                bind(static_cast<Poco::Int64>(user.createdAt)), bind(user.disabled ? 1 : 0),
                bind(user.admin ? 1 : 0), bind(quota), now;
        } catch (const Poco::Exception& e) {
            if (isDuplicateKey(e))
                throw ServiceError(ErrorCode::UsernameTaken, "that username is taken");
            throw;
        }
    });
    return user;
}

std::optional<UserRecord> UserRepository::findByUsername(const std::string& username)
{
    return findOne(_db, "username_key", Poco::toLower(username));
}

std::optional<UserRecord> UserRepository::findById(const std::string& id)
{
    return findOne(_db, "id", id);
}

std::vector<UserRecord> UserRepository::list()
{
    std::vector<UserRecord> users;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << kUserColumns << " FROM users ORDER BY username_key";
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            users.push_back(readUser(rs, row));
    });
    return users;
}

void UserRepository::setPasswordHash(const std::string& userId, const std::string& hash)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "UPDATE users SET password_hash = ? WHERE id = ?", bind(hash), bind(userId), now;
    });
}

void UserRepository::setDisabled(const std::string& userId, bool disabled)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "UPDATE users SET disabled = ? WHERE id = ?", bind(disabled ? 1 : 0), bind(userId), now;
        if (disabled)
            s << "DELETE FROM tokens WHERE user_id = ?", bind(userId), now;
    });
}

Usage UserRepository::usage(const std::string& userId)
{
    Usage usage;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT file_count, used_bytes FROM users WHERE id = ?", bind(userId);
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() > 0) {
            usage.files = integer(rs, 0, 0);
            usage.bytes = integer(rs, 1, 0);
        }
    });
    return usage;
}

std::vector<UserWithUsage> UserRepository::listWithUsage()
{
    std::vector<UserWithUsage> users;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << kUserColumns << ", file_count, used_bytes FROM users ORDER BY username_key";
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row) {
            UserWithUsage u;
            u.user = readUser(rs, row);
            u.usage.files = integer(rs, 7, row);
            u.usage.bytes = integer(rs, 8, row);
            users.push_back(std::move(u));
        }
    });
    return users;
}

void UserRepository::insertInvite(const InviteRecord& invite)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "INSERT INTO invites (code_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?)",
            bind(invite.codeHash), bind(invite.createdBy), bind(static_cast<Poco::Int64>(invite.createdAt)),
            bind(static_cast<Poco::Int64>(invite.expiresAt)), now;
    });
}

void UserRepository::insertToken(const TokenRecord& t)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "INSERT INTO tokens (token_hash, user_id, device, created_at, last_used_at, expires_at)"
             " VALUES (?, ?, ?, ?, ?, ?)",
            bind(t.tokenHash), bind(t.userId), bind(t.device), bind(static_cast<Poco::Int64>(t.createdAt)),
            bind(static_cast<Poco::Int64>(t.lastUsedAt)), bind(static_cast<Poco::Int64>(t.expiresAt)), now;
    });
}

std::optional<std::pair<TokenRecord, UserRecord>> UserRepository::findToken(const std::string& tokenHash)
{
    std::optional<std::pair<TokenRecord, UserRecord>> found;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT t.token_hash, t.user_id, t.device, t.created_at, t.last_used_at, t.expires_at,"
              " u.id, u.username, u.password_hash, u.created_at, u.disabled, u.is_admin, u.quota_bytes"
              " FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.disabled = 0",
            bind(tokenHash);
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() == 0)
            return;
        TokenRecord t;
        t.tokenHash = text(rs, 0, 0);
        t.userId = text(rs, 1, 0);
        t.device = text(rs, 2, 0);
        t.createdAt = integer(rs, 3, 0);
        t.lastUsedAt = integer(rs, 4, 0);
        t.expiresAt = integer(rs, 5, 0);
        found = std::make_pair(t, readUser(rs, 0, 6));
    });
    return found;
}

void UserRepository::touchToken(const std::string& tokenHash, std::int64_t at)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "UPDATE tokens SET last_used_at = ? WHERE token_hash = ?", bind(static_cast<Poco::Int64>(at)),
            bind(tokenHash), now;
    });
}

void UserRepository::deleteToken(const std::string& tokenHash)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "DELETE FROM tokens WHERE token_hash = ?", bind(tokenHash), now;
    });
}

void UserRepository::deleteTokensOf(const std::string& userId, const std::string& keepHash)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "DELETE FROM tokens WHERE user_id = ? AND token_hash <> ?", bind(userId), bind(keepHash), now;
    });
}

int UserRepository::deleteExpiredTokens(std::int64_t at, std::int64_t idleMs)
{
    int removed = 0;
    _db.write([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "DELETE FROM tokens WHERE expires_at <= ? OR last_used_at <= ?", bind(static_cast<Poco::Int64>(at)),
            bind(static_cast<Poco::Int64>(at - idleMs));
        removed = static_cast<int>(st.execute());
    });
    return removed;
}

} // namespace nestbox::server
