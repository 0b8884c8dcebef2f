#include "service/AdminService.h"

#include "repository/UserRepository.h"
#include "service/Clock.h"
#include "service/Random.h"
#include "service/ServiceError.h"

namespace nestbox::server {

namespace {

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// 16 symbols (80 random bits) as XXXX-XXXX-XXXX-XXXX.
std::string newInviteCode()
{
    const std::string bytes = randomBytes(16);
    std::string code;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i > 0 && i % 4 == 0)
            code += '-';
        code += kAlphabet[static_cast<unsigned char>(bytes[i]) % 32]; // 256 is a multiple of 32: no bias
    }
    return code;
}

} // namespace

AdminService::AdminService(UserRepository& users, AuthService& auth)
    : _users(users)
    , _auth(auth)
{
}

void AdminService::requireAdmin(const AuthContext& caller)
{
    if (!caller.user.admin)
        throw ServiceError(ErrorCode::Forbidden, "only an administrator may do this");
}

UserWithUsage AdminService::withUsage(const UserRecord& user)
{
    return UserWithUsage{user, _users.usage(user.id)};
}

std::vector<UserWithUsage> AdminService::listUsers(const AuthContext& caller)
{
    requireAdmin(caller);
    return _users.listWithUsage();
}

UserRecord AdminService::createUser(const AuthContext& caller, const std::string& username, const std::string& password)
{
    requireAdmin(caller);
    return _auth.createUser(username, password, false, std::nullopt);
}

UserWithUsage AdminService::setDisabled(const AuthContext& caller, const std::string& userId, bool disabled)
{
    requireAdmin(caller);
    auto user = _users.findById(userId);
    if (!user)
        throw ServiceError(ErrorCode::NotFound, "no such user");
    if (disabled && user->id == caller.user.id)
        throw ServiceError(ErrorCode::CannotDisableSelf, "an administrator cannot disable their own account");
    _users.setDisabled(user->id, disabled);
    user->disabled = disabled;
    return withUsage(*user);
}

void AdminService::resetPassword(const AuthContext& caller, const std::string& userId, const std::string& newPassword)
{
    requireAdmin(caller);
    _auth.setPasswordById(userId, newPassword);
}

AdminService::Invite AdminService::createInvite(const AuthContext& caller, std::int64_t ttlHours)
{
    requireAdmin(caller);
    if (ttlHours < 1 || ttlHours > kMaxInviteHours)
        throw ServiceError(ErrorCode::InvalidParameter, "ttl_hours must be 1 to 720");
    Invite invite;
    invite.code = newInviteCode();
    InviteRecord record;
    record.codeHash = AuthService::inviteHash(invite.code);
    record.createdBy = caller.user.id;
    record.createdAt = nowMs();
    record.expiresAt = record.createdAt + ttlHours * 3600 * 1000;
    _users.insertInvite(record);
    invite.expiresAt = record.expiresAt;
    return invite;
}

} // namespace nestbox::server
