#pragma once

#include "repository/Records.h"
#include "service/PasswordHasher.h"

#include <optional>
#include <string>

namespace nestbox::server {

struct ServerConfig;
class RateLimiter;
class UserRepository;

// The caller of an authenticated request.
struct AuthContext {
    UserRecord user;
    std::string tokenHash;
};

struct LoginResult {
    std::string token;
    std::int64_t expiresAt = 0;
    UserRecord user;
};

// Accounts, passwords and tokens. Tokens are 256-bit random, only their SHA-256 is stored;
// they die after an idle time, at an absolute limit, on logout and on password change.
// Thread-safe.
class AuthService {
public:
    AuthService(UserRepository& users, RateLimiter& limiter, const ServerConfig& config);

    // `invite` (may be empty): an invitation code that lets the sign-up through even while
    // sign-up is closed, used up by it; ServiceError(InvalidInvite) when unknown, used or expired.
    UserRecord signup(const std::string& username, const std::string& password, const std::string& invite = {});
    // Also used by `nestboxd user add`; `quota` 0 = the configured default.
    UserRecord createUser(const std::string& username, const std::string& password, bool admin,
                          std::optional<std::int64_t> quota);
    LoginResult login(const std::string& username, const std::string& password, const std::string& device,
                      const std::string& clientAddress);
    void logout(const AuthContext& ctx);
    // ServiceError(Unauthorized) for a missing, unknown, expired or revoked token.
    AuthContext authenticate(const std::string& bearerToken);
    void changePassword(const AuthContext& ctx, const std::string& oldPassword, const std::string& newPassword);
    // Operator actions (CLI): every token of the user dies.
    void setPassword(const std::string& username, const std::string& newPassword);
    void disable(const std::string& username);
    // The same by account id (the administrator's API); ServiceError(NotFound) for no such id.
    void setPasswordById(const std::string& userId, const std::string& newPassword);
    // Checks a password against the rules (ServiceError(WeakPassword)).
    static void checkPasswordRules(const std::string& password);
    // The stored form of an invitation code: SHA-256 hex of the code without dashes or spaces,
    // upper-cased.
    static std::string inviteHash(const std::string& code);
    int sweepExpiredTokens();

private:
    // A validated, hashed account not stored yet.
    UserRecord newUser(const std::string& username, const std::string& password, bool admin,
                       std::optional<std::int64_t> quota);

    UserRepository& _users;
    RateLimiter& _limiter;
    const ServerConfig& _config;
    PasswordHasher _hasher;
};

} // namespace nestbox::server
