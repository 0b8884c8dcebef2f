#include "service/AuthService.h"

#include "cache/RateLimiter.h"
#include "config/ServerConfig.h"
#include "nestbox/NameValidation.h"
#include "nestbox/Sha256.h"
#include "repository/UserRepository.h"
#include "service/Clock.h"
#include "service/Random.h"
#include "service/ServiceError.h"

#include <Poco/String.h>

#include <algorithm>
#include <cctype>

namespace nestbox::server {

namespace {

// Touching last_used_at on every request would turn each read into a write; a minute of
// slack on the idle limit is harmless.
constexpr std::int64_t kTouchEveryMs = 60 * 1000;

void checkPassword(const std::string& password)
{
    if (!isValidUtf8(password))
        throw ServiceError(ErrorCode::WeakPassword, "the password must be valid UTF-8");
    if (password.size() > kMaxPasswordBytes)
        throw ServiceError(ErrorCode::WeakPassword, "the password must be at most 1024 bytes");
    if (utf8Length(password) < kMinPasswordChars)
        throw ServiceError(ErrorCode::WeakPassword, "the password must have at least 8 characters");
}

} // namespace

AuthService::AuthService(UserRepository& users, RateLimiter& limiter, const ServerConfig& config)
    : _users(users)
    , _limiter(limiter)
    , _config(config)
    , _hasher(config.argon2MemoryKib, config.argon2Iterations)
{
}

UserRecord AuthService::signup(const std::string& username, const std::string& password, const std::string& invite)
{
    if (invite.empty() && !_config.signupOpen)
        throw ServiceError(ErrorCode::SignupClosed, "sign-up is closed on this server");
    if (invite.empty())
        return createUser(username, password, false, std::nullopt);
    return _users.createWithInvite(newUser(username, password, false, std::nullopt), inviteHash(invite), nowMs());
}

UserRecord AuthService::createUser(const std::string& username, const std::string& password, bool admin,
                                   std::optional<std::int64_t> quota)
{
    return _users.create(newUser(username, password, admin, quota));
}

UserRecord AuthService::newUser(const std::string& username, const std::string& password, bool admin,
                                std::optional<std::int64_t> quota)
{
    if (!isValidUsername(username))
        throw ServiceError(ErrorCode::InvalidUsername, "a username has 3 to 32 of A-Z a-z 0-9 _ . -");
    checkPassword(password);
    UserRecord user;
    user.id = randomHex(12);
    user.username = username;
    user.passwordHash = _hasher.hash(password);
    user.createdAt = nowMs();
    user.admin = admin;
    if (quota && *quota > 0)
        user.quotaBytes = quota;
    else if (_config.defaultQuotaBytes > 0)
        user.quotaBytes = _config.defaultQuotaBytes;
    return user;
}

LoginResult AuthService::login(const std::string& username, const std::string& password, const std::string& device,
                               const std::string& clientAddress)
{
    const std::string accountKey = "account:" + Poco::toLower(username);
    const std::string addressKey = "address:" + clientAddress;
    const std::int64_t wait = std::max(_limiter.blockedFor(accountKey, _config.loginMaxFailuresAccount),
                                       _limiter.blockedFor(addressKey, _config.loginMaxFailuresAddress));
    if (wait > 0) {
        ServiceError error(ErrorCode::TooManyAttempts, "too many failed sign-in attempts; try again later");
        error.retryAfter = wait;
        throw error;
    }
    const auto user = isValidUsername(username) ? _users.findByUsername(username) : std::nullopt;
    bool ok = false;
    if (user && password.size() <= kMaxPasswordBytes)
        ok = _hasher.verify(user->passwordHash, password);
    else
        _hasher.verifyDummy(password.substr(0, kMaxPasswordBytes));
    if (!ok || user->disabled) {
        _limiter.recordFailure(accountKey, _config.loginWindowSeconds);
        _limiter.recordFailure(addressKey, _config.loginWindowSeconds);
        throw ServiceError(ErrorCode::InvalidCredentials, "wrong username or password");
    }
    _limiter.reset(accountKey);

    const std::string token = randomHex(32);
    TokenRecord record;
    record.tokenHash = Sha256::hashHex(token);
    record.userId = user->id;
    record.device = device.substr(0, 200);
    record.createdAt = nowMs();
    record.lastUsedAt = record.createdAt;
    record.expiresAt = record.createdAt + _config.tokenAbsoluteSeconds * 1000;
    _users.insertToken(record);
    return LoginResult{token, std::min(record.expiresAt, record.createdAt + _config.tokenIdleSeconds * 1000), *user};
}

void AuthService::logout(const AuthContext& ctx)
{
    _users.deleteToken(ctx.tokenHash);
}

AuthContext AuthService::authenticate(const std::string& bearerToken)
{
    // A well-formed token is 64 hex digits; anything else is not looked up at all.
    if (bearerToken.size() != 64 || !std::all_of(bearerToken.begin(), bearerToken.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }))
        throw ServiceError(ErrorCode::Unauthorized, "sign in first");
    const std::string hash = Sha256::hashHex(bearerToken);
    const auto found = _users.findToken(hash);
    if (!found)
        throw ServiceError(ErrorCode::Unauthorized, "the session has ended; sign in again");
    const auto& [token, user] = *found;
    const std::int64_t at = nowMs();
    if (at >= token.expiresAt || at - token.lastUsedAt >= _config.tokenIdleSeconds * 1000) {
        _users.deleteToken(hash);
        throw ServiceError(ErrorCode::Unauthorized, "the session has expired; sign in again");
    }
    if (at - token.lastUsedAt >= std::min(kTouchEveryMs, _config.tokenIdleSeconds * 1000 / 4))
        _users.touchToken(hash, at);
    return AuthContext{user, hash};
}

void AuthService::changePassword(const AuthContext& ctx, const std::string& oldPassword,
                                 const std::string& newPassword)
{
    const auto user = _users.findById(ctx.user.id);
    if (!user || oldPassword.size() > kMaxPasswordBytes || !_hasher.verify(user->passwordHash, oldPassword))
        throw ServiceError(ErrorCode::WrongPassword, "the current password is wrong");
    checkPassword(newPassword);
    _users.setPasswordHash(user->id, _hasher.hash(newPassword));
    _users.deleteTokensOf(user->id, ctx.tokenHash);
}

void AuthService::setPassword(const std::string& username, const std::string& newPassword)
{
    const auto user = _users.findByUsername(username);
    if (!user)
        throw ServiceError(ErrorCode::NotFound, "no such user");
    checkPassword(newPassword);
    _users.setPasswordHash(user->id, _hasher.hash(newPassword));
    _users.deleteTokensOf(user->id, "");
}

void AuthService::disable(const std::string& username)
{
    const auto user = _users.findByUsername(username);
    if (!user)
        throw ServiceError(ErrorCode::NotFound, "no such user");
    _users.setDisabled(user->id, true);
}

void AuthService::setPasswordById(const std::string& userId, const std::string& newPassword)
{
    const auto user = _users.findById(userId);
    if (!user)
        throw ServiceError(ErrorCode::NotFound, "no such user");
    checkPassword(newPassword);
    _users.setPasswordHash(user->id, _hasher.hash(newPassword));
    _users.deleteTokensOf(user->id, "");
}

void AuthService::checkPasswordRules(const std::string& password)
{
    checkPassword(password);
}

std::string AuthService::inviteHash(const std::string& code)
{
    std::string canonical;
    for (char c : code)
        if (c != '-' && c != ' ')
            canonical += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Sha256::hashHex(canonical);
}

int AuthService::sweepExpiredTokens()
{
    return _users.deleteExpiredTokens(nowMs(), _config.tokenIdleSeconds * 1000);
}

} // namespace nestbox::server
